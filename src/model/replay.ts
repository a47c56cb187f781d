/**
 * Replay of a recorded trace: every row becomes a single-task pipeline arriving at its recorded
 * submission time, with its recorded duration, units and tenant. Simulated time 0 is the Monday
 * 00:00 before the trace's first submission, so hours of the week keep their meaning.
 *
 * What varies between replications (the trace leaves it open):
 * - the order within ties: each submission moves later by a uniform offset in [0, jitter)
 *   (default 1 s, the resolution of most traces);
 * - growth g: each row is replayed ⌊g⌋ times plus once more with probability g − ⌊g⌋
 *   (thinning when g < 1, superposition when g > 1); copies after the first are placed
 *   uniformly within ± copySpread of the original, so they keep its hour of the week.
 */
import type { Scenario } from '../config/schema.js';
import type { Rng } from '../random/index.js';
import { UserError } from '../core/errors.js';
import type { ReplayNote } from '../core/records.js';
import { checkMapping } from '../trace/columns.js';
import { readTrace, type SkippedRows, type TraceTable } from '../trace/read.js';

export type { ReplayNote } from '../core/records.js';
import { replayable } from '../trace/replayable.js';

export type ReplaySpec = NonNullable<Scenario['workload']['replay']>;

const WEEK = 7 * 86400;
/** 1970-01-01 was a Thursday, 3 days after a Monday. */
const EPOCH_AFTER_MONDAY = 3 * 86400;

/** The Monday 00:00 at or before `t` (seconds since 1970, the trace's clock). */
export function mondayBefore(t: number): number {
  return Math.floor((t + EPOCH_AFTER_MONDAY) / WEEK) * WEEK - EPOCH_AFTER_MONDAY;
}

/** Arrivals of one replication, sorted by time: simulated time and trace row. */
export interface ReplayArrivals {
  time: Float64Array;
  row: Int32Array;
}

export function replayArrivals(trace: TraceTable, spec: ReplaySpec, growth: number, jitterRng: Rng, growthRng: Rng): ReplayArrivals {
  const origin = mondayBefore(trace.submit[0] as number);
  const whole = Math.floor(growth);
  const extra = growth - whole;
  const times: number[] = [];
  const rows: number[] = [];
  for (let i = 0; i < trace.rows; i++) {
    // One jitter draw per row whatever the growth, so growth scenarios share the rest.
    const t = (trace.submit[i] as number) - origin + jitterRng() * spec.jitter;
    const copies = whole + (extra > 0 && growthRng() < extra ? 1 : 0);
    for (let c = 0; c < copies; c++) {
      times.push(c === 0 ? t : Math.max(0, t + (2 * growthRng() - 1) * spec.copySpread));
      rows.push(i);
    }
  }
  const order = Int32Array.from(times.keys()).sort((a, b) => (times[a] as number) - (times[b] as number) || a - b);
  return { time: Float64Array.from(order, (i) => times[i] as number), row: Int32Array.from(order, (i) => rows[i] as number) };
}

/** What a scenario needs beyond its own fields, loaded before it runs (asynchronously). */
export interface ScenarioInputs {
  trace?: TraceTable;
  replayNote?: ReplayNote;
}

const traces = new Map<string, Promise<Required<ScenarioInputs>>>();

async function readReplay(file: string, mapping: ReturnType<typeof checkMapping>, timeUnit: ReplaySpec['timeUnit']): Promise<Required<ScenarioInputs>> {
  const read = await readTrace(file, mapping, timeUnit ? { timeUnit } : {});
  const { trace, dropped } = replayable(read);
  const skippedRows = read.skipped.reduce((sum, s) => sum + s.count, 0);
  return { trace, replayNote: { trace: file, rows: read.rows + skippedRows, arrivals: read.rows, replayed: trace.rows, skipped: read.skipped, notReplayed: dropped } };
}

/** Reads the scenario's replay trace, once per process for each file and column mapping. */
export async function loadScenarioInputs(scenario: Scenario): Promise<ScenarioInputs> {
  const replay = scenario.workload.replay;
  if (!replay) return {};
  const mapping = checkMapping(replay.columns, 'workload.replay.columns');
  const key = `${replay.trace}\0${JSON.stringify(mapping)}\0${replay.timeUnit ?? ''}`;
  let loading = traces.get(key);
  if (!loading) {
    loading = readReplay(replay.trace, mapping, replay.timeUnit);
    traces.set(key, loading);
    loading.catch(() => traces.delete(key));
  }
  const inputs = await loading;
  if (inputs.trace.rows === 0) throw new UserError(`${replay.trace}: no row can be replayed (${describeNotReplayed(inputs.replayNote).join('; ')})`);
  return inputs;
}

/** One line per reason rows of a replayed trace were left out. */
export function describeNotReplayed(note: ReplayNote): string[] {
  const lines = (s: SkippedRows) => `lines ${s.lines.join(', ')}${s.count > s.lines.length ? ', ...' : ''}`;
  return [
    ...note.skipped.map((s) => `${s.count} rows skipped, no submission time: ${s.reason}; ${lines(s)}`),
    ...note.notReplayed.map((s) => `${s.count} arrivals not replayed: ${s.reason}; ${lines(s)}`),
  ];
}
