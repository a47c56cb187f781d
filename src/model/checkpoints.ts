/**
 * A fixed-size record of every pool's queue over the measured horizon, whatever the
 * time-series setting: the mean queue length in each of CHECKPOINTS equal segments. It is
 * what the saturation test reads (a queue that keeps growing). The run stops the kernel at
 * each boundary and marks it (platform.ts): a pending event for it would sit in the heap all
 * run long and make every event of an M/M/c run about 6% dearer.
 */
import type { LevelIntegrals } from '../stats/online.js';

export const CHECKPOINTS = 16;

export class QueueCheckpoints {
  /** Integral of each pool's queue length at each segment boundary, boundary-major. */
  private readonly marks: Float64Array;
  private taken = 0;
  private readonly segment: number;

  constructor(private readonly queued: LevelIntegrals, private readonly pools: number, private readonly from: number, private readonly to: number) {
    this.marks = new Float64Array((CHECKPOINTS + 1) * pools);
    this.segment = (to - from) / CHECKPOINTS;
  }

  /** The boundaries to mark, in order (the last, the horizon's end, is taken by `means`). */
  boundaries(): number[] {
    return this.segment > 0 ? Array.from({ length: CHECKPOINTS }, (_, k) => this.from + k * this.segment) : [];
  }

  /** The clock stands at the next boundary: records each pool's queue integral so far. */
  mark(now: number): void {
    for (let i = 0; i < this.pools; i++) this.marks[this.taken * this.pools + i] = this.queued.integral(i, now);
    this.taken++;
  }

  /** Per pool, the mean queue length in each segment (empty when the run did not reach them all). */
  means(): number[][] {
    if (this.segment <= 0 || this.taken < CHECKPOINTS) return Array.from({ length: this.pools }, () => []);
    return Array.from({ length: this.pools }, (_, i) => {
      const at = (k: number) => (k === CHECKPOINTS ? this.queued.integral(i, this.to) : (this.marks[k * this.pools + i] as number));
      return Array.from({ length: CHECKPOINTS }, (_, k) => (at(k + 1) - at(k)) / this.segment);
    });
  }
}
