/**
 * Reads a trace of job or task executions (CSV or JSONL) into columns of typed arrays. The file
 * is streamed and each row costs about 40 bytes, so traces of millions of rows fit in memory
 * without holding their text. Rows that cannot be used are skipped, counted by reason and
 * reported with line numbers; nothing is dropped silently. Rows are sorted by submission time.
 */
import { createReadStream } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { UserError } from '../core/errors.js';
import { resolveColumns, type ColumnMapping, type TraceField } from './columns.js';

/** Rows skipped for one reason: how many, and the first few line numbers. */
export interface SkippedRows {
  reason: string;
  count: number;
  lines: number[];
}

/** A trace as columns, sorted by submission time. */
export interface TraceTable {
  file: string;
  /** Column name used for each field found. */
  columns: Partial<Record<TraceField, string>>;
  rows: number;
  /** Seconds since 1970-01-01 (the trace's own clock when its timestamps carry no zone). */
  submit: Float64Array;
  /** Recorded start (seconds, same clock), NaN where unknown. */
  start: Float64Array;
  duration: Float64Array;
  units: Int32Array;
  /** Category index per row into the matching `...Names`; 0 ('default', or 'job' for kinds) when the column is absent. */
  tenant: Int32Array;
  tenantNames: string[];
  pool: Int32Array;
  poolNames: string[];
  kind: Int32Array;
  kindNames: string[];
  framework: Int32Array;
  frameworkNames: string[];
  /** Bytes, NaN where unknown. */
  size: Float64Array;
  /** Rows per status value (when a status column exists). */
  statuses: Record<string, number>;
  /** 1-based line of each kept row in the file. */
  line: Int32Array;
  skipped: SkippedRows[];
  /** Rows whose submission time is earlier than the row before them in the file. */
  outOfOrder: { count: number; firstLine: number };
  /** Every submission time is a whole second (the trace's resolution; ties are common). */
  wholeSeconds: boolean;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Seconds since 1970-01-01 for `2017-10-09 07:01:55`, ISO 8601 with or without a zone, or a
 * plain number of seconds; NaN if unparsable. Zone-less times are read as the trace's wall
 * clock (as if UTC), so no daylight-saving shift moves them.
 */
export function parseTimestamp(text: string): number {
  const s = text.trim();
  if (s === '') return NaN;
  const n = Number(s);
  if (Number.isFinite(n)) return n;
  const m = ISO.exec(s);
  if (!m) return NaN;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(sec) >= 61) return NaN;
  let t = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi)) / 1000 + Number(sec);
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2)) * 60);
  }
  return t;
}

/** A growable column. */
class Column<T extends Float64Array | Int32Array> {
  length = 0;
  constructor(public data: T, private readonly make: (n: number) => T) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.make(Math.max(1024, this.data.length * 2));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  done(order: Int32Array): T {
    const out = this.make(order.length);
    for (let i = 0; i < order.length; i++) out[i] = this.data[order[i] as number] as number;
    return out;
  }
}
const f64 = () => new Column(new Float64Array(0), (n) => new Float64Array(n));
const i32 = () => new Column(new Int32Array(0), (n) => new Int32Array(n));

/** Interns category names to indices. */
class Categories {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  of(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.index.set(name, i);
      this.names.push(name);
    }
    return i;
  }
}

const MAX_LINES_LISTED = 5;

