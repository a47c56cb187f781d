/** Continuous uniform distribution on [min, max). */
import { z } from 'zod';
import { quantity, type Quantity } from '../../config/units.js';
import type { Distribution } from '../distribution.js';
import type { Rng } from '../streams.js';

export interface UniformSpec { dist: 'uniform'; min: number; max: number }

export const uniformSchema = (q: Quantity) =>
  z.strictObject({ dist: z.literal('uniform'), min: quantity(q), max: quantity(q) })
    .transform((v, ctx): UniformSpec => {
      if (!(v.max > v.min)) {
        ctx.addIssue({ code: 'custom', path: ['max'], message: `expected max > min (${v.min}), got ${v.max}` });
        return z.NEVER;
      }
      return { dist: 'uniform', min: v.min, max: v.max };
    });

export class Uniform implements Distribution {
  readonly family = 'uniform';
  readonly mean: number;
  readonly variance: number;
  constructor(private readonly spec: UniformSpec) {
    this.mean = (spec.min + spec.max) / 2;
    this.variance = (spec.max - spec.min) ** 2 / 12;
  }
  sample(rng: Rng): number {
    return this.spec.min + rng() * (this.spec.max - this.spec.min);
  }
  fill(rng: Rng, out: Float64Array): void {
    for (let i = 0; i < out.length; i++) out[i] = this.sample(rng);
  }
  cdf(x: number): number {
    return x <= this.spec.min ? 0 : x >= this.spec.max ? 1 : (x - this.spec.min) / (this.spec.max - this.spec.min);
  }
}
