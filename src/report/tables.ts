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
