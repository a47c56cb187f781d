/**
 * The Mann–Kendall test for a monotone trend, pooled over several series (one per
 * replication): S = Σ_{i<j} sign(x_j − x_i) summed over the series, its variance the sum of
 * n(n−1)(2n+5)/18 per series (less the usual correction for ties), and z with the continuity
 * correction. It needs no model of the series' distribution, only their order, which suits
 * queue lengths (skewed, with long runs of zeros).
 */

export interface Trend {
  /** Kendall's S over every series, and its variance under "no trend". */
  s: number;
  variance: number;
  /** Standard normal score; positive for an upward trend. */
  z: number;
}

/** Variance of S for one series of n values with the given tie-group sizes. */
function varianceOf(n: number, ties: number[]): number {
  const term = (k: number) => k * (k - 1) * (2 * k + 5);
  return (term(n) - ties.reduce((sum, t) => sum + term(t), 0)) / 18;
}

export function mannKendall(series: readonly (readonly number[])[]): Trend {
  let s = 0;
  let variance = 0;
  for (const x of series) {
    const n = x.length;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += Math.sign((x[j] as number) - (x[i] as number));
    const groups = new Map<number, number>();
    for (const v of x) groups.set(v, (groups.get(v) ?? 0) + 1);
    variance += varianceOf(n, [...groups.values()].filter((t) => t > 1));
  }
  const z = variance > 0 ? (s - Math.sign(s)) / Math.sqrt(variance) : 0;
  return { s, variance, z };
}
