/** The comparison report as tables: paired differences with verdicts, and the ranking. */
import type { ComparisonReport } from '../output/documents.js';
import { escape, formatMetric, htmlTable, markdownTable, textTable } from './format.js';

function pValue(p: number): string {
  return !Number.isFinite(p) ? 'n/a' : p < 0.0001 ? '< 0.0001' : p.toFixed(4);
}

function signed(metric: string, x: number): string {
  return !Number.isFinite(x) ? 'n/a' : `${x > 0 ? '+' : x < 0 ? '−' : ''}${formatMetric(metric, Math.abs(x))}`;
}

const percent = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x * 100).toFixed(1)}%`;

/** A relative change with its interval, in one unit: "−7.6% [−8.1%, −7.1%]". */
function change(value: number, low: number, high: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return Number.isFinite(low) ? `${percent(value)} [${percent(low)}, ${percent(high)}]` : percent(value);
}

/** Rows of the comparison table: scenario, metric, difference ± CI, relative change [CI], paired vs Welch width, p, verdict. */
function comparisonRows(report: ComparisonReport): { header: string[]; rows: string[][] } {
  const header = ['scenario', 'vs baseline', 'metric', 'difference (paired)', 'change [CI]', 'paired ± / Welch ±', 'p (Holm)', 'verdict'];
  const rows = report.comparisons.map((c) => [
    c.label, c.baselineLabel, c.metric,
    `${signed(c.metric, c.meanDifference)} ± ${formatMetric(c.metric, c.halfWidth)}`,
    change(c.relativeChange, c.relativeLow, c.relativeHigh),
    `${formatMetric(c.metric, c.halfWidth)} / ${formatMetric(c.metric, c.welchHalfWidth)}`,
    pValue(c.pAdjusted), c.verdict,
  ]);
  return { header, rows };
}

const VS_BEST: Record<string, string> = { best: 'best', worse: 'worse than the best', equivalent: 'equivalent to the best', inconclusive: 'not shown worse than the best' };

function rankingRows(report: ComparisonReport, group: ComparisonReport['rankings'][number]): { header: string[]; rows: string[][] } {
  const metric = report.rankBy;
  return {
    header: ['rank', 'scenario', metric, 'change vs best [CI]', 'p (Holm)', 'verdict'],
    rows: group.entries.map((e, i) => [String(i + 1), e.label, formatMetric(metric, e.mean), i === 0 ? '' : change(e.relativeChange, e.relativeLow, e.relativeHigh), i === 0 ? '' : pValue(e.pAdjusted), VS_BEST[e.vsBest] ?? e.vsBest]),
  };
}

const intro = (r: ComparisonReport) => `Each scenario against its baseline (${r.baseline}) on the replications both have. Differences are paired by replication (common random numbers) with a ${Math.round(r.confidence * 100)}% paired-t interval; the relative change's interval is the delta method's; the Welch width is what an unpaired comparison would give. p-values are adjusted across this report by Holm's method. Verdicts: better or worse when p < ${(1 - r.confidence).toFixed(2)} and the change is at least ${percent(r.minEffect).slice(1)} (compare.minEffect); equivalent when the change's whole interval lies within ±${percent(r.minEffect).slice(1)}; otherwise inconclusive.`;

const groupTitle = (report: ComparisonReport, group: string) => `Ranking by ${report.rankBy}${group === 'all scenarios' ? '' : ` at ${group}`}`;

export function comparisonMarkdown(report: ComparisonReport): string {
  const c = comparisonRows(report);
  return [
    '## Comparison', '', intro(report), '', markdownTable(c.header, c.rows), '',
    ...report.rankings.flatMap((g) => {
      const r = rankingRows(report, g);
      return [`## ${groupTitle(report, g.group)}`, '', markdownTable(r.header, r.rows), ''];
    }),
  ].join('\n');
}

/** The comparison and rankings as HTML tables, for report.html. */
export function comparisonHtml(report: ComparisonReport): string {
  return [
    `<h2>Comparison</h2><p>${escape(intro(report))}</p>${htmlTable(comparisonRows(report))}`,
    ...report.rankings.map((g) => `<h3>${escape(groupTitle(report, g.group))}</h3>${htmlTable(rankingRows(report, g))}`),
  ].join('\n');
}

export function comparisonText(report: ComparisonReport): string {
  const c = comparisonRows(report);
  return [
    intro(report), '', textTable(c.header, c.rows),
    ...report.rankings.flatMap((g) => {
      const r = rankingRows(report, g);
      return ['', `${groupTitle(report, g.group)}:`, textTable(r.header, r.rows)];
    }),
  ].join('\n');
}
