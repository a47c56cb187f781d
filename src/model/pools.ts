/**
 * The platform's pools (STYLE's ResourcePool): capacity and units in use, per tenant too, each
 * pool's policy queue and its length, and the time integrals of both levels. Pools decide what
 * may start; starting it is the task lifecycle's (lifecycle.ts). The counters are typed arrays
 * shared by reference with the metrics, the series recorder and the policies' pool views.
 */
import { LevelIntegrals } from '../stats/online.js';
import type { PolicyContext, PolicySettings, SchedulingPolicy, TaskInfo, TaskQueue, TenantInfo } from './policies/policy.js';
import { LivePoolView } from './policy-context.js';
import type { Placement } from './placement.js';
import { TenantQuotaQueue } from './quotas.js';
import { PolicyError } from './run-errors.js';
import { PipelineField, TaskField, TaskState, type PipelineTable, type TaskTable } from './tables.js';

/** What the pools read the time from (the simulation). */
export interface Clock {
  readonly now: number;
}

/** Quotas and what preemptive policies see; absent for plain counted pools. */
export interface PoolSharing {
  /** Per pool index: guaranteed units per tenant index, and whether idle guaranteed units may be borrowed. */
  quotas?: readonly ({ units: Int32Array; borrowing: boolean } | undefined)[];
  settings?: PolicySettings;
  running?: (pool: number) => readonly number[];
  /** Pools with nodes place each task's units as a gang (placement.ts). */
  placement?: Placement;
}

export class Pools {
  readonly busy: Int32Array;
  readonly queued: Int32Array;
  /**
   * Units in use by [pool][tenant]. With one tenant that is the pool's busy units, so each
   * pool's entry is a view of `busy` and only `busy` is updated.
   */
  private readonly busyByTenant: Int32Array[];
  private readonly severalTenants: boolean;
  private readonly queues: TaskQueue[];
  private readonly contexts: PolicyContext[];
  /** Per pool, its quota queue when it has quotas. */
  private readonly quotas: (TenantQuotaQueue | undefined)[];
  /** Time integrals of `busy` and `queued`, told of every change. */
  readonly busyLevels: LevelIntegrals;
  readonly queuedLevels: LevelIntegrals;
  /** With pools of nodes: where units go; a counted pool's units fit wherever they are free. */
  readonly placement: Placement | undefined;

  /**
   * `staleEntries`: a fallback may leave tasks behind in a queue (they are skipped); without
   * one, a queue that gives back what it does not hold is broken. `sharing` gives each pool
   * with quotas its guaranteed units per tenant index and whether others may borrow them, and
   * the running tasks policies may see.
   */
  constructor(
    private readonly clock: Clock, readonly names: readonly string[], readonly capacity: Int32Array,
    private readonly tasks: TaskTable, private readonly pipelines: PipelineTable,
    scheduler: SchedulingPolicy, taskInfo: TaskInfo, tenants: readonly TenantInfo[], private readonly staleEntries: boolean,
    sharing: PoolSharing = {},
  ) {
    this.busy = new Int32Array(names.length);
    this.queued = new Int32Array(names.length);
    this.busyLevels = new LevelIntegrals(this.busy);
    this.queuedLevels = new LevelIntegrals(this.queued);
    this.severalTenants = tenants.length > 1;
    this.placement = sharing.placement;
    this.busyByTenant = names.map((_, p) => (this.severalTenants ? new Int32Array(tenants.length) : this.busy.subarray(p, p + 1)));
    const settings = sharing.settings ?? { scheduler: scheduler.name };
    const running = sharing.running ?? (() => []);
    this.contexts = names.map((name, p) => {
      const pool = new LivePoolView(name, capacity[p] as number, this.busy, p, this.busyByTenant[p] as Int32Array, running);
      return { tasks: taskInfo, pool, tenants, settings };
    });
    this.quotas = names.map((_, p) => {
      const quota = sharing.quotas?.[p];
      return quota && new TenantQuotaQueue(tenants.map(() => scheduler.createQueue(this.contexts[p] as PolicyContext)), quota.units, quota.borrowing, this.contexts[p] as PolicyContext);
    });
    this.queues = names.map((_, p) => this.quotas[p] ?? scheduler.createQueue(this.contexts[p] as PolicyContext));
    if (this.placement) this.placement.contextOf = (p) => this.contexts[p] as PolicyContext;
  }

