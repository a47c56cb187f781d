/**
 * DrawBlock: the draws of one distribution from a stream that nothing else reads, made a
 * block at a time. Drawing ahead from a stream of one's own changes no value and no order,
 * so a run's results are the same as drawing one at a time; the hot path reads a typed array
 * instead of calling `Distribution.sample`, a call V8 cannot inline once a process has seen
 * several families, and whose double result it boxes on the heap.
 */
import type { Distribution } from './distribution.js';
import type { Rng } from './streams.js';

/** Draws per block: large enough to amortise a refill, small next to a run's draws. */
const BLOCK = 256;

export class DrawBlock {
  private readonly values = new Float64Array(BLOCK);
  private next = BLOCK;
  /** Whether a block was drawn yet, and Σ (x − mean) over the blocks used up. */
  private started = false;
  private usedDeviation = 0;

  /** `rng` must be read by this block alone. */
  constructor(private readonly distribution: Distribution, private readonly rng: Rng) {}

  /** The next draw. */
  take(): number {
    if (this.next === BLOCK) this.refill();
    return this.values[this.next++] as number;
  }

  /**
   * Σ (x − mean) over the draws taken so far. Whether a draw is taken never depends on its own
   * value, so this is a martingale whose expectation at the end of a run is exactly 0: a
   * control variate (stats/controls.ts).
   */
  deviation(): number {
    if (!this.started) return 0;
    const mean = this.distribution.mean;
    let sum = this.usedDeviation;
    for (let i = 0; i < this.next; i++) sum += (this.values[i] as number) - mean;
    return sum;
  }

  private refill(): void {
    // The used-up block's sum, here once a block, so that `take` (the hot path) stays a load and an increment.
    if (this.started) {
      const mean = this.distribution.mean;
      for (let i = 0; i < BLOCK; i++) this.usedDeviation += (this.values[i] as number) - mean;
    }
    this.started = true;
    this.distribution.fill(this.rng, this.values);
    this.next = 0;
  }
}
