/**
 * A mergeable log-bucket histogram for quantiles of positive values (in the manner of
 * DDSketch: Masson, Rim & Lee, VLDB 2019): bucket i holds values in (γ^(i−1), γ^i], so every
 * quantile is returned within a relative error of (γ − 1)/(γ + 1). Values ≤ `minValue`
 * (including exact zeros, common for waits) count in a zero bucket. Memory is fixed.
 */

const GAMMA = 1.02;
const LOG_GAMMA = Math.log(GAMMA);
/** Smallest value told apart from zero, and the largest one bucketed (larger ones clamp). */
const MIN_VALUE = 1e-6;
const MAX_VALUE = 1e12;
const MIN_INDEX = Math.ceil(Math.log(MIN_VALUE) / LOG_GAMMA);
const BUCKETS = Math.ceil(Math.log(MAX_VALUE) / LOG_GAMMA) - MIN_INDEX + 1;

/** Relative accuracy guaranteed for quantiles of values in [1e-6, 1e12]. */
export const HISTOGRAM_RELATIVE_ERROR = (GAMMA - 1) / (GAMMA + 1);

export class LogHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  private zeros = 0;
  /** Observations added. */
  count = 0;

  /** Adds one non-negative observation. */
  add(x: number): void {
    this.count++;
    if (x <= MIN_VALUE) {
      this.zeros++;
      return;
    }
    let i = Math.ceil(Math.log(x) / LOG_GAMMA) - MIN_INDEX;
    if (i >= BUCKETS) i = BUCKETS - 1;
    this.counts[i] = (this.counts[i] as number) + 1;
  }

  /** Adds every observation of `other`; equal to having added them here. */
  merge(other: LogHistogram): void {
    this.count += other.count;
    this.zeros += other.zeros;
    for (let i = 0; i < BUCKETS; i++) this.counts[i] = (this.counts[i] as number) + (other.counts[i] as number);
  }

  /** The q-quantile (0 ≤ q ≤ 1) by the lower-rank rule; NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(0, Math.ceil(q * this.count) - 1);
    if (rank < this.zeros) return 0;
    let seen = this.zeros;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i] as number;
      if (seen > rank) {
        // The midpoint (in relative terms) of bucket (γ^(k−1), γ^k].
        const k = i + MIN_INDEX;
        return (2 * Math.pow(GAMMA, k)) / (GAMMA + 1);
      }
    }
    return MAX_VALUE;
  }

  /** Non-empty buckets as [upper bound, count] pairs (the zero bucket first, as [0, n]). */
  buckets(): [number, number][] {
    const out: [number, number][] = [];
    if (this.zeros > 0) out.push([0, this.zeros]);
    for (let i = 0; i < BUCKETS; i++) {
      const c = this.counts[i] as number;
      if (c > 0) out.push([Math.pow(GAMMA, i + MIN_INDEX), c]);
    }
    return out;
  }
}
