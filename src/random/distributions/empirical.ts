/**
 * Empirical distribution from observed `samples`: resampling (the ECDF) by default, or
 * linear interpolation between order statistics with `interpolate: true`.
 */
import type { Distribution } from '../distribution.js';
import type { Rng } from '../streams.js';

export interface EmpiricalSpec { dist: 'empirical'; samples: number[]; interpolate: boolean }

export class Empirical implements Distribution {
  readonly family = 'empirical';
  readonly mean: number;
  readonly variance: number;
  private readonly sorted: Float64Array;
  constructor(private readonly spec: EmpiricalSpec) {
    this.sorted = Float64Array.from(spec.samples).sort();
    const n = this.sorted.length;
    if (spec.interpolate) {
      // Piecewise-uniform between consecutive order statistics, each segment weight 1/(n−1).
      let m1 = 0;
      let m2 = 0;
      for (let i = 0; i + 1 < n; i++) {
        const a = this.sorted[i] as number;
        const b = this.sorted[i + 1] as number;
        m1 += (a + b) / 2;
        m2 += (a * a + a * b + b * b) / 3;
      }
      this.mean = m1 / (n - 1);
      this.variance = m2 / (n - 1) - this.mean ** 2;
    } else {
      this.mean = this.sorted.reduce((a, b) => a + b, 0) / n;
      this.variance = this.sorted.reduce((s, x) => s + (x - this.mean) ** 2, 0) / n;
    }
  }
  sample(rng: Rng): number {
    const n = this.sorted.length;
    if (!this.spec.interpolate) return this.sorted[Math.floor(rng() * n)] as number;
    const position = rng() * (n - 1);
    const i = Math.floor(position);
    const a = this.sorted[i] as number;
    const b = this.sorted[Math.min(i + 1, n - 1)] as number;
    return a + (position - i) * (b - a);
  }
  fill(rng: Rng, out: Float64Array): void {
    for (let i = 0; i < out.length; i++) out[i] = this.sample(rng);
  }
  cdf(x: number): number {
    const s = this.sorted;
    const n = s.length;
    // Count of samples ≤ x by binary search.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((s[mid] as number) <= x) lo = mid + 1;
      else hi = mid;
    }
    if (!this.spec.interpolate) return lo / n;
    if (lo === 0) return 0;
    if (lo === n) return 1;
    const a = s[lo - 1] as number;
    const b = s[lo] as number;
    return (lo - 1 + (b > a ? (x - a) / (b - a) : 0)) / (n - 1);
  }
}
