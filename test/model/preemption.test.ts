/**
 * Preemption and quotas by exact traces worked out by hand: every start, preemption, resume and
 * finish time of small replayed traces (jobs submitted at known seconds on a tiny pool).
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScheduler } from '../../src/model/index.js';
import { jainIndex } from '../../src/model/preemption-metrics.js';
import { las, srtf, type PolicyContext, type PolicySettings } from '../../src/model/policies/index.js';
import { TraceRunner, type Job } from '../helpers/trace-run.js';

const runner = new TraceRunner();
afterAll(() => runner.close());

/** Jobs on one pool `gpu` of `platform` under `policy`, for `tenants` (names or their settings). */
async function trace(jobs: Job[], platform: Record<string, unknown>, policy: Record<string, unknown>, tenants: string[] | Record<string, object> = ['x'], horizon = '1d') {
  const { events, metrics } = await runner.run(jobs, {
    horizon, platform: { pools: { gpu: platform } }, policy,
    tenants: Array.isArray(tenants) ? Object.fromEntries(tenants.map((t) => [t, {}])) : tenants,
  });
  return { events, metrics };
}

describe('preemption, exact traces', () => {
  // A (100 s) runs alone; B (20 s) arrives at 10 and preempts it; C (50 s) at 40 preempts A
  // again, whose remaining work is then larger than C's.
  const jobs: Job[] = [{ name: 'A', at: 0, seconds: 100 }, { name: 'B', at: 10, seconds: 20 }, { name: 'C', at: 40, seconds: 50 }];

  it('srtf resumes a preempted task with its remaining work', async () => {
    const { events, metrics } = await trace(jobs, { capacity: 1 }, { scheduler: 'srtf' });
    expect(events).toEqual([
      'A start 0', 'A preempt 10', 'B start 10', 'B finish 30', 'A resume 30',
      'A preempt 40', 'C start 40', 'C finish 90', 'A resume 90', 'A finish 170',
    ]);
    expect(metrics['task.preemptions.mean']).toBeCloseTo(2 / 3, 12);
    expect(metrics['task.lostSeconds.mean']).toBe(0);
    // Waits include time queued again after a preemption: A 20 + 50, B 0, C 0.
    expect(metrics['pipeline.wait.mean']).toBeCloseTo(70 / 3, 9);
    expect(metrics['pipeline.latency.mean']).toBeCloseTo((170 + 20 + 50) / 3, 9);
  });

  it('adds the checkpoint/restore overhead to each resume, counted as lost work', async () => {
    const { events, metrics } = await trace(jobs, { capacity: 1 }, { scheduler: 'srtf', preemption: { overhead: '5s' } });
    // At 40, A has restored for 5 s and computed 5 more: 85 s remain, more than C's 50.
    expect(events).toEqual([
      'A start 0', 'A preempt 10', 'B start 10', 'B finish 30', 'A resume 30',
      'A preempt 40', 'C start 40', 'C finish 90', 'A resume 90', 'A finish 180',
    ]);
    expect(metrics['task.lostSeconds.mean']).toBeCloseTo(10 / 3, 12);
  });

  it('restarts a preempted task from scratch when preemption.mode is restart', async () => {
    const { events, metrics } = await trace(jobs, { capacity: 1 }, { scheduler: 'srtf', preemption: { mode: 'restart' } });
    // At 40, A's second attempt has 90 s left (> 50): preempted again, it starts over at 90.
    expect(events).toEqual([
      'A start 0', 'A preempt 10', 'B start 10', 'B finish 30', 'A resume 30',
      'A preempt 40', 'C start 40', 'C finish 90', 'A resume 90', 'A finish 190',
    ]);
    expect(metrics['task.lostSeconds.mean']).toBeCloseTo(20 / 3, 12);
  });

  it('las demotes a task past a threshold, and a newcomer of a lower queue preempts it', async () => {
    // Thresholds at 30 s: A is demoted at 30 and preempted by B, waiting since 20 in queue 0.
    // B (50 s) is demoted at 30 + 30 = 60, but A is in queue 1 too: same rank, no preemption.
    const { events } = await trace(
      [{ name: 'A', at: 0, seconds: 100 }, { name: 'B', at: 20, seconds: 50 }],
      { capacity: 1 }, { scheduler: 'las', las: { thresholds: ['30s'] } },
    );
    expect(events).toEqual(['A start 0', 'A preempt 30', 'B start 30', 'B finish 80', 'A resume 80', 'A finish 150']);
  });

  it('2D-LAS counts units × time: a 2-unit task crosses the threshold twice as fast', async () => {
    const { events } = await trace(
      [{ name: 'A', at: 0, seconds: 100, units: 2 }, { name: 'B', at: 5, seconds: 10, units: 2 }],
      { capacity: 2 }, { scheduler: 'las', las: { thresholds: ['30s'], service: 'unit-time' } },
    );
    expect(events).toEqual(['A start 0', 'A preempt 15', 'B start 15', 'B finish 25', 'A resume 25', 'A finish 110']);
  });

  it('preemptive-priority preempts only lower-priority tenants, the latest started first', async () => {
    const { events } = await trace(
      [
        { name: 'L1', at: 0, seconds: 100, tenant: 'low' }, { name: 'L2', at: 1, seconds: 100, tenant: 'low' },
        { name: 'H1', at: 10, seconds: 20, tenant: 'high' }, { name: 'H2', at: 12, seconds: 20, tenant: 'high' },
        { name: 'H3', at: 14, seconds: 5, tenant: 'high' },
      ],
      { capacity: 2 }, { scheduler: 'preemptive-priority' }, { low: {}, high: { priority: 5 } },
    );
    // H1 takes L2's units (started last), H2 L1's; H3 waits for a high task to end. The low
    // tasks resume in the order they were preempted, with 91 and 88 s left.
    expect(events).toEqual([
      'L1 start 0', 'L2 start 1', 'L2 preempt 10', 'H1 start 10', 'L1 preempt 12', 'H2 start 12',
      'H1 finish 30', 'H3 start 30', 'H2 finish 32', 'L2 resume 32', 'H3 finish 35', 'L1 resume 35', 'L2 finish 123', 'L1 finish 123',
    ]);
  });

  it('counts a job preempted and queued at the horizon from its preemption on, not from its arrival', async () => {
    const { events, metrics } = await trace([{ name: 'A', at: 0, seconds: 1000 }, { name: 'B', at: 10, seconds: 50 }], { capacity: 1 }, { scheduler: 'srtf' }, ['x'], '30s');
    expect(events).toEqual(['A start 0', 'A preempt 10', 'B start 10']);
    // At 30: A has waited 20 s since it was preempted (its 10 s of running are no wait), B none.
    expect(metrics['pipeline.inFlight']).toBe(2);
    expect(metrics['pipeline.wait.inclusive.mean']).toBeCloseTo(10, 9);
  });

  it('does not preempt for a head whose rank is not strictly better', async () => {
    const { events } = await trace(
      [{ name: 'A', at: 0, seconds: 50 }, { name: 'B', at: 10, seconds: 40 }],
      { capacity: 1 }, { scheduler: 'srtf' },
    );
    // At 10, A has 40 s left, as much as B: A keeps running.
    expect(events).toEqual(['A start 0', 'A finish 50', 'B start 50', 'B finish 90']);
  });
});

