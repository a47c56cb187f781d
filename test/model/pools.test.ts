/**
 * The pools on their own, by exact traces worked out by hand: what starts when, in which order,
 * and the time integrals of busy units and queue length the metrics are computed from.
 */
import { describe, expect, it } from 'vitest';
import { fifo, sjf, type PolicyContext, type SchedulingPolicy, type TaskQueue } from '../../src/model/index.js';
import { taskInfoOf } from '../../src/model/policy-context.js';
import { Pools } from '../../src/model/pools.js';
import { PolicyError } from '../../src/model/run-errors.js';
import { PipelineField, PipelineTable, TaskField, TaskState, TaskTable } from '../../src/model/tables.js';

interface Harness {
  clock: { now: number };
  pools: Pools;
  tasks: TaskTable;
  pipelines: PipelineTable;
  /** A single-task pipeline of `tenant` whose task needs `units` of pool 0, marked queued there. */
  task(units: number, expectedSeconds?: number, tenant?: number): number;
  /** Everything that can start on pool 0 now, started (its units taken) in order. */
  startAll(): number[];
}

function harness(capacity: number[], scheduler: SchedulingPolicy, options: { tenants?: number; staleEntries?: boolean } = {}): Harness {
  const clock = { now: 0 };
  const tasks = new TaskTable(1);
  const pipelines = new PipelineTable();
  const tenants = Array.from({ length: options.tenants ?? 1 }, (_, i) => ({ name: `t${i}`, weight: 1, priority: 0 }));
  const pools = new Pools(
    clock, capacity.map((_, i) => `pool${i}`), Int32Array.from(capacity), tasks, pipelines, scheduler,
    taskInfoOf(tasks, pipelines, [], ['default']), tenants, options.staleEntries ?? false,
  );
  const task = (units: number, expectedSeconds = 1, tenant = 0): number => {
    const id = pipelines.allocate();
    tasks.ensure(pipelines.capacity);
    const tb = id * TaskField.Count;
    tasks.data[tb + TaskField.Pipeline] = id;
    tasks.data[tb + TaskField.Units] = units;
    tasks.data[tb + TaskField.ExpectedSeconds] = expectedSeconds;
    tasks.data[tb + TaskField.Pool] = 0;
    tasks.data[tb + TaskField.State] = TaskState.Queued;
    pipelines.data[id * PipelineField.Count + PipelineField.Tenant] = tenant;
    pipelines.data[id * PipelineField.Count + PipelineField.Remaining] = 1;
    return id;
  };
  const startAll = (): number[] => {
    const started: number[] = [];
    for (let t = pools.nextToStart(0); t >= 0; t = pools.nextToStart(0)) {
      const tb = t * TaskField.Count;
      tasks.data[tb + TaskField.State] = TaskState.Running;
      const tenant = pipelines.data[t * PipelineField.Count + PipelineField.Tenant] as number;
      pools.changeBusy(0, tenant, tasks.data[tb + TaskField.Units] as number);
      started.push(t);
    }
    return started;
  };
  return { clock, pools, tasks, pipelines, task, startAll };
}

