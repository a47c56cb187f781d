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

  /** `rng` must be read by this block alone. */
  constructor(private readonly distribution: Distribution, private readonly rng: Rng) {}

  /** The next draw. */
  take(): number {
    if (this.next === BLOCK) this.refill();
    return this.values[this.next++] as number;
  }

  private refill(): void {
    this.distribution.fill(this.rng, this.values);
    this.next = 0;
  }
}
