/**
 * JSON lines that keep non-finite numbers: JSON has no NaN or Infinity, so they are written
 * as the strings "NaN", "Infinity" and "-Infinity" and read back as numbers. Appended one
 * line at a time; a last line cut short by a kill is not a record.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

const NON_FINITE: Readonly<Record<string, number>> = { NaN, Infinity, '-Infinity': -Infinity };

/** One line of JSON for `value`, non-finite numbers spelled as strings. */
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))}\n`;
}

/** Parses a line written by `jsonLine`. */
export function parseJsonLine(line: string): unknown {
  return JSON.parse(line, (_key, v: unknown) => (typeof v === 'string' && v in NON_FINITE ? NON_FINITE[v] : v));
}

export function appendJsonLine(file: string, value: unknown): void {
  appendFileSync(file, jsonLine(value));
}

/** Every complete line of `file` parsed (none if it does not exist; an unparsable line is skipped). */
export function readJsonLines(file: string): unknown[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  if (!text.endsWith('\n')) lines.pop();
  return lines.filter((l) => l.trim() !== '').flatMap((l) => {
    try {
      return [parseJsonLine(l)];
    } catch {
      return [];
    }
  });
}
