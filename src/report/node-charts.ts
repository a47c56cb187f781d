/** Each node's utilisation in report.html: a chart per pool with nodes, and the numbers behind it. */
import type { ScenarioSummary } from '../stats/index.js';
import { colour, common, type ChartSpec } from './chart-style.js';
import { escape, htmlTable } from './format.js';

/** The pools with nodes, each with its node labels in the configuration's order (the first scenario that has the pool names them). */
function nodePools(scenarios: readonly ScenarioSummary[]): [string, string[]][] {
  const pools = new Map<string, string[]>();
  for (const s of scenarios) {
    for (const [pool, nodes] of Object.entries(s.distributions?.nodeUtilisation ?? {})) {
      if (!pools.has(pool)) pools.set(pool, Object.keys(nodes));
    }
  }
  return [...pools];
}

/** One line per scenario across a pool's nodes: packing shows as a slope, spreading as a level line. */
export function nodeUtilisationCharts(scenarios: readonly ScenarioSummary[]): ChartSpec[] {
  return nodePools(scenarios).map(([pool, labels]) => {
    const withPool = scenarios.filter((s) => s.distributions?.nodeUtilisation?.[pool]);
    return {
      id: `node-utilisation-${pool}`,
      title: `Utilisation of each node of pool ${pool} (%, mean over replications)`,
      config: {
        type: 'line',
        data: {
          labels,
          datasets: withPool.map((s, i) => {
            const nodes = s.distributions!.nodeUtilisation![pool]!;
            return { label: s.label, data: labels.map((node) => 100 * (nodes[node] ?? NaN)), borderColor: colour(i), backgroundColor: colour(i), pointRadius: 1.5, borderWidth: 1.5 };
          }),
        },
        options: common('% busy', { scales: { y: { beginAtZero: true, max: 100, title: { display: true, text: '% busy' } }, x: { title: { display: true, text: 'node (type-k, in the configuration\'s order)' } } } }),
      },
    };
  });
}

/** A folded table per pool with nodes: a row per node, a column per scenario. Empty without nodes. */
export function nodeUtilisationTables(scenarios: readonly ScenarioSummary[]): string {
  return nodePools(scenarios).map(([pool, labels]) => {
    const withPool = scenarios.filter((s) => s.distributions?.nodeUtilisation?.[pool]);
    const rows = labels.map((node) => [node, ...withPool.map((s) => {
      const u = s.distributions!.nodeUtilisation![pool]![node];
      return u === undefined ? '' : `${(100 * u).toFixed(1)}%`;
    })]);
    return `<details><summary>Utilisation of each node of pool ${escape(pool)} (mean over replications)</summary>${htmlTable({ header: ['node', ...withPool.map((s) => s.label)], rows })}</details>`;
  }).join('');
}
