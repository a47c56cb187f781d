/**
 * Control variates of a run's offered load (stats/controls.ts uses them): per pool, the work
 * (units × duration, unit-seconds) the synthetic arrivals offered it, minus its expectation
 * (model/offered-work.ts) times their number. Pipelines are independent draws of one law, and
 * whether one arrives never depends on what it brings, so each sum is a martingale stopped at
 * the horizon: its expectation is exactly 0 (Wald). Retraining and replayed pipelines are not
 * counted. The arrivals' own control is the interarrival block's (random/draw-block.ts).
 */
import { TaskField, type TaskTable } from './tables.js';

export class LoadControls {
  private readonly offered: Float64Array;
  private pipelines = 0;

  /** `expected[p]`: the expected work one synthetic pipeline offers pool p (NaN if unknown). */
  constructor(private readonly poolNames: readonly string[], private readonly expected: Float64Array) {
    this.offered = new Float64Array(poolNames.length);
  }

  /** A synthetic job (one task) arrived. */
  onJob(pool: number, work: number): void {
    this.pipelines++;
    this.offered[pool] = (this.offered[pool] as number) + work;
  }

  /** A synthetic pipeline arrived, its `nodes` tasks drawn in the table from slot `base`. */
  onPipeline(tasks: TaskTable, base: number, nodes: number): void {
    this.pipelines++;
    const tr = tasks.data;
    for (let node = 0; node < nodes; node++) {
      const tb = (base + node) * TaskField.Count;
      const pool = tr[tb + TaskField.Pool]! | 0;
      this.offered[pool] = (this.offered[pool] as number) + (tr[tb + TaskField.Units] as number) * (tr[tb + TaskField.DurationSeconds] as number);
    }
  }

  /** `work.<pool>` so far, for the pools synthetic pipelines can use and whose expectation is known. */
  values(): Record<string, number> {
    const out: Record<string, number> = {};
    this.poolNames.forEach((name, p) => {
      const expected = this.expected[p] as number;
      if (Number.isFinite(expected) && expected > 0) out[`work.${name}`] = (this.offered[p] as number) - this.pipelines * expected;
    });
    return out;
  }
}
