/**
 * The tables people read, built once from scenario summaries and rendered as Markdown
 * (summary.md) or aligned text (the terminal): key metrics per scenario, and pools.
 */
import type { ScenarioSummary } from '../stats/index.js';
import { formatInterval } from './format.js';

/** Metrics in the key table, with their column titles. */
export const KEY_METRICS: readonly [string, string][] = [
  ['pipeline.completed', 'completed'],
  ['pipeline.wait.mean', 'wait mean'],
  ['pipeline.wait.p95', 'wait p95'],
  ['pipeline.latency.mean', 'latency mean'],
  ['pipeline.latency.p95', 'latency p95'],
];

/** Pool names present in any scenario, in first-seen order. */
export function poolNames(scenarios: readonly ScenarioSummary[]): string[] {
  const names: string[] = [];
  for (const s of scenarios) {
    for (const m of Object.keys(s.metrics)) {
      // A pool's own utilisation (not its nodes' per type: pool.<p>.nodes.utilisation.<type>).
      const match = /^pool\.(.+)\.utilisation$/.exec(m);
      if (match && !names.includes(match[1] as string)) names.push(match[1] as string);
    }
  }
  return names;
}

/** Scenario × key metrics (mean ± CI half-width), pool utilisation and the bottleneck. */
export function keyTable(scenarios: readonly ScenarioSummary[]): { header: string[]; rows: string[][] } {
  const pools = poolNames(scenarios);
  const header = ['scenario', 'runs', ...KEY_METRICS.map(([, title]) => title), ...pools.map((p) => `${p} util.`), 'bottleneck'];
  const rows = scenarios.map((s) => [
    s.label,
    s.failed > 0 ? `${s.replications} (+${s.failed} failed)` : String(s.replications),
    ...KEY_METRICS.map(([m]) => formatInterval(m, s.metrics[m])),
    ...pools.map((p) => formatInterval(`pool.${p}.utilisation`, s.metrics[`pool.${p}.utilisation`])),
    s.bottleneck,
  ]);
  return { header, rows };
}

/** Per scenario and pool: utilisation, mean queue length, mean wait and share of all waiting. */
export function poolTable(scenarios: readonly ScenarioSummary[]): { header: string[]; rows: string[][] } {
  const header = ['scenario', 'pool', 'utilisation', 'mean queue', 'mean wait', 'share of waiting'];
  const rows: string[][] = [];
  for (const s of scenarios) {
    for (const p of poolNames([s])) {
      const m = (k: string) => formatInterval(`pool.${p}.${k}`, s.metrics[`pool.${p}.${k}`]);
      rows.push([s.label, p + (s.bottleneck === p ? ' (bottleneck)' : ''), m('utilisation'), m('queue.mean'), m('wait.mean'), m('wait.share')]);
    }
  }
  return { header, rows };
}

/** Cost components (`cost:`), with their column titles. */
export const COST_METRICS: readonly [string, string][] = [
  ['cost.total', 'total'],
  ['cost.capacity', 'capacity'],
  ['cost.energy', 'energy'],
  ['cost.sla', 'SLA'],
  ['cost.staleness', 'staleness'],
];

/** Scenario × cost components (mean ± CI half-width), or undefined when no scenario is priced. */
export function costTable(scenarios: readonly ScenarioSummary[]): { header: string[]; rows: string[][] } | undefined {
  if (!scenarios.some((s) => s.metrics['cost.total'])) return undefined;
  const breaches = scenarios.some((s) => s.metrics['sla.breaches']);
  const header = ['scenario', ...COST_METRICS.map(([, title]) => title), ...(breaches ? ['SLA breaches'] : [])];
  const rows = scenarios.map((s) => [
    s.label, ...COST_METRICS.map(([m]) => formatInterval(m, s.metrics[m])), ...(breaches ? [formatInterval('sla.breaches', s.metrics['sla.breaches'])] : []),
  ]);
  return { header, rows };
}

/** What the nodes table's columns mean (docs/nodes-and-failures.md). */
export const NODES_NOTE = 'Fragmented units: free units the head of the queue could not use although they were enough in number (time-averaged). Idle nodes: whole nodes with nothing running. Nodes per task, and beyond the fewest its units need (each slower by the locality slowdown).';

/** What the failures table's columns mean. */
export const FAILURES_NOTE = 'Per run after the warm-up: failed attempts (node failures among them), retries queued, attempts per task that ended, compute lost since last checkpoints, pipelines that gave up after a task\'s last retry (not among those completed).';

/** Per scenario and pool of nodes: placement and node metrics, or undefined when no pool has nodes. */
export function nodeTable(scenarios: readonly ScenarioSummary[]): { header: string[]; rows: string[][] } | undefined {
  const rows: string[][] = [];
  const availability = scenarios.some((s) => Object.keys(s.metrics).some((m) => m.endsWith('.nodes.availability')));
  for (const s of scenarios) {
    for (const p of poolNames([s])) {
      if (!s.metrics[`pool.${p}.fragmentation`]) continue;
      const m = (k: string) => formatInterval(`pool.${p}.${k}`, s.metrics[`pool.${p}.${k}`]);
      rows.push([s.label, p, m('fragmentation'), m('nodes.idle'), m('nodes.spanned'), m('nodes.extra'), `${m('nodes.utilisation.min')} – ${m('nodes.utilisation.max')}`, ...(availability ? [m('nodes.availability')] : [])]);
    }
  }
  if (rows.length === 0) return undefined;
  return { header: ['scenario', 'pool', 'fragmented units', 'idle nodes', 'nodes per task', 'beyond the fewest', 'node utilisation', ...(availability ? ['availability'] : [])], rows };
}

/** Failure metrics (`failures:`, failing nodes), with their column titles. */
export const FAILURE_METRICS: readonly [string, string][] = [
  ['task.attempts.failed', 'failed attempts'],
  ['task.failures.byNode', 'by node failures'],
  ['task.retries', 'retries'],
  ['task.attempts.mean', 'attempts per task'],
  ['task.failures.lostSeconds', 'compute lost'],
  ['pipeline.gaveUp', 'pipelines given up'],
];

/** Scenario × failure metrics, or undefined when no scenario has failures. */
export function failureTable(scenarios: readonly ScenarioSummary[]): { header: string[]; rows: string[][] } | undefined {
  if (!scenarios.some((s) => s.metrics['task.attempts.failed'])) return undefined;
  return {
    header: ['scenario', ...FAILURE_METRICS.map(([, title]) => title)],
    rows: scenarios.map((s) => [s.label, ...FAILURE_METRICS.map(([m]) => formatInterval(m, s.metrics[m]))]),
  };
}
