/**
 * Control variates of a run's offered load (stats/controls.ts uses them). Per pool:
 *
 * - `work.<pool>`: the work (units × duration, unit-seconds) the synthetic arrivals offered it,
 *   minus its expectation (model/offered-work.ts) times their number. Pipelines are independent
 *   draws of one law, and whether one arrives never depends on what it brings, so the sum is a
 *   martingale stopped at the horizon: its expectation is exactly 0 (Wald).
 * - `backlog.<pool>`: the excess work each arrival finds — the earlier pipelines' deviations from
 *   the expected work, each faded by e^(−age/fade) — summed over the arrivals. It is
 *   Σᵢ (Xᵢ − μ)·wᵢ with wᵢ = Σ_{j after i} e^(−(tⱼ − tᵢ)/fade), a function of the arrival times
 *   alone; Xᵢ is independent of every arrival time and of the other pipelines, so each term, and
 *   the sum, has expectation exactly 0. It follows what makes waits long (excess work that lands
 *   while others are arriving) where the plain sum sees only the total.
 * - `backlog`: the backlog control of the pool with the highest expected load, for the metrics of
 *   whole pipelines.
 *
 * Retraining and replayed pipelines are not counted. The arrivals' own control is the
 * interarrival block's (random/draw-block.ts).
 */
import { TaskField, type TaskTable } from './tables.js';

/** Per pool: the expected work of one synthetic pipeline and how fast its excess fades. */
export interface LoadExpectation {
  /** Expected unit-seconds one synthetic pipeline offers each pool (NaN if unknown). */
  work: Float64Array;
  /** Seconds over which a pool's excess work fades (e-folding time), each > 0. */
  fade: Float64Array;
  /** The pool with the highest expected load. */
  busiest: number;
}

export class LoadControls {
  private readonly offered: Float64Array;
  private readonly mine: Float64Array;
  /** Per pool, the faded excess work at `lastArrival`, and the sum of what each arrival found. */
  private readonly excess: Float64Array;
  private readonly backlog: Float64Array;
  private lastArrival = 0;
  private pipelines = 0;

  constructor(private readonly poolNames: readonly string[], private readonly expected: LoadExpectation, private readonly clock: { readonly now: number }) {
    const pools = poolNames.length;
    this.offered = new Float64Array(pools);
    this.mine = new Float64Array(pools);
    this.excess = new Float64Array(pools);
    this.backlog = new Float64Array(pools);
  }

  /** A synthetic job (one task) arrived. */
  onJob(pool: number, work: number): void {
    this.mine.fill(0);
    this.mine[pool] = work;
    this.arrived();
  }

  /** A synthetic pipeline arrived, its `nodes` tasks drawn in the table from slot `base`. */
  onPipeline(tasks: TaskTable, base: number, nodes: number): void {
    const tr = tasks.data;
    this.mine.fill(0);
    for (let node = 0; node < nodes; node++) {
      const tb = (base + node) * TaskField.Count;
      const pool = tr[tb + TaskField.Pool]! | 0;
      this.mine[pool] = (this.mine[pool] as number) + (tr[tb + TaskField.Units] as number) * (tr[tb + TaskField.DurationSeconds] as number);
    }
    this.arrived();
  }

  /** Counts the arrival whose work per pool is in `mine`: it finds the faded excess of those before it, then adds its own. */
  private arrived(): void {
    this.pipelines++;
    const now = this.clock.now;
    const age = now - this.lastArrival;
    this.lastArrival = now;
    for (let p = 0; p < this.mine.length; p++) {
      const work = this.mine[p] as number;
      this.offered[p] = (this.offered[p] as number) + work;
      const expected = this.expected.work[p] as number;
      if (!Number.isFinite(expected)) continue;
      const excess = (this.excess[p] as number) * Math.exp(-age / (this.expected.fade[p] as number));
      this.backlog[p] = (this.backlog[p] as number) + excess;
      this.excess[p] = excess + work - expected;
    }
  }

  /** `work.<pool>`, `backlog.<pool>` and `backlog` so far, for the pools synthetic pipelines can use and whose expectation is known. */
  values(): Record<string, number> {
    const out: Record<string, number> = {};
    this.poolNames.forEach((name, p) => {
      const expected = this.expected.work[p] as number;
      if (!(Number.isFinite(expected) && expected > 0)) return;
      out[`work.${name}`] = (this.offered[p] as number) - this.pipelines * expected;
      out[`backlog.${name}`] = this.backlog[p] as number;
      if (p === this.expected.busiest) out.backlog = this.backlog[p] as number;
    });
    return out;
  }
}
