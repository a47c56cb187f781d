/** Timing shared by the bench scripts. */

/** Events per wall-clock second of one measured run. */
export function eventsPerSecond(measure: () => { events: number }): number {
  const started = performance.now();
  const { events } = measure();
  return events / ((performance.now() - started) / 1000);
}
