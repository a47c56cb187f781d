/** Student-t confidence intervals across independent replications. */
import { jStat } from '../random/index.js';

/** Mean, sample standard deviation and a two-sided Student-t interval of a set of values. */
export interface Interval {
  /** Finite values used. */
  n: number;
  mean: number;
  sd: number;
  low: number;
  high: number;
  halfWidth: number;
}

/** The Student-t quantile t_{n−1, (1+level)/2}. */
export function tQuantile(level: number, n: number): number {
  return jStat.studentt.inv((1 + level) / 2, n - 1);
}

/** The median of `values` (NaN when there are none). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const half = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[half] as number) : ((sorted[half - 1] as number) + (sorted[half] as number)) / 2;
}

/**
 * The `level` confidence interval of the mean of `values` (non-finite values are left out and
 * not counted). With fewer than two values, sd and the interval are NaN.
 */
export function confidenceInterval(values: readonly number[], level: number): Interval {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (const x of values) {
    if (!Number.isFinite(x)) continue;
    n++;
    const delta = x - mean;
    mean += delta / n;
    m2 += delta * (x - mean);
  }
  if (n === 0) return { n, mean: NaN, sd: NaN, low: NaN, high: NaN, halfWidth: NaN };
  if (n === 1) return { n, mean, sd: NaN, low: NaN, high: NaN, halfWidth: NaN };
  const sd = Math.sqrt(m2 / (n - 1));
  const halfWidth = (tQuantile(level, n) * sd) / Math.sqrt(n);
  return { n, mean, sd, low: mean - halfWidth, high: mean + halfWidth, halfWidth };
}

/** Half-width relative to |mean|; Infinity when the mean is 0 or the interval undefined. */
export function relativeHalfWidth(interval: Interval): number {
  if (!Number.isFinite(interval.halfWidth)) return Infinity;
  if (interval.mean === 0) return interval.halfWidth === 0 ? 0 : Infinity;
  return interval.halfWidth / Math.abs(interval.mean);
}