  /** What `pool`'s policy sees. */
  contextOf(pool: number): PolicyContext {
    return this.contexts[pool] as PolicyContext;
  }

  /** `pool`'s quota queue, if it has quotas. */
  quotaQueue(pool: number): TenantQuotaQueue | undefined {
    return this.quotas[pool];
  }

  /** Units free on `pool` now. */
  free(pool: number): number {
    return (this.capacity[pool] as number) - (this.busy[pool] as number);
  }

  /** The task at the head of `pool`'s queue (after `nextToStart` dropped stale entries), or -1. */
  head(pool: number): number {
    return (this.queues[pool] as TaskQueue).peek(this.clock.now);
  }

  /** Whether `units` fit in what `pool` has free now (on nodes, whether they can be placed is the preemption room's `admits`). */
  fits(pool: number, units: number): boolean {
    return units <= (this.capacity[pool] as number) - (this.busy[pool] as number);
  }

  /** `task` joins `pool`'s queue now. */
  push(task: number, pool: number): void {
    this.changeQueued(pool, 1);
    (this.queues[pool] as TaskQueue).push(task, this.clock.now);
  }

  /**
   * The task `pool`'s policy puts first, popped, if it fits now; otherwise -1. Entries a
   * fallback left behind are dropped on the way.
   */
  nextToStart(pool: number): number {
    const queue = this.queues[pool] as TaskQueue;
    const now = this.clock.now;
    for (;;) {
      const task = queue.peek(now);
      if (task < 0) return -1;
      const tr = this.tasks.data;
      const tb = task * TaskField.Count;
      if (tr[tb + TaskField.State] !== TaskState.Queued || tr[tb + TaskField.Pool] !== pool) {
        if (this.staleEntries && this.tasks.isTask(task)) {
          this.dropStale(queue, task, now);
          continue;
        }
        throw this.brokenQueue(pool, task);
      }
      // On nodes the head must also be placeable (and what it cannot use counts as fragmented).
      if (this.placement !== undefined && !this.placement.admitsHead(pool, task)) return -1;
      if ((tr[tb + TaskField.Units] as number) > (this.capacity[pool] as number) - (this.busy[pool] as number)) return -1;
      queue.pop(now);
      this.changeQueued(pool, -1);
      return task;
    }
  }

  // The time is read from the clock in these two, not passed in: a double passed to a call V8
  // does not inline (their callers are large) is boxed on the heap, one allocation per task.

  /** A pool's queue length changes now (a fallback takes a task out without popping it). */
  changeQueued(pool: number, delta: number): void {
    this.queued[pool] = (this.queued[pool] as number) + delta;
    this.queuedLevels.changed(pool, this.clock.now, delta);
  }

  /** The units `tenant` uses in `pool` change now: the pool's, the tenant's and the time integral move together. */
  changeBusy(pool: number, tenant: number, delta: number): void {
    this.busy[pool] = (this.busy[pool] as number) + delta;
    if (this.severalTenants) {
      const byTenant = this.busyByTenant[pool] as Int32Array;
      byTenant[tenant] = (byTenant[tenant] as number) + delta;
    }
    this.busyLevels.changed(pool, this.clock.now, delta);
  }

  /** Pops `task`, left behind in `queue` by a fallback; its pipeline slot is reused once clean. */
  private dropStale(queue: TaskQueue, task: number, now: number): void {
    queue.pop(now);
    const pipeline = this.tasks.pipelineOf(task);
    const pr = this.pipelines.data;
    const pb = pipeline * PipelineField.Count;
    if (--pr[pb + PipelineField.StaleEntries]! === 0 && pr[pb + PipelineField.Remaining] === 0) this.pipelines.release(pipeline);
  }

  /** The error of a queue whose `peek` gave what it was never given (or already gave out): that run fails, not the sweep. */
  private brokenQueue(pool: number, task: number): PolicyError {
    const what = this.tasks.isTask(task) ? `task ${task} (not waiting for this pool)` : `${String(task)} (not a task id)`;
    return new PolicyError(`the queue of pool '${this.names[pool] ?? pool}' returned ${what} from peek(); a queue may return only tasks pushed to it and not yet popped, or -1`);
  }
}
