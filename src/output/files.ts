/**
 * The aggregate files of a results folder: summary.json (every metric of every scenario with
 * its interval) and scenarios.csv (one row per scenario and metric). Key order and number
 * formatting are fixed, so equal aggregates give byte-identical files.
 */
import type { ComparisonReport, SummaryDocument } from './documents.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ScenarioSummary } from '../stats/index.js';

/** Numbers as JSON writes them, with non-finite values as null. */
function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

export function summaryJson(doc: SummaryDocument & { comparison?: ComparisonReport }): string {
  return `${JSON.stringify(doc, (_key, value: unknown) => (typeof value === 'number' ? finite(value) : value), 2)}\n`;
}

/** What `--json` prints for a finished sweep, whichever route made it (run, --resume, merge): the summary, and the comparison beside it when there is one. */
export function outcomeJson(outcome: { summary: SummaryDocument; comparison?: ComparisonReport | undefined }): string {
  return summaryJson(outcome.comparison ? { ...outcome.summary, comparison: outcome.comparison } : outcome.summary);
}

function csvCell(value: unknown): string {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(Number(value.toPrecision(10))) : '') : String(value ?? '');
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** scenarios.csv: long format, one row per (scenario, metric). */
export function scenariosCsv(scenarios: readonly ScenarioSummary[]): string {
  const parameterNames = [...new Set(scenarios.flatMap((s) => Object.keys(s.parameters)))];
  const header = ['scenario', 'label', ...parameterNames, 'metric', 'n', 'mean', 'sd', 'ci_low', 'ci_high', 'half_width', 'bottleneck'];
  const rows = [header.map(csvCell).join(',')];
  for (const s of scenarios) {
    for (const [metric, i] of Object.entries(s.metrics)) {
      rows.push([s.index, s.label, ...parameterNames.map((p) => s.parameters[p]), metric, i.n, i.mean, i.sd, i.low, i.high, i.halfWidth, s.bottleneck].map(csvCell).join(','));
    }
  }
  return `${rows.join('\n')}\n`;
}

/** Writes summary.json and scenarios.csv into `dir`. */
export function writeAggregates(dir: string, doc: SummaryDocument): void {
  writeFileSync(path.join(dir, 'summary.json'), summaryJson(doc));
  writeFileSync(path.join(dir, 'scenarios.csv'), scenariosCsv(doc.scenarios));
}

/** Writes comparison.json (same number conventions as summary.json). */
export function writeComparison(dir: string, report: ComparisonReport): void {
  writeFileSync(path.join(dir, 'comparison.json'), `${JSON.stringify(report, (_key, value: unknown) => (typeof value === 'number' ? finite(value) : value), 2)}\n`);
}
