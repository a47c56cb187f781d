/**
 * The forecast as tables: growth → required capacity per pool, the objective achieved, the
 * bottleneck, the fresh-replication check; and, with prices, the cheapest platform beside the
 * pool-by-pool answer with the saving.
 */
import type { ForecastReport, MinimalityCheck } from '../output/documents.js';
import { formatInterval, formatMetric, markdownTable, textTable } from './format.js';

type Table = { header: string[]; rows: string[][] };

/** What the fresh replications said of an answer, in a table cell. */
export function checkVerdict(report: ForecastReport, check: MinimalityCheck | undefined): string {
  if (!check) return 'n/a';
  const metric = report.objective.metric;
  if (!check.fresh.meets) return `misses on fresh runs (${formatMetric(metric, check.fresh.interval.high)})`;
  const spare = check.removals.filter((r) => r.evaluation.meets);
  if (spare.length === 0) return 'minimal';
  return `${spare.map((r) => `${r.pool} −1`).join(', ')} also meets (${spare.map((r) => formatMetric(metric, r.evaluation.interval.high)).join(', ')})`;
}

const platform = (capacities: Record<string, number>) => Object.entries(capacities).map(([p, c]) => `${p} ${c}`).join(', ');
const money = (v: number) => v.toFixed(2);

function rows(report: ForecastReport): Table {
  const pools = Object.keys(report.steps[0]?.capacities ?? {});
  const metric = report.objective.metric;
  return {
    header: ['growth', ...pools.map((p) => `${p} needed`), `${metric} (± CI)`, 'bottleneck', 'fresh check'],
    rows: report.steps.map((s) => [
      `${s.growth}×`,
      ...pools.map((p) => (s.capacities[p] === null ? 'not reachable' : String(s.capacities[p]))),
      s.achieved ? formatInterval(metric, s.achieved.interval) : 'n/a',
      s.achieved?.bottleneck ?? 'n/a',
      checkVerdict(report, s.check),
    ]),
  };
}

/** The cheapest platform per growth factor next to the pool-by-pool answer; undefined without prices. */
export function cheapestTable(report: ForecastReport): Table | undefined {
  const steps = report.steps.filter((s) => s.cheapest);
  if (steps.length === 0) return undefined;
  return {
    header: ['growth', 'cheapest platform', 'price/h', 'pool by pool', 'price/h', 'saving/h', 'runner-up (price/h)', 'evaluations', 'fresh check'],
    rows: steps.map((s) => {
      const c = s.cheapest!;
      const byPool = Object.fromEntries(Object.entries(s.capacities).map(([p, v]) => [p, v as number]));
      return [
        `${s.growth}×`, platform(c.capacities), money(c.price), platform(byPool), money(c.poolByPoolPrice),
        c.saving > 0 ? `${money(c.saving)} (${((100 * c.saving) / c.poolByPoolPrice).toFixed(1)}%)` : '0 (same)',
        c.runnerUp ? `${platform(c.runnerUp.capacities)} (${money(c.runnerUp.price)})` : 'none',
        String(c.evaluations), checkVerdict(report, c.check),
      ];
    }),
  };
}

const cheapestIntro = () =>
  `Cheapest platform: the capacities of all searched pools together that minimise the price per hour (cost.pools.<pool>.unitHour × capacity) subject to the same objective, found by an exact search of the staircase of minimal platforms (branch and bound over prices, bisection on the cheapest pool), with common random numbers; "evaluations" are those it added to the pool-by-pool search.`;

const checkNote = (r: ForecastReport) =>
  `Fresh check: each answer re-run on ${r.replications} new replications, with one unit less in each pool in turn (${r.checks ?? 0} evaluations); "minimal" means it meets the objective there and every removal misses. An answer that is not is on the objective's boundary within the noise of ${r.replications} replications: more replications settle it.`;

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
  `Smallest capacity per pool such that the upper bound of the ${Math.round(r.confidence * 100)}% interval of ${r.objective.metric} (over ${r.replications} replications) is at most ${formatMetric(r.objective.metric, r.objective.max)}; ${r.evaluations} capacity assignments evaluated (bisection per pool${r.steps.some((x) => x.cheapest) ? ', and the cheapest-platform search' : ''}).`;

export function forecastMarkdown(report: ForecastReport): string {
  const t = rows(report);
  const c = cheapestTable(report);
  const conclusion = forecastConclusion(report);
  return [
    '## Capacity forecast', '', intro(report), '', ...(conclusion.length > 0 ? [...conclusion.map((x) => `**${x}**`), ''] : []), markdownTable(t.header, t.rows), '',
    ...(c ? ['### Cheapest platform', '', cheapestIntro(), '', markdownTable(c.header, c.rows), ''] : []), checkNote(report), '',
  ].join('\n');
}

export function forecastText(report: ForecastReport): string {
  const t = rows(report);
  const c = cheapestTable(report);
  const conclusion = forecastConclusion(report);
  return [intro(report), '', textTable(t.header, t.rows), ...(conclusion.length > 0 ? ['', ...conclusion] : []), ...(c ? ['', 'Cheapest platform (all pools together):', textTable(c.header, c.rows)] : []), '', checkNote(report)].join('\n');
}

/** The notes under the tables on the page. */
export function forecastNotes(report: ForecastReport): { cheapest: string; check: string } {
  return { cheapest: cheapestIntro(), check: checkNote(report) };
}

/** The forecast's table, for the page. */
export function forecastTable(report: ForecastReport): { header: string[]; rows: string[][] } {
  return rows(report);
}
