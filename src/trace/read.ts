/**
 * Reads a trace of job or task executions (CSV or JSONL) into columns of typed arrays. The file
 * is streamed and each row costs about 40 bytes, so traces of millions of rows fit in memory
 * without holding their text. A row with a usable submission time is an arrival whatever else
 * is wrong with it: its unusable fields are unknown (NaN duration, units -1) and counted by
 * reason with line numbers. Rows without one are skipped, counted the same way; nothing is
 * dropped silently. Rows are sorted by submission time.
 */
import { createReadStream } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { UserError } from '../core/errors.js';
import type { RowsByReason } from '../core/records.js';
import { resolveColumns, type ColumnMapping, type TraceField } from './columns.js';
import { readTimestamp, TIME_UNITS, type TimeUnit } from './timestamps.js';

export { parseTimestamp } from './timestamps.js';

/** Rows skipped (or a field unknown) for one reason. */
export type SkippedRows = RowsByReason;

/** A trace as columns, sorted by submission time. */
export interface TraceTable {
  file: string;
  /** Column name used for each field found. */
  columns: Partial<Record<TraceField, string>>;
  /** Arrivals: rows with a usable submission time. */
  rows: number;
  /** Rows whose duration and units are known too (the rest are arrivals only). */
  complete: number;
  /** Seconds since 1970-01-01 (the trace's own clock when its timestamps carry no zone). */
  submit: Float64Array;
  /** Recorded start (seconds, same clock), NaN where unknown. */
  start: Float64Array;
  /** Seconds; NaN where unknown. */
  duration: Float64Array;
  /** Whole units ≥ 0 (0: a job that used none, e.g. CPU-only); UNKNOWN_UNITS where unknown. */
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
  /** Rows that are not arrivals (no usable submission time). */
  skipped: SkippedRows[];
  /** Arrivals with a field unknown, by reason (a row may have several). */
  incomplete: SkippedRows[];
  /** How numbers in each time column were read (by magnitude, or as --time-unit said). */
  timeUnits: Partial<Record<'submit' | 'start' | 'end', TimeUnit[]>>;
  /** Rows whose submission time is earlier than the row before them in the file. */
  outOfOrder: { count: number; firstLine: number };
  /** Every submission time is a whole second (the trace's resolution; ties are common). */
  wholeSeconds: boolean;
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
/** Units of a row whose units column is unusable. */
export const UNKNOWN_UNITS = -1;

export interface ReadOptions {
  /** How numbers in time columns count; by default their magnitude tells. */
  timeUnit?: TimeUnit;
}

/** Counts rows by reason, keeping the first few line numbers of each. */
export class ReasonCounts {
  private readonly byReason = new Map<string, SkippedRows>();
  add(reason: string, line: number): void {
    let s = this.byReason.get(reason);
    if (!s) this.byReason.set(reason, (s = { reason, count: 0, lines: [] }));
    s.count++;
    if (s.lines.length < MAX_LINES_LISTED) s.lines.push(line);
  }
  list(): SkippedRows[] {
    return [...this.byReason.values()];
  }
}

/** Reads and checks `file` (`.jsonl`/`.ndjson` as JSON lines, anything else as CSV). */
export async function readTrace(file: string, mapping: ColumnMapping = {}, options: ReadOptions = {}): Promise<TraceTable> {
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
  const skipped = new ReasonCounts();
  const incomplete = new ReasonCounts();
  const timeUnits: Record<'submit' | 'start' | 'end', Set<TimeUnit>> = { submit: new Set(), start: new Set(), end: new Set() };
  let cols: Partial<Record<TraceField, number>> | undefined;
  let header: string[] = [];
  let outOfOrder = 0;
  let firstOutOfOrder = 0;
  let previous = -Infinity;
  let wholeSeconds = true;
  let complete = 0;

  /** A time field's seconds, or NaN with the reason counted against the row. */
  const timeOf = (field: 'submit' | 'start' | 'end', text: string | undefined, at: number, counts: ReasonCounts): number => {
    const reading = readTimestamp(text ?? '', options.timeUnit);
    if ('problem' in reading) {
      counts.add(`${field === 'submit' ? 'submission' : field} time in column '${header[cols?.[field] as number]}': ${reading.problem}`, at);
      return NaN;
    }
    if (reading.unit) timeUnits[field].add(reading.unit);
    return reading.seconds;
  };

  const take = (get: (i: number | undefined) => string | undefined, at: number) => {
    const c = cols as Partial<Record<TraceField, number>>;
    const field = (f: TraceField) => get(c[f]);
    const t = timeOf('submit', field('submit'), at, skipped);
    if (!Number.isFinite(t)) return;
    // From here on the row is an arrival: what is wrong with its other fields makes them unknown.
    let startAt = NaN;
    if (c.start !== undefined) {
      startAt = timeOf('start', field('start'), at, incomplete);
      if (startAt < t) {
        incomplete.add('start before submission', at);
        startAt = NaN;
      }
    }
    let d = NaN;
    if (c.duration !== undefined) {
      const text = field('duration')?.trim() ?? '';
      d = text === '' ? NaN : Number(text);
      if (!Number.isFinite(d)) incomplete.add(`unparsable duration in column '${header[c.duration]}'`, at);
    } else if (Number.isFinite(startAt)) {
      d = timeOf('end', field('end'), at, incomplete) - startAt;
    } else if (c.start !== undefined) {
      incomplete.add('no duration: the start time is unusable', at);
    }
    if (d < 0) {
      incomplete.add('negative duration', at);
      d = NaN;
    }
    let u = 1;
    if (c.units !== undefined) {
      u = Number(field('units'));
      if (!Number.isInteger(u) || u < 0 || field('units')?.trim() === '') {
        incomplete.add(`units not a whole number ≥ 0 in column '${header[c.units]}'`, at);
        u = UNKNOWN_UNITS;
      }
    }
    let bytes = NaN;
    if (c.size !== undefined) {
      bytes = Number(field('size'));
      if (!Number.isFinite(bytes) || bytes < 0) {
        incomplete.add(`size not a number ≥ 0 in column '${header[c.size]}'`, at);
        bytes = NaN;
      }
    }
    if (Number.isFinite(d) && u !== UNKNOWN_UNITS) complete++;
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
      // Columns are the union of every object's keys: an optional key missing from the first
      // object is a missing value there, not a missing column.
      header = await jsonKeys(file);
      cols = resolveColumns(header, mapping, file);
      let at = 0;
      for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
        at++;
        if (text.trim() === '') continue;
        const row = jsonObject(text);
        if (typeof row === 'string') {
          skipped.add(row, at);
          continue;
        }
        take((i) => {
          if (i === undefined) return undefined;
          const v = row[header[i] as string];
          return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
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
    // The parser quotes the offending field: a binary file's would fill the screen with noise.
    const message = (error as Error).message.replace(/\\u00[0-9a-f]{2}|[^\x20-\x7e]+/gi, '?');
    throw new UserError(`${file}: cannot parse the trace: ${message.length > 200 ? `${message.slice(0, 200)}...` : message}`, 'a trace is CSV with a header row, or JSON lines (.jsonl) of one object each');
  }
  if (cols === undefined) throw new UserError(`${file}: the trace is empty`);
  if (submit.length === 0) {
    const reasons = skipped.list().map((s) => `${s.count} ${s.reason} (lines ${s.lines.join(', ')})`).join('; ');
    throw new UserError(`${file}: no row has a usable submission time${reasons ? `: ${reasons}` : ''}`, options.timeUnit ? undefined : 'numbers since the epoch are read by magnitude; say how they count with --time-unit s|ms|us|ns');
  }

  // Stable sort by submission time: equal times keep their order in the file.
  const n = submit.length;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const times = submit.data;
  order.sort((a, b) => (times[a] as number) - (times[b] as number) || a - b);
  const used = cols;
  const unitsRead = Object.fromEntries(Object.entries(timeUnits).filter(([, u]) => u.size > 0).map(([f, u]) => [f, [...u].sort((a, b) => TIME_UNITS[a] - TIME_UNITS[b])]));
  return {
    file,
    columns: Object.fromEntries(Object.entries(used).map(([f, i]) => [f, header[i as number] as string])),
    rows: n,
    complete,
    submit: submit.done(order), start: start.done(order), duration: duration.done(order), units: units.done(order),
    tenant: tenant.done(order), tenantNames: tenants.names,
    pool: pool.done(order), poolNames: pools.names,
    kind: kind.done(order), kindNames: kinds.names,
    framework: framework.done(order), frameworkNames: frameworks.names,
    size: size.done(order), statuses, line: line.done(order),
    skipped: skipped.list(),
    incomplete: incomplete.list(),
    timeUnits: unitsRead,
    outOfOrder: { count: outOfOrder, firstLine: firstOutOfOrder },
    wholeSeconds,
  };
}

/** Every key of every object in a JSON-lines file, in order of first appearance. */
async function jsonKeys(file: string): Promise<string[]> {
  const keys = new Set<string>();
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (text.trim() === '') continue;
    const row = jsonObject(text);
    if (typeof row !== 'string') for (const key of Object.keys(row)) keys.add(key);
  }
  if (keys.size === 0) throw new UserError(`${file}: no line is a JSON object (JSON lines: one object per line)`);
  return [...keys];
}

/** A line of JSON lines as an object, or why it is not one. */
function jsonObject(text: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : 'not a JSON object';
}

const UNIT_NAMES: Record<TimeUnit, string> = { s: 'seconds', ms: 'milliseconds', us: 'microseconds', ns: 'nanoseconds' };

const listed = (s: SkippedRows) => `lines ${s.lines.join(', ')}${s.count > s.lines.length ? ', ...' : ''}`;

/** Lines describing what was skipped, unknown or reordered, for the CLI and the fit report. */
export function describeReading(t: TraceTable): string[] {
  const out: string[] = [];
  const total = t.rows + t.skipped.reduce((s, k) => s + k.count, 0);
  const count = (n: number) => n.toLocaleString('en-US');
  out.push(`${t.file}: ${count(t.rows)} of ${count(total)} rows are arrivals, ${count(t.complete)} of them with a usable duration and units (columns: ${Object.entries(t.columns).map(([f, c]) => `${f}=${c}`).join(', ')})`);
  for (const s of t.skipped) {
    out.push(`  skipped ${count(s.count)} (${((100 * s.count) / total).toFixed(2)}%), no arrival: ${s.reason}; ${listed(s)}`);
  }
  for (const s of t.incomplete) {
    out.push(`  ${count(s.count)} arrivals (${((100 * s.count) / t.rows).toFixed(2)}%) kept without the field: ${s.reason}; ${listed(s)}`);
  }
  for (const [field, units] of Object.entries(t.timeUnits)) {
    if (units.some((u) => u !== 's')) out.push(`  numbers in the ${field} column read as ${units.map((u) => UNIT_NAMES[u]).join(' and ')} since 1970 (by magnitude unless --time-unit says)`);
  }
  if (t.outOfOrder.count > 0) {
    out.push(`  ${count(t.outOfOrder.count)} rows were earlier than the row before them (first at line ${t.outOfOrder.firstLine}); rows were sorted by submission time`);
  }
  return out;
}
