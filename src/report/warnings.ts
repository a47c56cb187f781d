/**
 * What a reader must know before trusting a summary's numbers: pools that never reached a
 * steady state (their queue kept growing), replications far outside the others (one that
 * jammed decides the mean), and waits that leave out many pipelines the horizon cut short.
 * One sentence each, for the terminal, summary.md, summary.json and the report.
 */
import { median, OUTLIER_LEVEL, type OutlierReplication, type ScenarioSummary } from '../stats/index.js';
import { formatMetric } from './format.js';

/** Relative excess of the inclusive mean wait over the finished-only one worth a warning. */
const CENSORING_WORTH_SAYING = 0.05;

export function warningsOf(scenarios: readonly ScenarioSummary[]): string[] {
  const out: string[] = [];
  const where = (s: ScenarioSummary) => (scenarios.length > 1 ? `${s.label}: ` : '');
  for (const s of scenarios) {
    for (const u of s.unstable ?? []) {
      out.push(`${where(s)}pool ${u.pool} is saturated — ${(100 * u.utilisation).toFixed(1)}% busy and its queue grew from ${u.queueFirst.toFixed(1)} to ${u.queueLast.toFixed(1)} over the horizon (Mann–Kendall z ${u.trendZ.toFixed(1)}); there is no steady state, and its waits grow with the horizon`);
    }
    out.push(...outlierWarnings(s).map((w) => `${where(s)}${w}`));
    const finished = s.metrics['pipeline.wait.mean']?.mean;
    const inclusive = s.metrics['pipeline.wait.inclusive.mean']?.mean;
    const inFlight = s.metrics['pipeline.inFlight']?.mean ?? 0;
    if (finished !== undefined && inclusive !== undefined && inFlight > 0 && inclusive > finished * (1 + CENSORING_WORTH_SAYING)) {
      // A jammed replication's backlog is most of this mean: say whose it is.
      const jam = (s.outliers ?? []).filter((o) => o.inFlight !== undefined).sort((x, y) => (y.inFlight as number) - (x.inFlight as number))[0];
      const whose = jam ? ` (a mean over replications: replication ${jam.replication} alone had ${formatMetric('pipeline.inFlight', jam.inFlight as number)})` : '';
      out.push(`${where(s)}${inFlight.toFixed(inFlight < 10 ? 1 : 0)} pipelines per run were still waiting or running at the horizon${whose}; the mean wait of finished ones (${formatMetric('pipeline.wait.mean', finished)}) leaves them out — over every arrival it is at least ${formatMetric('pipeline.wait.mean', inclusive)} (pipeline.wait.inclusive.mean)`);
    }
  }
  return out;
}

/** One sentence per outlying replication, naming the metrics it is an outlier in (stats/outliers.ts). */
function outlierWarnings(s: ScenarioSummary): string[] {
  const byReplication = new Map<number, OutlierReplication[]>();
  for (const o of s.outliers ?? []) byReplication.set(o.replication, [...(byReplication.get(o.replication) ?? []), o]);
  return [...byReplication.entries()].sort((a, b) => a[0] - b[0]).map(([replication, found]) => {
    const first = found[0] as OutlierReplication;
    const metrics = found.map((o) => o.metric).join(' and ');
    const mean = s.metrics[first.metric]?.mean;
    const jammed = first.inFlight !== undefined && first.inFlightMedianOfOthers !== undefined && first.inFlight > 10 * Math.max(1, first.inFlightMedianOfOthers)
      ? `; ${formatMetric('pipeline.inFlight', first.inFlight)} pipelines were in flight at its horizon (median of the others ${formatMetric('pipeline.inFlight', first.inFlightMedianOfOthers)}): a jam`
      : '';
    const means = mean === undefined ? '' : `; the mean over replications is ${formatMetric(first.metric, mean)} with it and ${formatMetric(first.metric, first.meanWithout)} without`;
    return `replication ${replication} is an outlier in ${metrics} (generalized ESD test at level ${OUTLIER_LEVEL}): ${first.metric} ${formatMetric(first.metric, first.value)} against a median of ${formatMetric(first.metric, first.medianOfOthers)} over the others${means}${jammed}. The interval treats both regimes as one: read its run in runs.jsonl, and run more replications to learn how often this happens`;
  });
}

/**
 * How the intervals were computed when variance reduction is on, and what it did: the median
 * over scenarios of each key wait's half-width against the plain interval from the same runs.
 * Undefined without variance reduction.
 */
export function methodNote(scenarios: readonly ScenarioSummary[]): string | undefined {
  const reduced = scenarios.map((s) => s.varianceReduction).filter((v) => v !== undefined);
  const first = reduced[0];
  if (!first) return undefined;
  const ratios = reduced.map((v) => v.halfWidthRatio['pipeline.wait.mean']).filter((r): r is number => r !== undefined && Number.isFinite(r));
  const typical = ratios.length === 0 ? undefined : median(ratios);
  const effect = typical === undefined ? '' : `; the half-width of pipeline.wait.mean is ${typical.toFixed(2)}× the plain interval's from the same runs${scenarios.length > 1 ? ' (median over scenarios)' : ''}`;
  return `Intervals use ${first.method} over ${first.observations} observation(s) per scenario${effect}. Each metric's ratio is in summary.json (scenarios[].varianceReduction).`;
}
