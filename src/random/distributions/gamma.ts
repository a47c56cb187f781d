/** Gamma distribution, by `shape` and `scale`, or by `mean` and `cv`. */
import { standardNormal, openUniform, type Distribution } from '../distribution.js';
import type { Rng } from '../streams.js';
import { jStat } from '../jstat.js';

export interface GammaSpec { dist: 'gamma'; shape: number; scale: number }

export class Gamma implements Distribution {
  readonly family = 'gamma';
  readonly mean: number;
  readonly variance: number;
  private readonly d: number;
  private readonly c: number;
  constructor(private readonly spec: GammaSpec) {
    this.mean = spec.shape * spec.scale;
    this.variance = spec.shape * spec.scale * spec.scale;
    const alpha = spec.shape < 1 ? spec.shape + 1 : spec.shape;
    this.d = alpha - 1 / 3;
    this.c = 1 / Math.sqrt(9 * this.d);
  }
  /** Marsaglia & Tsang (2000), with the u^{1/shape} boost for shape < 1. */
  sample(rng: Rng): number {
    const { d, c } = this;
    let value: number;
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = standardNormal(rng);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = openUniform(rng);
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        value = d * v;
        break;
      }
    }
    if (this.spec.shape < 1) value *= Math.pow(openUniform(rng), 1 / this.spec.shape);
    return value * this.spec.scale;
  }
  fill(rng: Rng, out: Float64Array): void {
    for (let i = 0; i < out.length; i++) out[i] = this.sample(rng);
  }
  cdf(x: number): number {
    return x <= 0 ? 0 : jStat.gamma.cdf(x, this.spec.shape, this.spec.scale);
  }
}
