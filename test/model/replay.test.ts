/**
 * Replay of a recorded trace. The shipped synthetic trace was recorded on a 40-GPU FIFO
 * platform (scripts/make-example-trace.ts), so replaying it on that platform must reproduce
 * its recorded start times; with ample capacity every job starts as it is submitted. Growth
 * thins or superposes jobs; jobs larger than the pool are rejected and counted.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fifo, loadScenarioInputs, mondayBefore, runScenario, type ScenarioInputs } from '../../src/model/index.js';
import { type TaskRecord } from '../../src/core/records.js';
import type { Scenario } from '../../src/config/schema.js';
import { scenario } from '../helpers/scenario.js';

const TRACE = path.resolve('experiments/traces/synthetic-jobs.csv');
const DAY = 86400;

const replayScenario = (capacity: number, extra: { growth?: number; jitter?: string } = {}): Scenario => scenario({
  horizon: '35d',
  warmup: 0,
  platform: { pools: { gpu: { capacity } } },
  workload: { replay: { trace: TRACE, kind: 'train', jitter: extra.jitter ?? '0s' }, growth: extra.growth ?? 1 },
  tasks: { train: { pool: 'gpu' } },
});

let inputs: ScenarioInputs;
beforeAll(async () => {
  inputs = await loadScenarioInputs(replayScenario(40));
});

function replay(s: Scenario, replication = 0) {
  const records: TaskRecord[] = [];
  const out = runScenario(s, fifo, 1, replication, { onTaskEnd: (r) => records.push(r) }, inputs);
  records.sort((a, b) => a.pipelineArrivedAt - b.pipelineArrivedAt || a.startedAt - b.startedAt);
  return { out, records };
}

describe('replay of the synthetic trace', () => {
  it('on the recorded 40-GPU FIFO platform, reproduces the recorded start times to the millisecond', () => {
    const trace = inputs.trace!;
    const origin = mondayBefore(trace.submit[0]!);
    const { records } = replay(replayScenario(40));
    expect(records.length).toBe(trace.rows);
    let compared = 0;
    let waited = 0;
    for (let i = 0; i < trace.rows; i++) {
      const recordedStart = trace.start[i]! - origin;
      // Jobs still running when the recording stopped are not in the trace, so compare the
      // first three weeks, which they cannot have influenced.
      if (recordedStart > 21 * DAY) break;
      expect(Math.abs(records[i]!.pipelineArrivedAt - (trace.submit[i]! - origin))).toBeLessThan(1e-6);
      expect(Math.abs(records[i]!.startedAt - recordedStart)).toBeLessThan(0.002);
      if (recordedStart - (trace.submit[i]! - origin) > 1) waited++;
      compared++;
    }
    expect(compared).toBeGreaterThan(7000);
    // The check has teeth only if jobs did queue on the recorded platform.
    expect(waited).toBeGreaterThan(100);
  });

  it('with ample capacity, starts every job as it is submitted, with its recorded duration and GPUs', () => {
    const trace = inputs.trace!;
    const { records } = replay(replayScenario(10_000));
    for (const [i, r] of records.entries()) {
      expect(r.startedAt).toBe(r.readyAt);
      expect(r.endedAt - r.startedAt).toBeCloseTo(trace.duration[i]!, 6);
      expect(r.units).toBe(trace.units[i]);
    }
  });

  it('growth thins (0.5) and superposes (2, 1.5) jobs', () => {
    const n = inputs.trace!.rows;
    const arrived = (growth: number) => replay(replayScenario(10_000, { growth })).out.metrics['pipeline.arrived']!;
    expect(arrived(2)).toBe(2 * n);
    // Binomial thinning: within 4 standard deviations.
    expect(Math.abs(arrived(0.5) - 0.5 * n)).toBeLessThan(4 * Math.sqrt(n * 0.25));
    expect(Math.abs(arrived(1.5) - 1.5 * n)).toBeLessThan(4 * Math.sqrt(n * 0.25));
  });

  it('rejects and counts jobs that need more GPUs than the pool has, instead of blocking the queue', () => {
    const trace = inputs.trace!;
    const larger = Array.from(trace.units).filter((u) => u > 4).length;
    expect(larger).toBeGreaterThan(0);
    const { out, records } = replay(replayScenario(4));
    expect(out.metrics['pipeline.rejected']).toBe(larger);
    expect(out.metrics['pipeline.arrived']).toBe(trace.rows - larger);
    expect(records.every((r) => r.units <= 4)).toBe(true);
  });

  it('varies between replications only by the jitter within the recorded second', () => {
    const s = replayScenario(40, { jitter: '1s' });
    const a = replay(s, 0).records;
    const b = replay(s, 1).records;
    const again = replay(s, 0).records;
    expect(again).toEqual(a);
    expect(a.map((r) => r.pipelineArrivedAt)).not.toEqual(b.map((r) => r.pipelineArrivedAt));
    const base = replay(replayScenario(40)).records;
    for (const [i, r] of a.entries()) {
      const shift = r.pipelineArrivedAt - base[i]!.pipelineArrivedAt;
      expect(shift).toBeGreaterThanOrEqual(-1);
      expect(shift).toBeLessThan(1);
    }
  });
});