describe('Pools', () => {
  it('starts FIFO tasks while the head fits, blocking behind it, with exact level integrals', () => {
    const h = harness([4], fifo);
    const x = h.task(4);
    h.pools.changeBusy(0, 0, 4);
    const [a, b, c] = [h.task(2), h.task(3), h.task(1)];
    h.pools.push(a, 0);
    h.clock.now = 1;
    h.pools.push(b, 0);
    h.clock.now = 2;
    h.pools.push(c, 0);
    expect(h.startAll()).toEqual([]);
    expect(h.pools.fits(0, 1)).toBe(false);

    h.clock.now = 3;
    h.pools.changeBusy(0, 0, -4); // x ends
    // a (2) fits; b (3) does not fit the 2 left, and c (1) waits behind it: head-of-line blocking.
    expect(h.startAll()).toEqual([a]);
    expect([h.pools.busy[0], h.pools.queued[0]]).toEqual([2, 2]);

    h.clock.now = 5;
    h.pools.changeBusy(0, 0, -2); // a ends
    expect(h.startAll()).toEqual([b, c]);
    expect([h.pools.busy[0], h.pools.queued[0]]).toEqual([4, 0]);
    expect(h.startAll()).toEqual([]);

    // Queue length 1, 2, 3 over [0,3), 2 over [3,5), 0 after: 1 + 2 + 3 + 2·2 = 10 at t = 6.
    expect(h.pools.queuedLevels.integral(0, 6)).toBe(10);
    // Busy 4 over [0,3), 2 over [3,5), 4 over [5,6): 12 + 4 + 4 = 20.
    expect(h.pools.busyLevels.integral(0, 6)).toBe(20);
    expect(x).toBe(0);
  });

  it('starts in the policy\'s order (SJF by expected duration), each as soon as it fits', () => {
    const h = harness([2], sjf);
    h.pools.changeBusy(0, 0, 2);
    const long = h.task(1, 50);
    const short = h.task(1, 5);
    const middle = h.task(2, 20);
    for (const t of [long, short, middle]) h.pools.push(t, 0);
    h.clock.now = 10;
    h.pools.changeBusy(0, 0, -2);
    // short (1) starts; middle (2) is next by SJF and does not fit the 1 left, so long waits too.
    expect(h.startAll()).toEqual([short]);
    h.pools.changeBusy(0, 0, -1);
    expect(h.startAll()).toEqual([middle]);
    h.pools.changeBusy(0, 0, -2);
    expect(h.startAll()).toEqual([long]);
  });

  it('keeps busy units per tenant, as the policy\'s pool view shows them', () => {
    let context: PolicyContext | undefined;
    const spy: SchedulingPolicy = { name: 'spy', createQueue: (c) => { context = c; return fifo.createQueue(c); } };
    const h = harness([8], spy, { tenants: 3 });
    const t1 = h.task(3, 1, 1);
    const t2 = h.task(2, 1, 2);
    h.pools.push(t1, 0);
    h.pools.push(t2, 0);
    expect(h.startAll()).toEqual([t1, t2]);
    const view = (context as PolicyContext).pool;
    expect([view.busy, ...Array.from(view.busyByTenant)]).toEqual([5, 0, 3, 2]);
    h.pools.changeBusy(0, 1, -3);
    expect([view.busy, ...Array.from(view.busyByTenant)]).toEqual([2, 0, 0, 2]);
  });

  it('drops what a fallback left behind, and frees the pipeline when its last stale entry goes', () => {
    const h = harness([1], fifo, { staleEntries: true });
    const moved = h.task(1);
    const next = h.task(1);
    h.pools.push(moved, 0);
    h.pools.push(next, 0);
    // A fallback took `moved` to pool 1 (and counted it out of pool 0's queue); it finished there.
    h.tasks.data[moved * TaskField.Count + TaskField.Pool] = 1;
    h.pools.changeQueued(0, -1);
    const pb = moved * PipelineField.Count;
    h.pipelines.data[pb + PipelineField.StaleEntries] = 1;
    h.pipelines.data[pb + PipelineField.Remaining] = 0;
    const alive = h.pipelines.alive;
    expect(h.startAll()).toEqual([next]);
    expect(h.pipelines.alive).toBe(alive - 1);
    expect(h.pools.queued[0]).toBe(0);
  });

  it('fails the run, naming the pool, when a queue gives back what it does not hold', () => {
    const stale = harness([1], fifo);
    const t = stale.task(1);
    stale.pools.push(t, 0);
    stale.tasks.data[t * TaskField.Count + TaskField.State] = TaskState.Running;
    expect(() => stale.pools.nextToStart(0)).toThrow(PolicyError);
    expect(() => stale.pools.nextToStart(0)).toThrow(/pool 'pool0' returned task 0 \(not waiting for this pool\)/);

    class Bogus implements TaskQueue {
      length = 1;
      push(): void {}
      peek(): number { return 999.5; }
      pop(): number { return 999.5; }
    }
    const bogus = harness([1], { name: 'bogus', createQueue: () => new Bogus() });
    expect(() => bogus.pools.nextToStart(0)).toThrow(/returned 999\.5 \(not a task id\)/);
  });
});
