/**
 * The hot paths of PlatformSimulation must change nothing but speed:
 * - runs whose structures are all one task (jobs) take a straight-line arrival path; it must
 *   give exactly what the general path gives (forced here by adding a two-task structure of
 *   weight 0, which is never drawn: its structure draw comes from its own stream);
 * - a task that finds nothing queued and room on its pool starts without passing through the
 *   policy's queue; one that does not fit behind a queue does not make the pool re-dispatch.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fifo, loadScenarioInputs, runScenario, sjf, type SchedulingPolicy, type TaskQueue } from '../../src/model/index.js';
import { type TaskRecord } from '../../src/core/records.js';
import type { Scenario } from '../../src/config/schema.js';
import { scenario } from '../helpers/scenario.js';

/** A varied job workload: two tenants, two frameworks on two pools, transfers, fallback, quality and retraining. */
function jobs(withUnusedDag: boolean): Scenario {
  const structures: Record<string, unknown> = {
    job: { tasks: { train: { kind: 'train' } } },
    retrain: { weight: 0, tasks: { train: { kind: 'train' } } },
  };
  if (withUnusedDag) structures.unused = { weight: 0, tasks: { prep: { kind: 'prep' }, train: { kind: 'train', after: ['prep'] } } };
  return scenario({
    horizon: '20d', warmup: '1d',
    platform: { pools: { gpu: { capacity: 6 }, cpu: { capacity: 16 } }, network: { bandwidth: '1Gbps' } },
    workload: {
      interarrival: { dist: 'exponential', mean: '9m' },
      profile: 'business-hours',
      tenants: { vision: { weight: 2 }, nlp: { weight: 1 } },
      frameworks: { pytorch: 0.7, sklearn: 0.3 },
      modelTypes: { dnn: 0.5, tree: 0.5 },
      assets: { size: { dist: 'lognormal', mean: '2GB', cv: 1 } },
      modelSize: { dist: 'uniform', min: '100MB', max: '1GB' },
      structures,
    },
    tasks: {
      prep: { pool: 'cpu', duration: { dist: 'exponential', mean: '5m' } },
      train: {
        pool: { byFramework: { pytorch: 'gpu', default: 'cpu' } },
        reads: 'asset',
        writes: 'model',
        units: { dist: 'categorical', values: [1, 2, 4], weights: [0.6, 0.3, 0.1] },
        duration: { model: 'size-linear', base: '20m', perGB: '10m', noise: { dist: 'lognormal', mean: 1, cv: 0.5 } },
      },
    },
    policy: { scheduler: 'sjf', fallback: { from: 'gpu', to: 'cpu', after: '1h', slowdown: 3 } },
    quality: {
      applications: 50,
      initial: { dist: 'uniform', min: 0.88, max: 0.92 },
      drift: { ratePerDay: 0.02 },
      monitoring: { interval: '1d', threshold: 0.86, noise: 0 },
      retraining: { structure: 'retrain' },
    },
  });
}

function observe(s: Scenario, policy: SchedulingPolicy) {
  const tasks: TaskRecord[] = [];
  const arrivals: unknown[] = [];
  const out = runScenario(s, policy, 3, 1, {
    seriesInterval: 6 * 3600,
    onTaskEnd: (r) => tasks.push(r),
    onArrival: (...args) => arrivals.push(args),
  });
  return { out, tasks, arrivals };
}

describe('the job path (every structure is one task)', () => {
  it('gives exactly what the general path gives: metrics, series, every task and arrival', () => {
    const fast = observe(jobs(false), sjf);
    const general = observe(jobs(true), sjf);
    // The scenario must exercise what the paths share: queueing, fallback and retraining.
    expect(fast.out.metrics['task.fallbacks']).toBeGreaterThan(10);
    expect(fast.out.metrics['retraining.completed']).toBeGreaterThan(10);
    expect(fast.out.metrics['pipeline.wait.mean']).toBeGreaterThan(60);
    expect(fast.out.metrics['network.utilisation']).toBeGreaterThan(0.01);
    expect(fast.tasks.length).toBeGreaterThan(2000);
    expect(fast.out).toEqual(general.out);
    expect(fast.tasks).toEqual(general.tasks);
    expect(fast.arrivals).toEqual(general.arrivals);
  });
});

/** FIFO that counts what the pool pushes into it. */
function countingFifo(): { policy: SchedulingPolicy; pushed: () => number } {
  let pushed = 0;
  return {
    pushed: () => pushed,
    policy: {
      name: 'counting-fifo',
      createQueue: (context) => {
        const inner: TaskQueue = fifo.createQueue(context);
        return {
          get length() { return inner.length; },
          push: (task, now) => { pushed++; inner.push(task, now); },
          peek: (now) => inner.peek(now),
          pop: (now) => inner.pop(now),
        };
      },
    },
  };
}

