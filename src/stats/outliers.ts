/**
 * Outlying replications: a run whose mean wait is far outside the others' — typically one in
 * which the platform jammed (a fallback or retry storm it never recovered from) — decides the
 * mean over replications and makes its Student-t interval, which assumes roughly normal
 * replications, say nothing about either regime. The generalized ESD test (Rosner 1983: Grubbs'
 * test repeated, so that two jams cannot hide each other) names such runs at a level fixed in
 * advance, so that the summary can say so instead of printing one mean over a jam and nine ordinary runs.
 */
import { jStat } from '../random/index.js';
import { median } from './confidence.js';

/** Level of the test per metric tested: a false alarm in about one scenario in a thousand of normal replications. */
export const OUTLIER_LEVEL = 0.001;
/** Metrics tested: the mean waits and latencies the headline reports. */
export const OUTLIER_METRICS = ['pipeline.wait.mean', 'pipeline.latency.mean'] as const;
/** Fewer replications than this give the test no power worth a sentence. */
const MIN_REPLICATIONS = 5;
/** How far from the others' median (relative) an outlier must be to be worth a warning: replications that are statistically distinct but practically equal are not. */
export const OUTLIER_MATERIAL = 0.1;

/**
 * The indices of the outliers among `values` by the generalized ESD test at overall `level`, testing for
 * at most `maxOutliers` (default: a third of the sample, at most 10). Empty when none, when the
 * values do not vary, or with fewer than MIN_REPLICATIONS values.
 */
export function outlierIndices(values: readonly number[], level = OUTLIER_LEVEL, maxOutliers?: number): number[] {
  const n = values.length;
  if (n < MIN_REPLICATIONS || !values.every(Number.isFinite)) return [];
  const most = Math.min(maxOutliers ?? Math.min(10, Math.floor(n / 3)), n - 3);
  const left = values.map((value, index) => ({ value, index }));
  const removed: number[] = [];
  let found = 0;
  for (let i = 1; i <= most; i++) {
    const m = left.length;
    const mean = left.reduce((s, x) => s + x.value, 0) / m;
    const sd = Math.sqrt(left.reduce((s, x) => s + (x.value - mean) ** 2, 0) / (m - 1));
    if (!(sd > 0)) break;
    let worst = 0;
    for (let k = 1; k < m; k++) if (Math.abs((left[k] as { value: number }).value - mean) > Math.abs((left[worst] as { value: number }).value - mean)) worst = k;
    const r = Math.abs((left[worst] as { value: number }).value - mean) / sd;
    // Rosner's critical value for the i-th most extreme of n, each of the `most` steps at level
    // level / most (Bonferroni): at 10 replications the steps at `level` each raise a false alarm
    // in 1.7 × `level` of normal samples; so split, the whole test keeps within `level`.
    const t = jStat.studentt.inv(1 - level / (2 * m * most), m - 2);
    const critical = ((m - 1) * t) / Math.sqrt((m - 2 + t * t) * m);
    removed.push((left[worst] as { index: number }).index);
    left.splice(worst, 1);
    if (r > critical) found = i;
  }
  return removed.slice(0, found).sort((a, b) => a - b);
}

/** An outlying replication of a scenario, for the warning that names it. */
export interface OutlierReplication {
  metric: string;
  replication: number;
  value: number;
  /** The metric's median over the scenario's replications that are not outliers. */
  medianOfOthers: number;
  /** The metric's mean over the replications that are not outliers. */
  meanWithout: number;
  /** Pipelines still in flight at this replication's horizon, and their median over the others (when reported). */
  inFlight?: number;
  inFlightMedianOfOthers?: number;
}

interface Replication {
  replication: number;
  metrics: Record<string, number>;
}

/**
 * The outlying replications of one scenario's successful runs (in replication order), per tested
 * metric: outliers by the test that are also at least OUTLIER_MATERIAL away from the others' median.
 */
export function outlierReplications(runs: readonly Replication[]): OutlierReplication[] {
  const out: OutlierReplication[] = [];
  for (const metric of OUTLIER_METRICS) {
    const reporting = runs.filter((r) => Number.isFinite(r.metrics[metric]));
    const values = reporting.map((r) => r.metrics[metric] as number);
    const found = outlierIndices(values);
    const typical = median(values.filter((_, i) => !found.includes(i)));
    const outliers = new Set(found.filter((i) => Math.abs((values[i] as number) - typical) > OUTLIER_MATERIAL * Math.abs(typical)));
    if (outliers.size === 0) continue;
    const others = reporting.filter((_, i) => !outliers.has(i));
    const meanWithout = others.reduce((s, r) => s + (r.metrics[metric] as number), 0) / others.length;
    for (const i of [...outliers]) {
      const run = reporting[i] as Replication;
      const inFlight = run.metrics['pipeline.inFlight'];
      const othersInFlight = others.map((r) => r.metrics['pipeline.inFlight']).filter((x): x is number => Number.isFinite(x));
      out.push({
        metric, replication: run.replication, value: values[i] as number,
        medianOfOthers: median(others.map((r) => r.metrics[metric] as number)), meanWithout,
        ...(inFlight !== undefined && othersInFlight.length > 0 ? { inFlight, inFlightMedianOfOthers: median(othersInFlight) } : {}),
      });
    }
  }
  return out;
}
