/** One-sample Kolmogorov–Smirnov statistic and its asymptotic critical values. */

/** D_n = sup |F_n(x) − F(x)| for the sample against the CDF. */
export function ksStatistic(sample: readonly number[], cdf: (x: number) => number): number {
  const sorted = [...sample].sort((a, b) => a - b);
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i] as number);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/** Critical value of D_n at significance 0.001 (asymptotic: 1.949 / √n). */
export function ksCritical(n: number): number {
  return 1.949 / Math.sqrt(n);
}