describe('quotas, exact traces', () => {
  it('lets a tenant borrow idle units and reclaims them by preemption when the owner needs them', async () => {
    const { events, metrics } = await trace(
      [{ name: 'Y', at: 0, seconds: 100, units: 4, tenant: 'y' }, { name: 'X', at: 10, seconds: 50, units: 2, tenant: 'x' }],
      { capacity: 4, quotas: { x: 2, y: 2 } }, { scheduler: 'fifo' }, ['x', 'y'],
    );
    // Y borrows x's 2 idle units; X (within its guarantee) reclaims them at 10. Y needs 4 and only
    // 2 are free until X finishes at 60; it resumes with 90 s left.
    expect(events).toEqual(['Y start 0', 'Y preempt 10', 'X start 10', 'X finish 60', 'Y resume 60', 'Y finish 150']);
    expect(metrics['pool.gpu.reclaims']).toBe(1);
    expect(metrics['tenant.x.latency.mean']).toBe(50);
    expect(metrics['tenant.y.latency.mean']).toBe(150);
    expect(metrics['tenant.y.slowdown.mean']).toBe(1.5);
    expect(metrics['tenant.fairness']).toBeCloseTo(jainIndex([1, 1.5]), 12);
  });

  it('without borrowing, a tenant never exceeds its quota even when units are idle', async () => {
    const { events, metrics } = await trace(
      [{ name: 'Y1', at: 0, seconds: 30, units: 2, tenant: 'y' }, { name: 'Y2', at: 5, seconds: 30, units: 2, tenant: 'y' }, { name: 'X', at: 50, seconds: 10, units: 2, tenant: 'x' }],
      { capacity: 4, quotas: { x: 2, y: 2 }, borrowing: false }, { scheduler: 'fifo' }, ['x', 'y'],
    );
    expect(events).toEqual(['Y1 start 0', 'Y1 finish 30', 'Y2 start 30', 'X start 50', 'Y2 finish 60', 'X finish 60']);
    expect(metrics['pool.gpu.reclaims']).toBe(0);
  });

  it('guaranteed heads go before borrowers, whatever their order of arrival', async () => {
    const { events } = await trace(
      [
        { name: 'Y1', at: 0, seconds: 100, units: 2, tenant: 'y' }, { name: 'X1', at: 1, seconds: 100, units: 2, tenant: 'x' },
        { name: 'Y2', at: 10, seconds: 30, units: 2, tenant: 'y' }, { name: 'X2', at: 20, seconds: 10, units: 2, tenant: 'x' },
      ],
      { capacity: 6, quotas: { x: 4, y: 2 } }, { scheduler: 'fifo' }, ['x', 'y'],
    );
    // Y2 borrows the last 2 units at 10 (x's idle guarantee); X2 reclaims them at 20.
    expect(events).toEqual([
      'Y1 start 0', 'X1 start 1', 'Y2 start 10', 'Y2 preempt 20', 'X2 start 20', 'X2 finish 30', 'Y2 resume 30', 'Y2 finish 50',
      'Y1 finish 100', 'X1 finish 101',
    ]);
  });
});

