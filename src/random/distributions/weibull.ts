/** Weibull distribution by shape k and `scale` (or `mean`, from which the scale is derived). */
import { z } from 'zod';
import { positive, positiveNumber, openUniform, type Distribution } from '../distribution.js';
import type { Quantity } from '../../config/units.js';
import type { Rng } from '../streams.js';
import { jStat } from '../jstat.js';

export interface WeibullSpec { dist: 'weibull'; shape: number; scale: number }

export const weibullSchema = (q: Quantity) =>
  z.strictObject({ dist: z.literal('weibull'), shape: positiveNumber, scale: positive(q).optional(), mean: positive(q).optional() })
    .transform((v, ctx): WeibullSpec => {
      if ((v.scale === undefined) === (v.mean === undefined)) {
        ctx.addIssue({ code: 'custom', message: 'give exactly one of scale or mean' });
        return z.NEVER;
      }
      const scale = v.scale ?? (v.mean as number) / jStat.gammafn(1 + 1 / v.shape);
      return { dist: 'weibull', shape: v.shape, scale };
    });

export class Weibull implements Distribution {
  readonly family = 'weibull';
  readonly mean: number;
  readonly variance: number;
  private readonly inverseShape: number;
  constructor(private readonly spec: WeibullSpec) {
    const g1 = jStat.gammafn(1 + 1 / spec.shape);
    const g2 = jStat.gammafn(1 + 2 / spec.shape);
    this.mean = spec.scale * g1;
    this.variance = spec.scale * spec.scale * (g2 - g1 * g1);
    this.inverseShape = 1 / spec.shape;
  }
  sample(rng: Rng): number {
    return this.spec.scale * Math.pow(-Math.log(openUniform(rng)), this.inverseShape);
  }
  fill(rng: Rng, out: Float64Array): void {
    for (let i = 0; i < out.length; i++) out[i] = this.sample(rng);
  }
  cdf(x: number): number {
    return x <= 0 ? 0 : 1 - Math.exp(-Math.pow(x / this.spec.scale, this.spec.shape));
  }
}
