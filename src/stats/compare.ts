/**
 * Comparisons of scenarios with a baseline, on the replications both have. Under common
 * random numbers replication r of two scenarios saw the same arrivals and demands, so the
 * paired differences d_r = x_r − baseline_r vary far less than either scenario does: the
 * paired-t interval is much narrower than an unpaired (Welch) one. p-values are adjusted for
 * the number of comparisons in one report by Holm's step-down method.
 *
 * A verdict also needs the difference to matter: `minEffect` is the smallest relative change
 * worth acting on. Better or worse: significant after Holm, and a change of at least
 * minEffect. Equivalent: the relative change's whole interval lies within ±minEffect.
 * Inconclusive: anything else (the interval is too wide to tell either).
 */
import { jStat } from '../random/index.js';
import type { RunResult } from '../core/records.js';
import { confidenceInterval } from './confidence.js';
import { controlledInterval, isControlled, metricInterval, observationsOf, type Observation, type VarianceReduction } from './controls.js';

/** The arithmetic mean (as the plain comparisons have always computed it). */
const meanOf = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export type Verdict = 'better' | 'worse' | 'equivalent' | 'inconclusive';

/** The smallest relative change that matters, unless an experiment says otherwise. */
export const DEFAULT_MIN_EFFECT = 0.05;

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
  /** The baseline's mean over the pairs, and meanDifference relative to it, with its interval (delta method). */
  baselineMean: number;
  relativeChange: number;
  relativeLow: number;
  relativeHigh: number;
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

/**
 * Paired comparison of scenario `s` with `baseline` on `metric` (p not yet adjusted). With
 * variance reduction, pairs are antithetic pairs' averages and the differences are regressed
 * on both scenarios' controls (stats/controls.ts).
 */
export function comparePaired(runs: readonly RunResult[], s: number, baseline: number, metric: string, level: number, vr?: VarianceReduction): Comparison {
  const x = new Map(observationsOf(runs, s, metric, vr).map((o) => [o.unit, o]));
  const y = new Map(observationsOf(runs, baseline, metric, vr).map((o) => [o.unit, o]));
  const units = [...x.keys()].filter((u) => y.has(u)).sort((a, b) => a - b);
  const xo = units.map((u) => x.get(u) as Observation);
  const yo = units.map((u) => y.get(u) as Observation);
  const xs = xo.map((o) => o.value);
  const ys = yo.map((o) => o.value);
  const both = xo.map((o, i) => [...o.controls, ...(yo[i] as Observation).controls]);
  const diff = controlledInterval(xs.map((v, i) => v - (ys[i] as number)), both, level);
  const controlled = isControlled(metric, vr);
  const baseMean = controlled ? controlledInterval(ys, yo.map((o) => o.controls), level).mean : meanOf(ys);
  const relative = controlled
    ? controlledRelativeInterval(xs, ys, controlledInterval(xs, xo.map((o) => o.controls), level).mean, baseMean, both, level)
    : relativeInterval(xs, ys, level);
  const se = diff.sd / Math.sqrt(diff.n);
  // Identical pairs (sd 0): no difference at all, or a constant one.
  const t = se > 0 ? diff.mean / se : diff.mean === 0 ? 0 : Math.sign(diff.mean) * Infinity;
  const pValue = diff.n >= 2 && diff.df >= 1 ? twoSidedP(t, diff.df) : NaN;
  return {
    scenarioIndex: s, baselineIndex: baseline, metric, pairs: diff.n,
    meanDifference: diff.mean, low: diff.low, high: diff.high, halfWidth: diff.halfWidth,
    baselineMean: baseMean,
    relativeChange: baseMean !== 0 ? diff.mean / baseMean : NaN,
    relativeLow: relative.low, relativeHigh: relative.high,
    pValue, pAdjusted: pValue, welchHalfWidth: welchHalfWidth(xs, ys, level),
    verdict: 'inconclusive',
  };
}

/**
 * x̄/ȳ − 1 with controlled means: by the delta method, R's error is that of the mean of
 * x − R·y over ȳ, and the controlled interval of that mean gives its standard error.
 */
function controlledRelativeInterval(xs: readonly number[], ys: readonly number[], xMean: number, yMean: number, controls: readonly (readonly number[])[], level: number): { low: number; high: number } {
  if (xs.length < 2 || yMean === 0) return { low: NaN, high: NaN };
  const ratio = xMean / yMean;
  const residual = controlledInterval(xs.map((x, i) => x - ratio * (ys[i] as number)), controls, level);
  const half = residual.halfWidth / Math.abs(yMean);
  return { low: ratio - 1 - half, high: ratio - 1 + half };
}

