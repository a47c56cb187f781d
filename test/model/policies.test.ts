/** Scheduling policies: the order each built-in imposes, and loading users' modules. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fairShare, fifo, loadScheduler, orderByKey, priority, runScenario, sjf, type PolicyContext, type SchedulingPolicy } from '../../src/model/index.js';
import { UserError } from '../../src/core/errors.js';
import { scenario } from '../helpers/scenario.js';

/** A fake task table: task i has tenant tenants[i] and expected duration durations[i]. */
function context(tenants: number[], durations: number[], busyByTenant = [0, 0]): PolicyContext {
  return {
    tasks: {
      units: () => 1,
      expectedDurationSeconds: (t) => durations[t]!,
      readySince: (t) => t,
      pipelineArrivedAt: (t) => t,
      tenant: (t) => tenants[t]!,
      kind: () => 'train',
      framework: () => 'pytorch',
      assetSizeBytes: () => 0,
      assetInstances: () => 0,
      assetDimensions: () => 0,
      retraining: () => false,
      recordedDurationSeconds: (t) => durations[t]!,
      attainedSeconds: () => 0,
      remainingSeconds: (t) => durations[t]!,
    },
    pool: { name: 'gpu', capacity: 4, busy: 0, busyByTenant, runningTasks: () => [] },
    tenants: [{ name: 'a', weight: 1, priority: 0 }, { name: 'b', weight: 1, priority: 5 }],
    settings: { scheduler: 'test' },
  };
}

function order(policy: SchedulingPolicy, ctx: PolicyContext, tasks: number): number[] {
  const q = policy.createQueue(ctx);
  for (let t = 0; t < tasks; t++) q.push(t, t);
  const out: number[] = [];
  for (let head = q.peek(100); head >= 0; head = q.peek(100)) {
    expect(q.pop(100)).toBe(head);
    out.push(head);
  }
  return out;
}

describe('built-in policies', () => {
  const tenants = [0, 1, 0, 1, 0];
  const durations = [50, 10, 30, 10, 5];
  it('fifo: ready order', () => expect(order(fifo, context(tenants, durations), 5)).toEqual([0, 1, 2, 3, 4]));
  it('sjf: shortest expected first, ties in ready order', () => expect(order(sjf, context(tenants, durations), 5)).toEqual([4, 1, 3, 2, 0]));
  it('priority: higher tenant priority first, FIFO within', () => expect(order(priority, context(tenants, durations), 5)).toEqual([1, 3, 0, 2, 4]));
  it('fair-share: the tenant using fewer units per weight goes first', () => {
    const busy = [3, 0];
    const ctx = context(tenants, durations, busy);
    const q = fairShare.createQueue(ctx);
    for (let t = 0; t < 5; t++) q.push(t, t);
    expect(q.pop(0)).toBe(1);
    busy[1] = 4;
    expect(q.pop(0)).toBe(0);
    busy[0] = 4;
    // Equal usage: the tenant whose head waited longest (task 2 ready at 2, task 3 at 3).
    expect(q.pop(0)).toBe(2);
  });

  it('a priority tenant waits less than the others on a congested pool', () => {
    const congested = scenario({
      horizon: '60d', warmup: '2d',
      platform: { pools: { gpu: { capacity: 2 } } },
      workload: {
        interarrival: { dist: 'exponential', mean: '35m' },
        tenants: { low: { weight: 1, priority: 0 }, high: { weight: 1, priority: 1 } },
        structures: { s: { tasks: { train: { kind: 'train' } } } },
      },
      tasks: { train: { pool: 'gpu', duration: { dist: 'exponential', mean: '1h' } } },
      policy: { scheduler: 'priority' },
    });
    const underFifo = runScenario(congested, fifo, 4, 0).metrics;
    const underPriority = runScenario(congested, priority, 4, 0).metrics;
    expect(underPriority['pipeline.completed']).toBeGreaterThan(1000);
    // FIFO treats the tenants alike; priority serves 'high' first, at 'low's expense.
    expect(underFifo['tenant.high.wait.mean']! / underFifo['tenant.low.wait.mean']!).toBeGreaterThan(0.8);
    expect(underFifo['tenant.high.wait.mean']! / underFifo['tenant.low.wait.mean']!).toBeLessThan(1.25);
    expect(underPriority['tenant.high.wait.mean']!).toBeLessThan(0.5 * underPriority['tenant.low.wait.mean']!);
    expect(underPriority['tenant.low.wait.mean']!).toBeGreaterThan(underFifo['tenant.low.wait.mean']!);
  });

  it('a policy sees each task\'s data asset as drawn: size, instances and dimensions', () => {
    const seen: [number, number, number][] = [];
    const recording = orderByKey('recording', (task, { tasks }) => {
      seen.push([tasks.assetSizeBytes(task), tasks.assetInstances(task), tasks.assetDimensions(task)]);
      return 0;
    });
    const busy = scenario({
      horizon: '10d', warmup: 0,
      platform: { pools: { gpu: { capacity: 1 } } },
      workload: {
        interarrival: { dist: 'exponential', mean: '50m' },
        assets: { size: { dist: 'constant', value: '3GB' }, instances: { dist: 'constant', value: 12345 }, dimensions: { dist: 'uniform', min: 10, max: 20 } },
        structures: { s: { tasks: { train: { kind: 'train' } } } },
      },
      tasks: { train: { pool: 'gpu', duration: { dist: 'exponential', mean: '40m' } } },
    });
    runScenario(busy, recording, 1, 0);
    expect(seen.length).toBeGreaterThan(50);
    for (const [size, instances, dimensions] of seen) {
      expect(size).toBe(3e9);
      expect(instances).toBe(12345);
      expect(dimensions).toBeGreaterThanOrEqual(10);
      expect(dimensions).toBeLessThanOrEqual(20);
    }
    expect(new Set(seen.map((s) => s[2])).size).toBeGreaterThan(40);
  });
});

describe('loading policy modules', () => {
  const fixtures = path.resolve('test/fixtures/policies');
  it('loads the example user policy from experiments/ (TypeScript, no build step)', async () => {
    const policy = await loadScheduler('./policies/shortest-training-first.ts', path.resolve('experiments'));
    expect(policy.name).toBe('shortest-training-first');
    const q = policy.createQueue(context([0, 0, 0], [100, 10, 50]));
    for (let t = 0; t < 3; t++) q.push(t, t);
    expect([q.pop(0), q.pop(0), q.pop(0)]).toEqual([1, 2, 0]);
  });
  it.each([
    ['./missing.ts', /does not exist/],
    ['./not-a-policy.ts', /not a scheduling policy: the policy has no `createQueue/],
    ['round-robin', /unknown scheduler 'round-robin': expected one of fifo, sjf, priority, fair-share/],
  ])('%s is a user error', async (name, message) => {
    const error = await loadScheduler(name, fixtures).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(message);
  });
});
