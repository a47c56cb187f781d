/** Exponential distribution, by `mean` or by `rate` (events per second). */
import { openUniform, type Distribution } from '../distribution.js';
import type { Rng } from '../streams.js';

export interface ExponentialSpec { dist: 'exponential'; mean: number }

export class Exponential implements Distribution {
  readonly family = 'exponential';
  readonly mean: number;
  readonly variance: number;
  constructor(spec: ExponentialSpec) {
    this.mean = spec.mean;
    this.variance = spec.mean * spec.mean;
  }
  sample(rng: Rng): number {
    return -this.mean * Math.log(openUniform(rng));
  }
  fill(rng: Rng, out: Float64Array): void {
    const mean = this.mean;
    for (let i = 0; i < out.length; i++) out[i] = -mean * Math.log(openUniform(rng));
  }
  cdf(x: number): number {
    return x <= 0 ? 0 : 1 - Math.exp(-x / this.mean);
  }
}