describe('quotas with a preemptive policy', () => {
  it('lets a tenant\'s policy preempt its own lower-ranked tasks to stay within its guarantee, never another tenant\'s', async () => {
    const { events, metrics } = await trace(
      [
        { name: 'XL', at: 0, seconds: 100, units: 2, tenant: 'x' }, { name: 'YF', at: 1, seconds: 100, units: 2, tenant: 'y' },
        { name: 'XS', at: 5, seconds: 10, units: 2, tenant: 'x' },
      ],
      { capacity: 4, quotas: { x: 2, y: 2 } }, { scheduler: 'srtf' }, ['x', 'y'],
    );
    // XS (10 s) outranks XL (95 s left) of its own tenant; YF, though ranked below XS too, is y's.
    expect(events).toEqual(['XL start 0', 'YF start 1', 'XL preempt 5', 'XS start 5', 'XS finish 15', 'XL resume 15', 'YF finish 101', 'XL finish 110']);
    expect(metrics['pool.gpu.reclaims']).toBe(0);
  });
});

describe('a preemptive policy module', () => {
  it('experiments/policies/least-gpu-time.ts preempts a job that has had a GPU-hour for a newcomer', async () => {
    const policy = await loadScheduler('./policies/least-gpu-time.ts', path.resolve('experiments'));
    const run = await runner.run([{ name: 'A', at: 0, seconds: 7200 }, { name: 'B', at: 600, seconds: 600 }], {
      platform: { pools: { gpu: { capacity: 1 } } }, policy: { scheduler: './policies/least-gpu-time.ts' },
    }, policy);
    const events = run.events.map((e) => e.replace(/[\d.]+$/, (t) => String(Math.round(Number(t)))));
    // The newcomer (0 GPU-hours) waits while the first job is below one GPU-hour too; at 3600 s
    // the first job has had one, and gives way.
    expect(events).toEqual(['A start 0', 'A preempt 3600', 'B start 3600', 'B finish 4200', 'A resume 4200', 'A finish 7800']);
  });
});

describe('preemption rules on their own', () => {
  /** Task 0: 2 units, recorded 100 s, expected 60 s, 25 s attained. */
  const context = (settings: PolicySettings): PolicyContext => ({
    tasks: {
      units: () => 2, expectedDurationSeconds: () => 60, recordedDurationSeconds: () => 100, attainedSeconds: () => 25, remainingSeconds: () => 75,
      readySince: () => 0, pipelineArrivedAt: () => 0, tenant: () => 0, kind: () => 'job', framework: () => 'default',
      assetSizeBytes: () => 0, assetInstances: () => 0, assetDimensions: () => 0, retraining: () => false,
    },
    pool: { name: 'gpu', capacity: 4, busy: 2, busyByTenant: [2], runningTasks: () => [0] },
    tenants: [{ name: 'x', weight: 1, priority: 0 }],
    settings,
  });

  it('srtf ranks by recorded remaining work, or by the expectation less what was attained', () => {
    expect(srtf.preemption!.rank(0, 0, context({ scheduler: 'srtf' }))).toBe(75);
    expect(srtf.preemption!.rank(0, 0, context({ scheduler: 'srtf', srtf: { durations: 'expected' } }))).toBe(35);
  });

  it('las ranks by thresholds passed and names the next crossing, in time or in units × time', () => {
    const time = context({ scheduler: 'las', las: { thresholds: [10, 40] } });
    expect(las.preemption!.rank(0, 100, time)).toBe(1);
    expect(las.preemption!.nextRankChange!(0, 100, time)).toBe(115);
    const unitTime = context({ scheduler: 'las', las: { thresholds: [10, 40, 80], service: 'unit-time' } });
    // 25 s × 2 units = 50: past 10 and 40; 80 is 30 unit-seconds, 15 s, away.
    expect(las.preemption!.rank(0, 100, unitTime)).toBe(2);
    expect(las.preemption!.nextRankChange!(0, 100, unitTime)).toBe(115);
    expect(las.preemption!.nextRankChange!(0, 100, context({ scheduler: 'las', las: { thresholds: [10] } }))).toBe(Infinity);
  });
});

describe('Jain index', () => {
  it('is 1 for equal shares and 1/n when one tenant has everything', () => {
    expect(jainIndex([2, 2, 2])).toBe(1);
    expect(jainIndex([1, 0, 0, 0])).toBe(0.25);
  });
});
