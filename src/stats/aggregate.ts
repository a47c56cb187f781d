/**
 * Aggregation: run records → one summary per scenario. A pure function of the records,
 * which it sorts by (scenario, replication) first, so the order in which workers finished
 * cannot change a byte of the result.
 */
import { type RunResult, type PowerOfTwoCounts } from '../core/records.js';
import { confidenceInterval, type Interval } from './confidence.js';
import { metricInterval, withoutExtras, type VarianceReduction } from './controls.js';
import { addPowerOfTwoCounts } from './histogram.js';
import { unstablePools, type UnstablePool } from './saturation.js';
import { outlierReplications, type OutlierReplication } from './outliers.js';

/** The summary of one scenario across its replications. */
export interface ScenarioSummary {
  index: number;
  label: string;
  /** Grid fields that define this scenario. */
  parameters: Record<string, unknown>;
  /** Successful replications aggregated. */
  replications: number;
  failed: number;
  /** Per metric: n, mean, sd and the confidence interval across replications. */
  metrics: Record<string, Interval>;
  /** The pool most often the bottleneck across replications ('none' without queueing). */
  bottleneck: string;
  /** How many replications named each pool the bottleneck. */
  bottleneckCounts: Record<string, number>;
  /**
   * Pipeline waits by power of two and arrivals by hour of week, summed over replications; with
   * nodes, each node's utilisation (mean over replications) per pool, by node label.
   */
  distributions?: { pipelineWait: PowerOfTwoCounts; arrivalsByHourOfWeek: number[]; nodeUtilisation?: Record<string, Record<string, number>> };
  /** Pools whose queue keeps growing at near-full utilisation (saturation.ts); absent when none. */
  unstable?: UnstablePool[];
  /** Replications far outside the others in a mean wait or latency (outliers.ts); absent when none. */
  outliers?: OutlierReplication[];
  /**
   * With `varianceReduction`: what it did to each metric's interval — its half-width over the
   * plain interval's (from the same runs, replications as independent); absent without.
   */
  varianceReduction?: { method: string; observations: number; halfWidthRatio: Record<string, number> };
}

/** What aggregation needs to know of a scenario. */
export interface ScenarioIdentity {
  index: number;
  label: string;
  parameters: Record<string, unknown>;
}

/** Sorts run records by (scenario, replication): the canonical order for aggregation. */
export function sortRuns<T extends Pick<RunResult, 'scenarioIndex' | 'replication'>>(runs: readonly T[]): T[] {
  return [...runs].sort((a, b) => a.scenarioIndex - b.scenarioIndex || a.replication - b.replication);
}

/** Summarises every scenario (in index order) from its runs at confidence `level`. */
export function aggregate(scenarios: readonly ScenarioIdentity[], runs: readonly RunResult[], level: number, vr?: VarianceReduction): ScenarioSummary[] {
  const reduced = vr !== undefined && (vr.controlVariates || vr.antithetic);
  const sorted = sortRuns(runs);
  return scenarios.map((s) => {
    const mine = sorted.filter((r) => r.scenarioIndex === s.index);
    const ok = mine.filter((r): r is Extract<RunResult, { status: 'ok' }> => r.status === 'ok');
    const names: string[] = [];
    const seen = new Set<string>();
    for (const r of ok) for (const name of Object.keys(r.metrics)) if (!seen.has(name)) { seen.add(name); names.push(name); }
    const metrics: Record<string, Interval> = {};
    const halfWidthRatio: Record<string, number> = {};
    let observations = 0;
    for (const name of names) {
      const plain = confidenceInterval(ok.map((r) => r.metrics[name] ?? NaN), level);
      if (!reduced) {
        metrics[name] = plain;
        continue;
      }
      const interval = withoutExtras(metricInterval(ok, s.index, name, level, vr));
      metrics[name] = interval;
      observations = Math.max(observations, interval.n);
      if (plain.halfWidth > 0) halfWidthRatio[name] = interval.halfWidth / plain.halfWidth;
    }
    const counts: Record<string, number> = {};
    for (const r of ok) counts[r.bottleneck] = (counts[r.bottleneck] ?? 0) + 1;
    const bottleneck = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'none';
    const sortedCounts = Object.fromEntries(Object.entries(counts).sort((a, b) => a[0].localeCompare(b[0])));
    const withDistributions = ok.filter((r) => r.distributions);
    const nodeUtilisation = meanPerNode(withDistributions.map((r) => r.distributions.nodeUtilisation));
    const distributions = withDistributions.length === 0 ? undefined : {
      pipelineWait: withDistributions.map((r) => r.distributions.pipelineWait).reduce(addPowerOfTwoCounts),
      arrivalsByHourOfWeek: withDistributions.map((r) => r.distributions.arrivalsByHourOfWeek).reduce((a, b) => a.map((x, i) => x + (b[i] ?? 0))),
      ...(nodeUtilisation ? { nodeUtilisation } : {}),
    };
    const checkpoints: Record<string, number[][]> = {};
    for (const r of ok) for (const [pool, series] of Object.entries(r.distributions?.queueCheckpoints ?? {})) (checkpoints[pool] ??= []).push(series);
    const utilisation = Object.fromEntries(Object.keys(checkpoints).map((pool) => [pool, metrics[`pool.${pool}.utilisation`]?.mean ?? NaN]));
    const unstable = unstablePools(utilisation, checkpoints);
    const outliers = outlierReplications(ok);
    return {
      index: s.index, label: s.label, parameters: s.parameters, replications: ok.length,
      failed: mine.length - ok.length, metrics, bottleneck, bottleneckCounts: sortedCounts,
      ...(distributions ? { distributions } : {}),
      ...(unstable.length > 0 ? { unstable } : {}),
      ...(outliers.length > 0 ? { outliers } : {}),
      ...(reduced ? { varianceReduction: { method: methodOf(vr), observations, halfWidthRatio } } : {}),
    };
  });
}

/** Each node's utilisation averaged over the runs that report it (in their order); undefined when none does. */
function meanPerNode(perRun: readonly (Record<string, Record<string, number>> | undefined)[]): Record<string, Record<string, number>> | undefined {
  const sums: Record<string, Record<string, { sum: number; n: number }>> = {};
  for (const run of perRun) {
    for (const [pool, nodes] of Object.entries(run ?? {})) {
      const pooled = (sums[pool] ??= {});
      for (const [node, utilisation] of Object.entries(nodes)) {
        const s = (pooled[node] ??= { sum: 0, n: 0 });
        s.sum += utilisation;
        s.n += 1;
      }
    }
  }
  if (Object.keys(sums).length === 0) return undefined;
  return Object.fromEntries(Object.entries(sums).map(([pool, nodes]) => [pool, Object.fromEntries(Object.entries(nodes).map(([node, s]) => [node, s.sum / s.n]))]));
}

/** How a summary's intervals were reduced, in words. */
function methodOf(vr: VarianceReduction): string {
  return [vr.antithetic ? 'antithetic pairs' : '', vr.controlVariates ? 'control variates (utilisations: arrivals and offered work per pool; waits, latencies and queues: the backlog of excess work and the arrivals)' : ''].filter(Boolean).join(' + ');
}
