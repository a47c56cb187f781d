/**
 * Comparisons of scenarios with a baseline, on the replications both have. Under common
 * random numbers replication r of two scenarios saw the same arrivals and demands, so the
 * paired differences d_r = x_r − baseline_r vary far less than either scenario does: the
 * paired-t interval is much narrower than an unpaired (Welch) one. p-values are adjusted for
 * the number of comparisons in one report by Holm's step-down method.
 */
import { jStat } from '../random/index.js';
import type { RunResult } from '../core/records.js';
import { confidenceInterval } from './confidence.js';

export type Verdict = 'better' | 'worse' | 'no significant difference';

/** One scenario against its baseline on one metric. */
export interface Comparison {
  scenarioIndex: number;
  baselineIndex: number;
  metric: string;
  /** Replications present in both. */
  pairs: number;
  /** Mean of x − baseline, with its paired-t interval. */
  meanDifference: number;
  low: number;
  high: number;
  halfWidth: number;
  /** The baseline's mean over the pairs, and meanDifference relative to it. */
  baselineMean: number;
  relativeChange: number;
  /** Two-sided paired-t p-value, and after Holm's adjustment across the report. */
  pValue: number;
  pAdjusted: number;
  /** Half-width of the unpaired Welch interval of the same difference, for contrast. */
  welchHalfWidth: number;
  verdict: Verdict;
}

/** Whether smaller values of a metric are better (waits, latencies, queues, time below threshold) or larger. */
export function lowerIsBetter(metric: string): boolean {
  return !/utilisation|completed|arrived|^quality\.(mean|deployed)$/.test(metric);
}

/** Values of `metric` by replication for one scenario's successful runs. */
export function valuesByReplication(runs: readonly RunResult[], scenarioIndex: number, metric: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const r of runs) {
    if (r.scenarioIndex !== scenarioIndex || r.status !== 'ok') continue;
    const v = r.metrics[metric];
    if (v !== undefined && Number.isFinite(v)) out.set(r.replication, v);
  }
  return out;
}

/** Two-sided p-value of a t statistic with `df` degrees of freedom. */
function twoSidedP(t: number, df: number): number {
  if (!Number.isFinite(t)) return t === t ? 0 : NaN;
  return 2 * (1 - jStat.studentt.cdf(Math.abs(t), df));
}

/** Half-width of the Welch interval for the difference of two independent means. */
export function welchHalfWidth(a: readonly number[], b: readonly number[], level: number): number {
  const ia = confidenceInterval(a, level);
  const ib = confidenceInterval(b, level);
  const va = ia.sd ** 2 / ia.n;
  const vb = ib.sd ** 2 / ib.n;
  const df = (va + vb) ** 2 / (va ** 2 / (ia.n - 1) + vb ** 2 / (ib.n - 1));
  if (!(df > 0)) return va + vb === 0 ? 0 : NaN;
  return jStat.studentt.inv((1 + level) / 2, df) * Math.sqrt(va + vb);
}

/** Paired comparison of scenario `s` with `baseline` on `metric` (p not yet adjusted). */
export function comparePaired(runs: readonly RunResult[], s: number, baseline: number, metric: string, level: number): Comparison {
  const x = valuesByReplication(runs, s, metric);
  const y = valuesByReplication(runs, baseline, metric);
  const reps = [...x.keys()].filter((r) => y.has(r)).sort((a, b) => a - b);
  const xs = reps.map((r) => x.get(r) as number);
  const ys = reps.map((r) => y.get(r) as number);
  const diff = confidenceInterval(reps.map((_, i) => (xs[i] as number) - (ys[i] as number)), level);
  const baseMean = ys.reduce((a, b) => a + b, 0) / ys.length;
  const se = diff.sd / Math.sqrt(diff.n);
  // Identical pairs (sd 0): no difference at all, or a constant one.
  const t = se > 0 ? diff.mean / se : diff.mean === 0 ? 0 : Math.sign(diff.mean) * Infinity;
  const pValue = diff.n >= 2 ? twoSidedP(t, diff.n - 1) : NaN;
  return {
    scenarioIndex: s, baselineIndex: baseline, metric, pairs: diff.n,
    meanDifference: diff.mean, low: diff.low, high: diff.high, halfWidth: diff.halfWidth,
    baselineMean: baseMean,
    relativeChange: baseMean !== 0 ? diff.mean / baseMean : NaN,
    pValue, pAdjusted: pValue, welchHalfWidth: welchHalfWidth(xs, ys, level),
    verdict: 'no significant difference',
  };
}

/** Holm's step-down adjustment, in place order preserved; NaN p-values stay NaN. */
export function holm(pValues: readonly number[]): number[] {
  const order = pValues.map((p, i) => [p, i] as const).filter(([p]) => Number.isFinite(p)).sort((a, b) => a[0] - b[0]);
  const m = order.length;
  const adjusted = pValues.map(() => NaN);
  let running = 0;
  order.forEach(([p, i], k) => {
    running = Math.max(running, Math.min(1, (m - k) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

/** Adjusts the p-values of `comparisons` together (Holm) and sets each verdict at `level`. */
export function judge(comparisons: Comparison[], level: number): Comparison[] {
  const adjusted = holm(comparisons.map((c) => c.pValue));
  return comparisons.map((c, i) => {
    const pAdjusted = adjusted[i] as number;
    const significant = pAdjusted < 1 - level;
    const improves = lowerIsBetter(c.metric) ? c.meanDifference < 0 : c.meanDifference > 0;
    return { ...c, pAdjusted, verdict: !significant ? 'no significant difference' : improves ? 'better' : 'worse' };
  });
}

/** One entry of a ranking by a metric. */
export interface RankEntry {
  scenarioIndex: number;
  mean: number;
  /** True for the best, and for those whose paired difference to it is not significant (Holm). */
  tiedWithBest: boolean;
  /** Holm-adjusted p-value against the best (NaN for the best itself). */
  pAdjusted: number;
}

/** Ranks scenarios by their mean of `metric` (best first) and marks those indistinguishable from the best. */
export function rank(runs: readonly RunResult[], scenarios: readonly number[], metric: string, level: number): RankEntry[] {
  const means = scenarios.map((s) => {
    const values = [...valuesByReplication(runs, s, metric).values()];
    return { s, mean: values.reduce((a, b) => a + b, 0) / values.length };
  }).filter((e) => Number.isFinite(e.mean));
  const sign = lowerIsBetter(metric) ? 1 : -1;
  means.sort((a, b) => sign * (a.mean - b.mean) || a.s - b.s);
  const best = means[0];
  if (!best) return [];
  const others = judge(means.slice(1).map((e) => comparePaired(runs, e.s, best.s, metric, level)), level);
  return [
    { scenarioIndex: best.s, mean: best.mean, tiedWithBest: true, pAdjusted: NaN },
    ...others.map((c, i) => ({ scenarioIndex: c.scenarioIndex, mean: (means[i + 1] as { mean: number }).mean, tiedWithBest: c.verdict === 'no significant difference', pAdjusted: c.pAdjusted })),
  ];
}
