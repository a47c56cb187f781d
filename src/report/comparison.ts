/** The comparison report as tables: paired differences with verdicts, and the ranking. */
import type { ComparisonReport } from '../output/documents.js';
import { formatMetric, markdownTable, textTable } from './format.js';

function pValue(p: number): string {
  return !Number.isFinite(p) ? 'n/a' : p < 0.0001 ? '< 0.0001' : p.toFixed(4);
}

function signed(metric: string, x: number): string {
  return !Number.isFinite(x) ? 'n/a' : `${x > 0 ? '+' : x < 0 ? '−' : ''}${formatMetric(metric, Math.abs(x))}`;
}

/** Rows of the comparison table: scenario, metric, difference ± CI, change, paired vs Welch width, p, verdict. */
function comparisonRows(report: ComparisonReport): { header: string[]; rows: string[][] } {
  const header = ['scenario', 'vs baseline', 'metric', 'difference (paired)', 'change', 'paired ± / Welch ±', 'p (Holm)', 'verdict'];
  const rows = report.comparisons.map((c) => [
    c.label, c.baselineLabel, c.metric,
    `${signed(c.metric, c.meanDifference)} ± ${formatMetric(c.metric, c.halfWidth)}`,
    Number.isFinite(c.relativeChange) ? `${c.relativeChange > 0 ? '+' : c.relativeChange < 0 ? '−' : ''}${Math.abs(c.relativeChange * 100).toFixed(1)}%` : 'n/a',
    `${formatMetric(c.metric, c.halfWidth)} / ${formatMetric(c.metric, c.welchHalfWidth)}`,
    pValue(c.pAdjusted), c.verdict,
  ]);
  return { header, rows };
}

function rankingRows(report: ComparisonReport): { header: string[]; rows: string[][] } {
  const metric = report.ranking.metric;
  return {
    header: ['rank', 'scenario', metric, 'vs best (p, Holm)', ''],
    rows: report.ranking.entries.map((e, i) => [String(i + 1), e.label, formatMetric(metric, e.mean), i === 0 ? 'best' : pValue(e.pAdjusted), e.tiedWithBest ? 'indistinguishable from the best' : '']),
  };
}

const intro = (r: ComparisonReport) => `Each scenario against its baseline (${r.baseline}) on the replications both have. Differences are paired by replication (common random numbers) with a ${Math.round(r.confidence * 100)}% paired-t interval; the Welch width is what an unpaired comparison would give. p-values are adjusted across this report by Holm's method; a verdict needs p < ${(1 - r.confidence).toFixed(2)}.`;

export function comparisonMarkdown(report: ComparisonReport): string {
  const c = comparisonRows(report);
  const r = rankingRows(report);
  return [
    '## Comparison', '', intro(report), '', markdownTable(c.header, c.rows), '',
    `## Ranking by ${report.ranking.metric}`, '', markdownTable(r.header, r.rows), '',
  ].join('\n');
}

export function comparisonText(report: ComparisonReport): string {
  const c = comparisonRows(report);
  const r = rankingRows(report);
  return [intro(report), '', textTable(c.header, c.rows), '', `Ranking by ${report.ranking.metric}:`, textTable(r.header, r.rows)].join('\n');
}
