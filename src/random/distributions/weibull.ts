/** Weibull distribution by shape k and `scale` (or `mean`, from which the scale is derived). */
import { standardExponential, type Distribution } from '../distribution.js';
import type { Rng } from '../streams.js';
import { jStat } from '../jstat.js';

export interface WeibullSpec { dist: 'weibull'; shape: number; scale: number }

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
    // X = scale · E^(1/k) with E standard exponential (by inversion, scale · (−log(1 − u))^(1/k)).
    return this.spec.scale * Math.pow(standardExponential(rng), this.inverseShape);
  }
  fill(rng: Rng, out: Float64Array): void {
    for (let i = 0; i < out.length; i++) out[i] = this.sample(rng);
  }
  cdf(x: number): number {
    return x <= 0 ? 0 : 1 - Math.exp(-Math.pow(x / this.spec.scale, this.spec.shape));
  }
}
