/** A constant: every draw is `value`. Consumes no random numbers. */
import type { Distribution } from '../distribution.js';
import type { Rng } from '../streams.js';

export interface ConstantSpec { dist: 'constant'; value: number }

export class Constant implements Distribution {
  readonly family = 'constant';
  readonly mean: number;
  readonly variance = 0;
  constructor(spec: ConstantSpec) {
    this.mean = spec.value;
  }
  sample(): number {
    return this.mean;
  }
  fill(_rng: Rng, out: Float64Array): void {
    out.fill(this.mean);
  }
  cdf(x: number): number {
    return x < this.mean ? 0 : 1;
  }
}
