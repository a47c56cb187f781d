/** Formatting of metric values and intervals for people: units chosen per metric name. */
import { formatDuration, formatSize } from '../config/units.js';
import type { Interval } from '../stats/index.js';

/** How a metric's values read: by its name's convention (see docs/reference.md, Metrics). */
export function formatMetric(name: string, value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (/utilisation|\.share$|belowThreshold|availability$/.test(name)) return `${(value * 100).toFixed(1)}%`;
  if (/\.(wait|latency|staleness)\.|Seconds$/.test(name)) return value === 0 ? '0 s' : formatDuration(value);
  if (/bytes$/.test(name)) return formatSize(value);
  if (Number.isInteger(value) || Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return value.toPrecision(3);
}

/** 'mean ± half-width' (or just the value with one replication). */
export function formatInterval(name: string, i: Interval | undefined): string {
  if (!i || i.n === 0) return 'n/a';
  const mean = formatMetric(name, i.mean);
  if (!Number.isFinite(i.halfWidth)) return mean;
  if (/utilisation|\.share$|belowThreshold|availability$/.test(name)) return `${mean} ± ${(i.halfWidth * 100).toFixed(1)}`;
  return `${mean} ± ${formatMetric(name, i.halfWidth)}`;
}

/** A table as aligned text columns. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** A table as GitHub-flavoured Markdown. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `| ${header.map(esc).join(' | ')} |`,
    `|${header.map((_, c) => (c === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

/** '3 runs: s0-r0, s0-r1, s1-r0' — the first few of a list of run ids, and how many more. */
export function runList(runs: readonly string[], shown = 6): string {
  const head = runs.slice(0, shown).join(', ');
  return `${runs.length} run(s): ${head}${runs.length > shown ? `, and ${runs.length - shown} more` : ''}`;
}

/** Text made safe inside HTML. */
export const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

/** A header and rows as an HTML table. */
export function htmlTable({ header, rows }: { header: string[]; rows: string[][] }): string {
  return `<table><thead><tr>${header.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}
