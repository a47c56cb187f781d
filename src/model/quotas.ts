/**
 * Tenant quotas on a pool (virtual clusters, Philly's capacity scheduler in outline): each tenant
 * has its own queue in the pool's policy order and a guaranteed number of units. A task whose
 * tenant stays within its guarantee goes first (the longest-ready such head); with borrowing,
 * others may use idle units meanwhile (the longest-ready head that fits what is free), and give
 * them back by preemption when an owner needs them (see preemption.ts).
 */
import type { PolicyContext, TaskQueue } from './policies/policy.js';

export class TenantQuotaQueue implements TaskQueue {
  length = 0;

  constructor(
    private readonly queues: readonly TaskQueue[], readonly quota: Int32Array, readonly borrowing: boolean,
    private readonly context: PolicyContext,
  ) {}

  /** Whether `task` would start within its tenant's guarantee. */
  guaranteed(task: number): boolean {
    const { tasks, pool } = this.context;
    const tenant = tasks.tenant(task);
    return (pool.busyByTenant[tenant] as number) + tasks.units(task) <= (this.quota[tenant] as number);
  }

  /** Whether `task` may start now on `free` units when nothing else waits. */
  admits(task: number, free: number): boolean {
    return this.context.tasks.units(task) <= free && (this.borrowing || this.guaranteed(task));
  }

  /** Each tenant's head (in its own queue's order), the longest-ready first. */
  heads(now: number): number[] {
    const heads: number[] = [];
    for (const queue of this.queues) {
      const head = queue.peek(now);
      if (head >= 0) heads.push(head);
    }
    const tasks = this.context.tasks;
    return heads.sort((a, b) => tasks.readySince(a) - tasks.readySince(b) || a - b);
  }

  /** Units `task`'s tenant uses beyond its guarantee once `task` starts (≤ 0: within it). */
  excess(task: number): number {
    const { tasks, pool } = this.context;
    const tenant = tasks.tenant(task);
    return (pool.busyByTenant[tenant] as number) + tasks.units(task) - (this.quota[tenant] as number);
  }

  push(task: number, now: number): void {
    (this.queues[this.context.tasks.tenant(task)] as TaskQueue).push(task, now);
    this.length++;
  }

  peek(now: number): number {
    const q = this.choose(now);
    return q < 0 ? -1 : (this.queues[q] as TaskQueue).peek(now);
  }

  pop(now: number): number {
    const q = this.choose(now);
    if (q < 0) return -1;
    this.length--;
    return (this.queues[q] as TaskQueue).pop(now);
  }

  /** The tenant whose head goes next: guaranteed heads first, then (borrowing) heads that fit; -1 for none. */
  private choose(now: number): number {
    const { tasks, pool } = this.context;
    const free = pool.capacity - pool.busy;
    let guaranteed = -1;
    let guaranteedSince = Infinity;
    let borrower = -1;
    let borrowerSince = Infinity;
    for (let t = 0; t < this.queues.length; t++) {
      const head = (this.queues[t] as TaskQueue).peek(now);
      if (head < 0) continue;
      const since = tasks.readySince(head);
      if (this.guaranteed(head)) {
        if (since < guaranteedSince) {
          guaranteed = t;
          guaranteedSince = since;
        }
      } else if (this.borrowing && tasks.units(head) <= free && since < borrowerSince) {
        borrower = t;
        borrowerSince = since;
      }
    }
    return guaranteed >= 0 ? guaranteed : borrower;
  }
}
