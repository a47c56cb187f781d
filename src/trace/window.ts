/**
 * The window of a trace's steady arrivals, shared by the fit (which fits the workload from it)
 * and the replay's block bootstrap (which draws blocks from it).
 */

const DAY = 86400;

/** The part of a trace whose arrivals are steady, and what lies outside it. */
export interface ArrivalWindow {
  /** Index of the first and one past the last submission inside. */
  from: number;
  to: number;
  /** Rows before and after it. */
  before: number;
  after: number;
}

/**
 * The window of steady arrivals: from the first to the last day with at least a tenth of the
 * median submissions of the days that have any. Traces are often cut from longer logs, and a
 * lead-in of a few stray jobs (say, long jobs submitted before the log begins) would otherwise
 * count as weeks of near silence and cut the fitted arrival rate. The median is over days
 * with submissions, so one stray row 15 days before a 4-day trace is still left out.
 */
export function arrivalWindow(sortedSubmits: Float64Array): ArrivalWindow {
  const n = sortedSubmits.length;
  const firstDay = Math.floor((sortedSubmits[0] as number) / DAY);
  const days = Math.floor((sortedSubmits[n - 1] as number) / DAY) - firstDay + 1;
  const counts = new Array<number>(days).fill(0);
  for (const t of sortedSubmits) counts[Math.floor(t / DAY) - firstDay]!++;
  const active = counts.filter((c) => c > 0).sort((a, b) => a - b);
  const median = active[active.length >> 1] as number;
  const busy = (c: number) => c >= median / 10;
  const startDay = firstDay + counts.findIndex(busy);
  const endDay = firstDay + days - 1 - [...counts].reverse().findIndex(busy);
  let from = 0;
  while (from < n && (sortedSubmits[from] as number) < startDay * DAY) from++;
  let to = n;
  while (to > from && (sortedSubmits[to - 1] as number) >= (endDay + 1) * DAY) to--;
  return { from, to, before: from, after: n - to };
}
