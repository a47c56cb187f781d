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
 *   uniformly within ± copySpread of the original, so they keep its hour of the week;
 * - with `resample: { block }`, which days were recorded: the trace's span (from the Monday
 *   before its first submission) is cut into blocks, and block k of a replication is a block
 *   drawn with replacement from the window of steady arrivals (a sparse lead-in is not drawn)
 *   — among those at the same point of the week when the block length divides a week (a
 *   Tuesday for a Tuesday with 1d blocks), else among all. Jobs keep their offset within
 *   their block. This is a block bootstrap: a comparison's interval then says
 *   how much the answer depends on which days the trace happened to hold.
 */
import type { Scenario } from '../config/schema.js';
import type { Rng } from '../random/index.js';
import { UserError } from '../core/errors.js';
import type { ReplayNote } from '../core/records.js';
import { checkMapping } from '../trace/columns.js';
import { readTrace, type SkippedRows, type TraceTable } from '../trace/read.js';

export type { ReplayNote } from '../core/records.js';
import { replayable } from '../trace/replayable.js';
import { arrivalWindow, type ArrivalWindow } from '../trace/window.js';

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

export function replayArrivals(trace: TraceTable, spec: ReplaySpec, growth: number, jitterRng: Rng, growthRng: Rng, resampleRng?: Rng): ReplayArrivals {
  const origin = mondayBefore(trace.submit[0] as number);
  const recorded = { time: Float64Array.from(trace.submit, (t) => t - origin), row: Int32Array.from({ length: trace.rows }, (_, i) => i) };
  const base = spec.resample && resampleRng ? resampleBlocks(recorded.time, spec.resample.block, resampleRng, arrivalWindow(trace.submit)) : recorded;
  const whole = Math.floor(growth);
  const extra = growth - whole;
  const times: number[] = [];
  const rows: number[] = [];
  for (let j = 0; j < base.row.length; j++) {
    const i = base.row[j] as number;
    // One jitter draw per row whatever the growth, so growth scenarios share the rest.
    const t = (base.time[j] as number) + jitterRng() * spec.jitter;
    const copies = whole + (extra > 0 && growthRng() < extra ? 1 : 0);
    for (let c = 0; c < copies; c++) {
      times.push(c === 0 ? t : Math.max(0, t + (2 * growthRng() - 1) * spec.copySpread));
      rows.push(i);
    }
  }
  const order = Int32Array.from(times.keys()).sort((a, b) => (times[a] as number) - (times[b] as number) || a - b);
  return { time: Float64Array.from(order, (i) => times[i] as number), row: Int32Array.from(order, (i) => rows[i] as number) };
}

/**
 * A block bootstrap of sorted times (seconds from a Monday 00:00): as many blocks as the span
 * holds, block k drawn with replacement among the blocks inside `window` (rows of steady
 * arrivals) at the same phase of the week when `block` divides a week, else among all of
 * them; times keep their offset in their block.
 */
export function resampleBlocks(sortedTimes: Float64Array, block: number, rng: Rng, window: ArrivalWindow = { from: 0, to: sortedTimes.length, before: 0, after: 0 }): { time: Float64Array; row: Int32Array } {
  const n = sortedTimes.length;
  const blocks = Math.max(1, Math.ceil(((sortedTimes[n - 1] as number) + 1e-9) / block));
  const first = Math.floor((sortedTimes[window.from] as number) / block);
  const last = Math.floor((sortedTimes[window.to - 1] as number) / block);
  // Row ranges of each block (times are sorted).
  const starts = new Int32Array(blocks + 1);
  let r = 0;
  for (let b = 0; b <= blocks; b++) {
    while (r < n && (sortedTimes[r] as number) < b * block) r++;
    starts[b] = b === blocks ? n : r;
  }
  const perWeek = WEEK / block;
  const eligible = last - first + 1;
  const phases = Number.isInteger(perWeek) && eligible >= 2 * perWeek ? perWeek : 1;
  const time: number[] = [];
  const row: number[] = [];
  for (let k = 0; k < blocks; k++) {
    // Eligible blocks: inside the window, at k's phase of the week.
    const phase = k % phases;
    const lowest = first + ((((phase - first) % phases) + phases) % phases);
    const choices = Math.floor((last - lowest) / phases) + 1;
    const drawn = lowest + phases * Math.floor(rng() * choices);
    for (let i = starts[drawn] as number; i < (starts[drawn + 1] as number); i++) {
      time.push(k * block + (sortedTimes[i] as number) - drawn * block);
      row.push(i);
    }
  }
  return { time: Float64Array.from(time), row: Int32Array.from(row) };
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
