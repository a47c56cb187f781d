/** Categorical distribution over numeric `values` with `weights` (normalised; need not sum to 1). */
import type { Distribution } from '../distribution.js';
import type { Rng } from '../streams.js';

export interface CategoricalSpec { dist: 'categorical'; values: number[]; weights: number[] }

/** Draws an index with probability proportional to its weight; `cumulative` ends at 1. */
export function drawIndex(cumulative: Float64Array, u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (u < (cumulative[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Cumulative normalised weights, the last exactly 1. */
export function cumulativeWeights(weights: readonly number[]): Float64Array {
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w;
    cumulative[i] = sum / total;
  });
  cumulative[weights.length - 1] = 1;
  return cumulative;
}

export class Categorical implements Distribution {
  readonly family = 'categorical';
  readonly mean: number;
  readonly variance: number;
  private readonly cumulative: Float64Array;
  private readonly values: Float64Array;
  constructor(spec: CategoricalSpec) {
    this.values = Float64Array.from(spec.values);
    this.cumulative = cumulativeWeights(spec.weights);
    const total = spec.weights.reduce((a, b) => a + b, 0);
    this.mean = spec.values.reduce((s, x, i) => s + x * (spec.weights[i] as number), 0) / total;
    this.variance = spec.values.reduce((s, x, i) => s + (x - this.mean) ** 2 * (spec.weights[i] as number), 0) / total;
  }
  sample(rng: Rng): number {
    return this.values[drawIndex(this.cumulative, rng())] as number;
  }
  fill(rng: Rng, out: Float64Array): void {
    for (let i = 0; i < out.length; i++) out[i] = this.sample(rng);
  }
  cdf(x: number): number {
    let p = 0;
    let prev = 0;
    for (let i = 0; i < this.values.length; i++) {
      const c = this.cumulative[i] as number;
      if ((this.values[i] as number) <= x) p += c - prev;
      prev = c;
    }
    return p;
  }
}
