/** Lognormal distribution, by `mean` and coefficient of variation `cv`, or by `mu` and `sigma` of log X. */
import { z } from 'zod';
import { positive, positiveNumber, standardNormal, type Distribution } from '../distribution.js';
import type { Quantity } from '../../config/units.js';
import type { Rng } from '../streams.js';
import { jStat } from '../jstat.js';

export interface LognormalSpec { dist: 'lognormal'; mu: number; sigma: number }

export const lognormalSchema = (q: Quantity) =>
  z.strictObject({
    dist: z.literal('lognormal'),
    mean: positive(q).optional(), cv: positiveNumber.optional(),
    mu: z.number().optional(), sigma: positiveNumber.optional(),
  }).transform((v, ctx): LognormalSpec => {
    const byMoments = v.mean !== undefined && v.cv !== undefined && v.mu === undefined && v.sigma === undefined;
    const byLog = v.mu !== undefined && v.sigma !== undefined && v.mean === undefined && v.cv === undefined;
    if (!byMoments && !byLog) {
      ctx.addIssue({ code: 'custom', message: 'give either mean and cv, or mu and sigma' });
      return z.NEVER;
    }
    if (byLog) return { dist: 'lognormal', mu: v.mu as number, sigma: v.sigma as number };
    const sigma2 = Math.log(1 + (v.cv as number) ** 2);
    return { dist: 'lognormal', mu: Math.log(v.mean as number) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
  });

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