/** Reads and checks `file` (`.jsonl`/`.ndjson` as JSON lines, anything else as CSV). */
export async function readTrace(file: string, mapping: ColumnMapping = {}): Promise<TraceTable> {
  try {
    await access(file);
  } catch {
    throw new UserError(`${file}: cannot read the trace (no such file, or no permission)`);
  }
  if ((await stat(file)).isDirectory()) throw new UserError(`${file}: is a folder; give the trace file (CSV or JSON lines) inside it`);
  const jsonl = /\.(jsonl|ndjson)$/i.test(file);
  const submit = f64(); const start = f64(); const duration = f64(); const size = f64();
  const units = i32(); const line = i32();
  const tenant = i32(); const pool = i32(); const kind = i32(); const framework = i32();
  const tenants = new Categories(); const pools = new Categories(); const kinds = new Categories(); const frameworks = new Categories();
  const statuses: Record<string, number> = {};
  const skipped = new Map<string, SkippedRows>();
  const skip = (reason: string, at: number) => {
    let s = skipped.get(reason);
    if (!s) skipped.set(reason, (s = { reason, count: 0, lines: [] }));
    s.count++;
    if (s.lines.length < MAX_LINES_LISTED) s.lines.push(at);
  };
  let cols: Partial<Record<TraceField, number>> | undefined;
  let header: string[] = [];
  let outOfOrder = 0;
  let firstOutOfOrder = 0;
  let previous = -Infinity;
  let wholeSeconds = true;

  const take = (get: (i: number | undefined) => string | undefined, at: number) => {
    const c = cols as Partial<Record<TraceField, number>>;
    const field = (f: TraceField) => get(c[f]);
    const submitText = field('submit') ?? '';
    const t = parseTimestamp(submitText);
    if (!Number.isFinite(t)) return skip(`unparsable submission time in column '${header[c.submit as number]}'`, at);
    let startAt = NaN;
    if (c.start !== undefined) {
      startAt = parseTimestamp(field('start') ?? '');
      if (!Number.isFinite(startAt)) return skip(`unparsable start time in column '${header[c.start]}'`, at);
      if (startAt < t) return skip('start before submission', at);
    }
    let d: number;
    if (c.duration !== undefined) {
      d = Number(field('duration'));
      if (!Number.isFinite(d) || field('duration')?.trim() === '') return skip(`unparsable duration in column '${header[c.duration]}'`, at);
    } else {
      const endAt = parseTimestamp(field('end') ?? '');
      if (!Number.isFinite(endAt)) return skip(`unparsable end time in column '${header[c.end as number]}'`, at);
      d = endAt - startAt;
    }
    if (d < 0) return skip('negative duration', at);
    let u = 1;
    if (c.units !== undefined) {
      u = Number(field('units'));
      if (!Number.isInteger(u) || u < 1) return skip(`units not a whole number ≥ 1 in column '${header[c.units]}'`, at);
    }
    let bytes = NaN;
    if (c.size !== undefined) {
      bytes = Number(field('size'));
      if (!Number.isFinite(bytes) || bytes < 0) return skip(`size not a number ≥ 0 in column '${header[c.size]}'`, at);
    }
    if (t < previous) {
      if (outOfOrder++ === 0) firstOutOfOrder = at;
    }
    previous = t;
    if (!Number.isInteger(t)) wholeSeconds = false;
    submit.push(t);
    start.push(startAt);
    duration.push(d);
    units.push(u);
    size.push(bytes);
    line.push(at);
    const category = (f: TraceField, cats: Categories, col: Column<Int32Array>) => col.push(cats.of(c[f] === undefined ? (f === 'kind' ? 'job' : 'default') : (field(f)?.trim() || 'unknown')));
    category('tenant', tenants, tenant);
    category('pool', pools, pool);
    category('kind', kinds, kind);
    category('framework', frameworks, framework);
    if (c.status !== undefined) {
      const s = field('status')?.trim() || 'unknown';
      statuses[s] = (statuses[s] ?? 0) + 1;
    }
  };

  const stream = createReadStream(file);
  try {
    if (jsonl) {
      let at = 0;
      for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
        at++;
        if (text.trim() === '') continue;
        let row: Record<string, unknown>;
        try {
          row = JSON.parse(text) as Record<string, unknown>;
        } catch {
          skip('not valid JSON', at);
          continue;
        }
        if (cols === undefined) {
          header = Object.keys(row);
          cols = resolveColumns(header, mapping, file);
        }
        take((i) => {
          if (i === undefined) return undefined;
          const v = row[header[i] as string];
          return v === undefined || v === null ? '' : String(v);
        }, at);
      }
    } else {
      const parser = stream.pipe(parse({ info: true, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }));
      for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        if (cols === undefined) {
          header = record;
          cols = resolveColumns(header, mapping, file);
          continue;
        }
        take((i) => (i === undefined ? undefined : record[i]), info.lines);
      }
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${file}: cannot parse the trace: ${(error as Error).message}`);
  }
  if (cols === undefined) throw new UserError(`${file}: the trace is empty`);
  if (submit.length === 0) {
    const reasons = [...skipped.values()].map((s) => `${s.count} ${s.reason} (lines ${s.lines.join(', ')})`).join('; ');
    throw new UserError(`${file}: no usable rows${reasons ? `: ${reasons}` : ''}`);
  }

  // Stable sort by submission time: equal times keep their order in the file.
  const n = submit.length;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const times = submit.data;
  order.sort((a, b) => (times[a] as number) - (times[b] as number) || a - b);
  const used = cols;
  return {
    file,
    columns: Object.fromEntries(Object.entries(used).map(([f, i]) => [f, header[i as number] as string])),
    rows: n,
    submit: submit.done(order), start: start.done(order), duration: duration.done(order), units: units.done(order),
    tenant: tenant.done(order), tenantNames: tenants.names,
    pool: pool.done(order), poolNames: pools.names,
    kind: kind.done(order), kindNames: kinds.names,
    framework: framework.done(order), frameworkNames: frameworks.names,
    size: size.done(order), statuses, line: line.done(order),
    skipped: [...skipped.values()],
    outOfOrder: { count: outOfOrder, firstLine: firstOutOfOrder },
    wholeSeconds,
  };
}

/** Lines describing what was skipped or reordered, for the CLI and the fit report. */
export function describeReading(t: TraceTable): string[] {
  const out: string[] = [];
  const total = t.rows + t.skipped.reduce((s, k) => s + k.count, 0);
  out.push(`${t.file}: ${t.rows.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows used (columns: ${Object.entries(t.columns).map(([f, c]) => `${f}=${c}`).join(', ')})`);
  for (const s of t.skipped) {
    out.push(`  skipped ${s.count.toLocaleString('en-US')} (${((100 * s.count) / total).toFixed(2)}%): ${s.reason}; lines ${s.lines.join(', ')}${s.count > s.lines.length ? ', ...' : ''}`);
  }
  if (t.outOfOrder.count > 0) {
    out.push(`  ${t.outOfOrder.count.toLocaleString('en-US')} rows were earlier than the row before them (first at line ${t.outOfOrder.firstLine}); rows were sorted by submission time`);
  }
  return out;
}