describe('the queue bypass', () => {
  const mmc = (dagged: boolean) => scenario({
    horizon: '30d', warmup: 0,
    platform: { pools: { server: { capacity: 4 } } },
    workload: {
      interarrival: { dist: 'exponential', mean: '10m' },
      structures: {
        single: { tasks: { serve: { kind: 'serve' } } },
        ...(dagged ? { unused: { weight: 0, tasks: { a: { kind: 'serve' }, b: { kind: 'serve', after: ['a'] } } } } : {}),
      },
    },
    tasks: { serve: { pool: 'server', duration: { dist: 'exponential', mean: '32m' } } },
  });

  for (const dagged of [false, true]) {
    it(`a task goes through the policy's queue exactly when it has to wait (${dagged ? 'general' : 'job'} path)`, () => {
      const { policy, pushed } = countingFifo();
      let waited = 0;
      let finished = 0;
      runScenario(mmc(dagged), policy, 1, 0, {
        onTaskEnd: (r) => {
          finished++;
          if (r.startedAt > r.readyAt) waited++;
        },
      });
      // ρ = 0.8 on 4 servers: about half wait (Erlang C ≈ 0.6), so both cases are frequent.
      expect(waited).toBeGreaterThan(finished * 0.3);
      expect(waited).toBeLessThan(finished * 0.8);
      // Units are all 1: a task is pushed only when every server is busy, so it waits; the
      // ones still queued at the end were pushed and never finished.
      expect(pushed()).toBeGreaterThanOrEqual(waited);
      expect(pushed() - waited).toBeLessThan(50);
    });
  }

  it('a task that fits starts on arrival behind a head that does not (SJF); one that does not fit waits', async () => {
    // A 4-GPU pool. At 0 a 3-GPU job starts (1 h); at 60 s a 2-GPU job queues (1 GPU free);
    // at 120 s a 1-GPU one-minute job arrives: under SJF it heads the queue and fits, so it
    // starts at once; at 150 s a 2-GPU ten-second job arrives and does not fit: it waits for
    // the first job to end (strict order, no backfilling), then goes first. FIFO differs.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pipesim-hot-'));
    const trace = path.join(dir, 'jobs.csv');
    const monday = 1704067200; // 2024-01-01 00:00 UTC, a Monday
    const rows = [[0, 3600, 3], [60, 1800, 2], [120, 60, 1], [150, 10, 2]];
    await writeFile(trace, ['submit,duration,gpus', ...rows.map(([t, d, g]) => `${monday + t!},${d},${g}`)].join('\n'));
    const s = scenario({
      horizon: '1d', warmup: 0,
      platform: { pools: { gpu: { capacity: 4 } } },
      workload: { replay: { trace, kind: 'train', jitter: '0s' } },
      tasks: { train: { pool: 'gpu' } },
    });
    const inputs = await loadScenarioInputs(s);
    const starts = (policy: SchedulingPolicy) => {
      const started = new Map<number, number>();
      runScenario(s, policy, 1, 0, { onTaskEnd: (r) => started.set(Math.round(r.pipelineArrivedAt), r.startedAt) }, inputs);
      return rows.map(([t]) => started.get(t!));
    };
    expect(starts(sjf)).toEqual([0, 3600, 120, 3600]);
    expect(starts(fifo)).toEqual([0, 3600, 3600, 3660]);
    await rm(dir, { recursive: true });
  });
});

describe("a pool's busy units by tenant, as policies see them", () => {
  // With one tenant they are the pool's busy units (a view of them, not a second count).
  for (const tenants of [{ only: { weight: 1 } }, { a: { weight: 2 }, b: { weight: 1 }, c: { weight: 1 } }]) {
    const names = Object.keys(tenants);
    it(`sum to the pool's busy units at every push and peek (${names.length} tenant${names.length > 1 ? 's' : ''})`, () => {
      const seen = { checks: 0, busyTenants: new Set<number>(), mismatches: 0 };
      const checking: SchedulingPolicy = {
        name: 'checking-fifo',
        createQueue: (context) => {
          const inner: TaskQueue = fifo.createQueue(context);
          const check = () => {
            const byTenant = Array.from({ length: names.length }, (_, t) => context.pool.busyByTenant[t] as number);
            if (byTenant.reduce((a, b) => a + b, 0) !== context.pool.busy) seen.mismatches++;
            byTenant.forEach((units, t) => { if (units > 0) seen.busyTenants.add(t); });
            seen.checks++;
          };
          return {
            get length() { return inner.length; },
            push: (task, now) => { check(); inner.push(task, now); },
            peek: (now) => { check(); return inner.peek(now); },
            pop: (now) => inner.pop(now),
          };
        },
      };
      runScenario(scenario({
        horizon: '20d', warmup: 0,
        platform: { pools: { gpu: { capacity: 8 } } },
        workload: { interarrival: { dist: 'exponential', mean: '10m' }, tenants, structures: { job: { tasks: { train: { kind: 'train' } } } } },
        tasks: { train: { pool: 'gpu', units: { dist: 'categorical', values: [1, 2, 4], weights: [0.5, 0.3, 0.2] }, duration: { dist: 'exponential', mean: '40m' } } },
      }), checking, 5, 0);
      expect(seen.checks).toBeGreaterThan(1000);
      expect(seen.mismatches).toBe(0);
      expect(seen.busyTenants.size).toBe(names.length);
    });
  }
});
