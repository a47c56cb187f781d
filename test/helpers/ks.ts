/** One-sample Kolmogorov–Smirnov statistic and its asymptotic critical values. */
import { ksDistance } from '../../src/fit/families.js';

/** D_n = sup |F_n(x) − F(x)| for the sample against the CDF. */
export function ksStatistic(sample: readonly number[], cdf: (x: number) => number): number {
  return ksDistance(Float64Array.from(sample).sort(), cdf);
}

/** Critical value of D_n at significance 0.001 (asymptotic: 1.949 / √n). */
export function ksCritical(n: number): number {
  return 1.949 / Math.sqrt(n);
}
