/**
 * Normal distribution truncated to [min, max]; `mean` and `sd` are those of the parent normal.
 * Sampled by inverse transform, so it is exact however little mass the interval holds.
 */
import type { Distribution } from '../distribution.js';
import type { Rng } from '../streams.js';
import { jStat } from '../jstat.js';
import { normalQuantile } from '../normal-quantile.js';

const LARGEST_BELOW_ONE = 1 - 2 ** -53;

export interface TruncNormalSpec { dist: 'trunc-normal'; mean: number; sd: number; min: number; max: number }

export class TruncNormal implements Distribution {
  readonly family = 'trunc-normal';
  readonly mean: number;
  readonly variance: number;
  private readonly lowerP: number;
  private readonly massP: number;
  constructor(private readonly spec: TruncNormalSpec) {
    const { mean, sd, min, max } = spec;
    const alpha = (min - mean) / sd;
    const beta = (max - mean) / sd;
    const pdf = (z: number) => (Number.isFinite(z) ? Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) : 0);
    const zMass = jStat.normal.cdf(beta, 0, 1) - jStat.normal.cdf(alpha, 0, 1);
    const a = pdf(alpha);
    const b = pdf(beta);
    const aTerm = Number.isFinite(alpha) ? alpha * a : 0;
    const bTerm = Number.isFinite(beta) ? beta * b : 0;
    this.mean = mean + (sd * (a - b)) / zMass;
    this.variance = sd * sd * (1 + (aTerm - bTerm) / zMass - ((a - b) / zMass) ** 2);
    this.lowerP = jStat.normal.cdf(min, mean, sd);
    this.massP = jStat.normal.cdf(max, mean, sd) - this.lowerP;
  }
  sample(rng: Rng): number {
    const p = this.lowerP + rng() * this.massP;
    // A draw of 0 with no lower bound, or rounding to 1 deep in the upper tail, would make the
    // quantile infinite; the nearest probabilities inside (0, 1) keep every draw finite.
    const x = this.spec.mean + this.spec.sd * normalQuantile(p > 0 ? (p < 1 ? p : LARGEST_BELOW_ONE) : Number.MIN_VALUE);
    return Math.min(this.spec.max, Math.max(this.spec.min, x));
  }
  fill(rng: Rng, out: Float64Array): void {
    for (let i = 0; i < out.length; i++) out[i] = this.sample(rng);
  }
  cdf(x: number): number {
    if (x <= this.spec.min) return 0;
    if (x >= this.spec.max) return 1;
    return (jStat.normal.cdf(x, this.spec.mean, this.spec.sd) - this.lowerP) / this.massP;
  }
}
