/**
 * The rows of a trace a replay can run: an arrival whose duration or units are unknown, or
 * that used no units (a CPU-only job, on a pool counted in units), cannot be replayed as
 * recorded. They are counted by reason with their line numbers, never dropped silently.
 */
import { ReasonCounts, UNKNOWN_UNITS, type SkippedRows, type TraceTable } from './read.js';

/** What a replay of `file` runs, and what it cannot. */
export interface ReplayableTrace {
  trace: TraceTable;
  /** Arrivals of the file that are not replayed, by reason. */
  dropped: SkippedRows[];
}

/** Why row `i` cannot be replayed, or undefined. */
function reasonAgainst(trace: TraceTable, i: number): string | undefined {
  if (!Number.isFinite(trace.duration[i] as number)) return 'duration unknown';
  const units = trace.units[i] as number;
  if (units === UNKNOWN_UNITS) return 'units unknown';
  if (units === 0) return '0 units (a job that used none of the pool; pipesim fit models them on a cpu pool)';
  return undefined;
}

export function replayable(trace: TraceTable): ReplayableTrace {
  const keep: number[] = [];
  const dropped = new ReasonCounts();
  for (let i = 0; i < trace.rows; i++) {
    const reason = reasonAgainst(trace, i);
    if (reason === undefined) keep.push(i);
    else dropped.add(reason, trace.line[i] as number);
  }
  if (keep.length === trace.rows) return { trace, dropped: [] };
  const listed: SkippedRows[] = dropped.list();
  // Lines listed in file order, whatever the order of submission times.
  for (const s of listed) s.lines.sort((a, b) => a - b);
  const pick = <T extends Float64Array | Int32Array>(column: T): T => {
    const out = new (column.constructor as new (n: number) => T)(keep.length);
    keep.forEach((row, j) => { out[j] = column[row] as number; });
    return out;
  };
  return {
    trace: {
      ...trace,
      rows: keep.length,
      complete: keep.length,
      submit: pick(trace.submit), start: pick(trace.start), duration: pick(trace.duration), units: pick(trace.units),
      tenant: pick(trace.tenant), pool: pick(trace.pool), kind: pick(trace.kind), framework: pick(trace.framework),
      size: pick(trace.size), line: pick(trace.line),
    },
    dropped: listed,
  };
}
