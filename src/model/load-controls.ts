/**
 * Control variates of a run's offered load (stats/controls.ts uses them): sums of deviations of
 * drawn values from their expectations, each of expectation exactly 0 — whether a value is
 * drawn never depends on that value, so every sum is a martingale stopped at the horizon.
 *
 * - `assets`: Σ (asset size − mean) / mean over the synthetic pipelines' drawn asset sizes;
 * - `work.<pool>`: Σ units × (duration − expected duration of that task) over the synthetic
 *   tasks queued first to the pool, in unit-seconds (exact where durations are never clamped
 *   at 0: size-linear models with base and perGB ≥ 0).
 *
 * The arrivals' control is the interarrival block's (random/draw-block.ts).
 */
export class LoadControls {
  private assets = 0;
  private readonly work: Float64Array;

  constructor(private readonly poolNames: readonly string[], private readonly assetMean: number) {
    this.work = new Float64Array(poolNames.length);
  }

  /** A drawn asset size, before any clamping. */
  onAsset(drawn: number): void {
    this.assets += (drawn - this.assetMean) / this.assetMean;
  }

  onTask(pool: number, units: number, duration: number, expected: number): void {
    this.work[pool] = (this.work[pool] as number) + units * (duration - expected);
  }

  /** The sums so far, by control name. */
  values(): Record<string, number> {
    const out: Record<string, number> = { assets: this.assets };
    this.poolNames.forEach((name, i) => { out[`work.${name}`] = this.work[i] as number; });
    return out;
  }
}
