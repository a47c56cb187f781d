/** Lognormal distribution, by `mean` and coefficient of variation `cv`, or by `mu` and `sigma` of log X. */
import { standardNormal, type Distribution } from '../distribution.js';
import type { Rng } from '../streams.js';
import { jStat } from '../jstat.js';

export interface LognormalSpec { dist: 'lognormal'; mu: number; sigma: number }

export class Lognormal implements Distribution {
  readonly family = 'lognormal';
  readonly mean: number;
  readonly variance: number;
  constructor(private readonly spec: LognormalSpec) {
    const s2 = spec.sigma * spec.sigma;
    this.mean = Math.exp(spec.mu + s2 / 2);
    this.variance = Math.expm1(s2) * Math.exp(2 * spec.mu + s2);
  }
  sample(rng: Rng): number {
    return Math.exp(this.spec.mu + this.spec.sigma * standardNormal(rng));
  }
  fill(rng: Rng, out: Float64Array): void {
    for (let i = 0; i < out.length; i++) out[i] = this.sample(rng);
  }
  cdf(x: number): number {
    return x <= 0 ? 0 : jStat.lognormal.cdf(x, this.spec.mu, this.spec.sigma);
  }
}
