/**
 * Whom to preempt when the head of a pool's queue does not fit (the preemption room's choice):
 * under quotas, an owner within its guarantee takes back what others borrowed (the latest
 * started first); with a preemptive rule, running tasks ranked strictly below the head (the
 * lowest first, then the latest started), within its tenant under quotas. Only computing tasks,
 * never one moving data; on a pool of nodes, as many as it takes for the head to be placed.
 */
import type { Simulation } from '../engine/index.js';
import type { PolicyContext, PreemptionRule } from './policies/policy.js';
import type { PreemptionMetrics } from './preemption-metrics.js';
import type { Pools } from './pools.js';
import type { TenantQuotaQueue } from './quotas.js';
import { TaskField, TaskPhase, type TaskTable } from './tables.js';

/** What the choice reads of the preemption room, and how it preempts. */
export interface Preemptible {
  runningTasks(pool: number): readonly number[];
  isComputing(task: number): boolean;
  segmentStartOf(task: number): number;
  preempt(task: number, pool: number): void;
}

export class RoomMaker {
  constructor(
    private readonly sim: Simulation, private readonly tasks: TaskTable, private readonly pools: Pools,
    private readonly rule: PreemptionRule | undefined, private readonly metrics: PreemptionMetrics, private readonly warmupEnd: number,
    private readonly room: Preemptible,
  ) {}

  /** The head of `pool`'s queue does not fit: preempts what makes room for it, if anything can; true when it did. */
  makeRoom(pool: number): boolean {
    const quota = this.pools.quotaQueue(pool);
    const context = this.pools.contextOf(pool);
    const head = this.pools.head(pool);
    if (quota === undefined) {
      return this.rule !== undefined && head >= 0 && this.preemptFor(pool, this.outranked(pool, head, false, context), this.shortfall(pool, head), false, head);
    }
    // An owner within its guarantee takes back what others borrowed.
    if (head >= 0 && quota.guaranteed(head) && this.preemptFor(pool, this.borrowed(pool, quota, context), this.shortfall(pool, head), true, head)) return true;
    if (this.rule === undefined) return false;
    // Within its guarantee, each tenant's own policy may preempt its own lower-ranked tasks.
    for (const own of quota.heads(this.sim.now)) {
      const need = Math.max(this.shortfall(pool, own), quota.excess(own));
      if (need > 0 && this.preemptFor(pool, this.outranked(pool, own, true, context), need, false, own)) return true;
    }
    return false;
  }

  /** Units `task` needs beyond what `pool` has free (on nodes, at least 1: it may need other units freed). */
  private shortfall(pool: number, task: number): number {
    const short = this.unitsOf(task) - this.pools.free(pool);
    return this.pools.placement !== undefined && this.pools.placement.has(pool) ? Math.max(1, short) : short;
  }

  private unitsOf(task: number): number {
    return this.tasks.data[task * TaskField.Count + TaskField.Units] as number;
  }

  /**
   * Preempts the first of `victims` that free `need` units, if they can; true when it did. On a
   * pool of nodes, the first of them after which `head` can be placed.
   */
  private preemptFor(pool: number, victims: readonly number[], need: number, reclaiming: boolean, head: number): boolean {
    let freed = 0;
    let count = 0;
    while (count < victims.length && freed < need) freed += this.tasks.data[(victims[count++] as number) * TaskField.Count + TaskField.Units] as number;
    if (freed < need) return false;
    const placement = this.pools.placement;
    if (placement !== undefined && placement.has(pool)) {
      while (!placement.fitsWithout(pool, head, this.unitsOf(head), victims.slice(0, count))) {
        if (count === victims.length) return false;
        count++;
      }
    }
    for (let i = 0; i < count; i++) this.room.preempt(victims[i] as number, pool);
    if (reclaiming && this.sim.now >= this.warmupEnd) this.metrics.reclaimed(pool, count);
    return true;
  }

  /** Computing tasks of tenants over their quota, latest started first, while their tenant stays over it. */
  private borrowed(pool: number, quota: TenantQuotaQueue, context: PolicyContext): number[] {
    const candidates = this.computing(pool).sort((a, b) => this.room.segmentStartOf(b) - this.room.segmentStartOf(a) || b - a);
    const over = Float64Array.from(context.tenants, (_, t) => (context.pool.busyByTenant[t] as number) - (quota.quota[t] as number));
    const victims: number[] = [];
    for (const task of candidates) {
      const tenant = context.tasks.tenant(task);
      if ((over[tenant] as number) <= 0) continue;
      over[tenant] = (over[tenant] as number) - context.tasks.units(task);
      victims.push(task);
    }
    return victims;
  }

  /** Computing tasks the rule ranks strictly below `head` (the lowest first, then the latest started). */
  private outranked(pool: number, head: number, sameTenant: boolean, context: PolicyContext): number[] {
    const rule = this.rule as PreemptionRule;
    const now = this.sim.now;
    const headRank = rule.rank(head, now, context);
    const tenant = context.tasks.tenant(head);
    const ranked = this.computing(pool)
      .filter((task) => !sameTenant || context.tasks.tenant(task) === tenant)
      .map((task) => ({ task, rank: rule.rank(task, now, context) }))
      .filter((r) => r.rank > headRank);
    ranked.sort((a, b) => b.rank - a.rank || this.room.segmentStartOf(b.task) - this.room.segmentStartOf(a.task) || b.task - a.task);
    return ranked.map((r) => r.task);
  }

  /** `pool`'s running tasks that are computing (moving data cannot be interrupted). */
  private computing(pool: number): number[] {
    const tr = this.tasks.data;
    return this.room.runningTasks(pool).filter((task) => tr[task * TaskField.Count + TaskField.Phase] === TaskPhase.Computing && this.room.isComputing(task));
  }
}