/**
 * The interval of x̄/ȳ − 1 from paired samples by the delta method: with R = x̄/ȳ, the
 * residuals x − R·y have mean 0 and R's standard error is their sd / (√n·|ȳ|). Exact when
 * the pairs are identical (a width of 0); NaN when ȳ is 0 or there are fewer than two pairs.
 */
export function relativeInterval(xs: readonly number[], ys: readonly number[], level: number): { low: number; high: number } {
  const n = xs.length;
  const xMean = xs.reduce((a, b) => a + b, 0) / n;
  const yMean = ys.reduce((a, b) => a + b, 0) / n;
  if (n < 2 || yMean === 0) return { low: NaN, high: NaN };
  const ratio = xMean / yMean;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((xs[i] as number) - ratio * (ys[i] as number)) ** 2;
  const se = Math.sqrt(ss / (n - 1) / n) / Math.abs(yMean);
  const half = jStat.studentt.inv((1 + level) / 2, n - 1) * se;
  return { low: ratio - 1 - half, high: ratio - 1 + half };
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

/** The verdict on one comparison whose p-value is already adjusted (see the file's header). */
export function verdictOf(c: Comparison, level: number, minEffect: number): Verdict {
  if (c.pairs >= 2 && c.meanDifference === 0 && c.halfWidth === 0) return 'equivalent';
  if (c.relativeLow >= -minEffect && c.relativeHigh <= minEffect) return 'equivalent';
  const significant = c.pAdjusted < 1 - level;
  // Without a relative change (a baseline mean of 0), significance alone decides.
  const matters = Number.isFinite(c.relativeChange) ? Math.abs(c.relativeChange) >= minEffect : true;
  if (!significant || !matters) return 'inconclusive';
  const improves = lowerIsBetter(c.metric) ? c.meanDifference < 0 : c.meanDifference > 0;
  return improves ? 'better' : 'worse';
}

/** Adjusts the p-values of `comparisons` together (Holm) and sets each verdict at `level` and `minEffect`. */
export function judge(comparisons: Comparison[], level: number, minEffect = DEFAULT_MIN_EFFECT): Comparison[] {
  const adjusted = holm(comparisons.map((c) => c.pValue));
  return comparisons.map((c, i) => {
    const judged = { ...c, pAdjusted: adjusted[i] as number };
    return { ...judged, verdict: verdictOf(judged, level, minEffect) };
  });
}

/** One entry of a ranking by a metric. */
export interface RankEntry {
  scenarioIndex: number;
  mean: number;
  /** Against the best ('best' for the best itself): only 'worse' sets an entry apart from it. */
  vsBest: 'best' | Verdict;
  /** Relative change from the best, with its interval (NaN for the best itself). */
  relativeChange: number;
  relativeLow: number;
  relativeHigh: number;
  /** Holm-adjusted p-value against the best (NaN for the best itself). */
  pAdjusted: number;
}

/** Ranks scenarios by their mean of `metric` (best first), each judged against the best. */
export function rank(runs: readonly RunResult[], scenarios: readonly number[], metric: string, level: number, minEffect = DEFAULT_MIN_EFFECT, vr?: VarianceReduction): RankEntry[] {
  const means = scenarios.map((s) => ({
    // Summed in replication order: records come in finishing order, and a sum's last bits depend on its order.
    s, mean: vr?.controlVariates || vr?.antithetic ? metricInterval(runs, s, metric, level, vr).mean : meanOf([...valuesByReplication(runs, s, metric)].sort((a, b) => a[0] - b[0]).map(([, v]) => v)),
  })).filter((e) => Number.isFinite(e.mean));
  const sign = lowerIsBetter(metric) ? 1 : -1;
  means.sort((a, b) => sign * (a.mean - b.mean) || a.s - b.s);
  const best = means[0];
  if (!best) return [];
  const others = judge(means.slice(1).map((e) => comparePaired(runs, e.s, best.s, metric, level, vr)), level, minEffect);
  return [
    { scenarioIndex: best.s, mean: best.mean, vsBest: 'best', relativeChange: NaN, relativeLow: NaN, relativeHigh: NaN, pAdjusted: NaN },
    ...others.map((c, i) => ({
      scenarioIndex: c.scenarioIndex, mean: (means[i + 1] as { mean: number }).mean,
      // The best has the better mean by construction, so a 'better' verdict cannot occur; 'worse' is what sets one apart.
      vsBest: c.verdict, relativeChange: c.relativeChange, relativeLow: c.relativeLow, relativeHigh: c.relativeHigh, pAdjusted: c.pAdjusted,
    })),
  ];
}
