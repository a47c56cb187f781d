/** Continuous uniform distribution on [min, max). */
import type { Distribution } from '../distribution.js';
import type { Rng } from '../streams.js';

export interface UniformSpec { dist: 'uniform'; min: number; max: number }

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
