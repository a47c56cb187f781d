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

/**
 * One sentence per searched pool: how far today's capacity carries the objective as users
 * grow, and what the first growth factor it does not meet needs.
 */
export function forecastConclusion(report: ForecastReport): string[] {
  const out: string[] = [];
  for (const [pool, has] of Object.entries(report.today ?? {})) {
    const steps = report.steps.filter((s) => pool in s.capacities);
    if (steps.length === 0 || !Number.isFinite(has)) continue;
    const needs = (s: (typeof steps)[number]) => s.capacities[pool];
    const short = steps.find((s) => needs(s) === null || (needs(s) as number) > has);
    const carried = steps.filter((s) => short === undefined || s.growth < short.growth);
    const need = short && (needs(short) === null ? 'more than the search allows' : `${needs(short)}`);
    if (!short) out.push(`${pool}: today's ${has} meet the objective at every growth factor forecast (up to ${steps[steps.length - 1]?.growth}×).`);
    else if (carried.length === 0) out.push(`${pool}: already short — at ${short.growth}× it needs ${need}, and has ${has}.`);
    else out.push(`${pool}: today's ${has} meet the objective up to ${carried[carried.length - 1]?.growth}× growth; at ${short.growth}× it needs ${need}.`);
  }
  return out;
}

const intro = (r: ForecastReport) =>
  `Smallest capacity per pool such that the upper bound of the ${Math.round(r.confidence * 100)}% interval of ${r.objective.metric} (over ${r.replications} replications) is at most ${formatMetric(r.objective.metric, r.objective.max)}; ${r.evaluations} capacity assignments evaluated by bisection.`;

export function forecastMarkdown(report: ForecastReport): string {
  const t = rows(report);
  const conclusion = forecastConclusion(report);
  return ['## Capacity forecast', '', intro(report), '', ...(conclusion.length > 0 ? [...conclusion.map((c) => `**${c}**`), ''] : []), markdownTable(t.header, t.rows), ''].join('\n');
}

export function forecastText(report: ForecastReport): string {
  const t = rows(report);
  const conclusion = forecastConclusion(report);
  return [intro(report), '', textTable(t.header, t.rows), ...(conclusion.length > 0 ? ['', ...conclusion] : [])].join('\n');
}

/** The forecast's table, for the page. */
export function forecastTable(report: ForecastReport): { header: string[]; rows: string[][] } {
  return rows(report);
}
