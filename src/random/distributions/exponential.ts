/** Exponential distribution, by `mean` or by `rate` (events per second). */
import { openUniform, standardExponential, type Distribution } from '../distribution.js';
import { exponentialFromBits, standardExponentialZiggurat } from '../ziggurat.js';
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
    return this.mean * standardExponential(rng);
  }
  fill(rng: Rng, out: Float64Array): void {
    const mean = this.mean;
    // The method chosen once per block, not per draw: this loop is the M/M/c hot path.
    const int32 = rng.int32;
    if (rng.inversion === true) for (let i = 0; i < out.length; i++) out[i] = -mean * Math.log(openUniform(rng));
    else if (int32 !== undefined) for (let i = 0; i < out.length; i++) out[i] = mean * exponentialFromBits(int32() >>> 0, rng);
    else for (let i = 0; i < out.length; i++) out[i] = mean * standardExponentialZiggurat(rng);
  }
  cdf(x: number): number {
    return x <= 0 ? 0 : 1 - Math.exp(-x / this.mean);
  }
}
