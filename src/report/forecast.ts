/** The forecast as a table: growth → required capacity per pool, the objective achieved, the bottleneck. */
import type { ForecastReport } from '../output/documents.js';
import { formatInterval, formatMetric, markdownTable, textTable } from './format.js';

function rows(report: ForecastReport): { header: string[]; rows: string[][] } {
  const pools = Object.keys(report.steps[0]?.capacities ?? {});
  const metric = report.objective.metric;
  return {
    header: ['growth', ...pools.map((p) => `${p} needed`), `${metric} (± CI)`, 'bottleneck'],
    rows: report.steps.map((s) => [
      `${s.growth}×`,
      ...pools.map((p) => (s.capacities[p] === null ? 'not reachable' : String(s.capacities[p]))),
      s.achieved ? formatInterval(metric, s.achieved.interval) : 'n/a',
      s.achieved?.bottleneck ?? 'n/a',
    ]),
  };
}

const intro = (r: ForecastReport) =>
  `Smallest capacity per pool such that the upper bound of the ${Math.round(r.confidence * 100)}% interval of ${r.objective.metric} (over ${r.replications} replications) is at most ${formatMetric(r.objective.metric, r.objective.max)}; ${r.evaluations} capacity assignments evaluated by bisection.`;

export function forecastMarkdown(report: ForecastReport): string {
  const t = rows(report);
  return ['## Capacity forecast', '', intro(report), '', markdownTable(t.header, t.rows), ''].join('\n');
}

export function forecastText(report: ForecastReport): string {
  const t = rows(report);
  return [intro(report), '', textTable(t.header, t.rows)].join('\n');
}
