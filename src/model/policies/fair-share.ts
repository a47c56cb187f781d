/**
 * Fair share across tenants: the next task comes from the tenant using the fewest units of
 * this pool per unit of its weight (ties: the tenant whose head task has waited longest);
 * FIFO within a tenant.
 */
import { IntQueue } from '../../engine/index.js';
import type { PolicyContext, SchedulingPolicy, TaskQueue } from './policy.js';

/** A class, not a literal with a getter, so that all such queues share one hidden class (see fifo.ts). */
class FairShareQueue implements TaskQueue {
  private readonly queues: IntQueue[];
  length = 0;

  constructor(private readonly context: PolicyContext) {
    this.queues = context.tenants.map(() => new IntQueue());
  }

  push(task: number): void {
    (this.queues[this.context.tasks.tenant(task)] as IntQueue).push(task);
    this.length++;
  }

  peek(): number {
    const t = this.choose();
    return t < 0 ? -1 : (this.queues[t] as IntQueue).peek();
  }

  pop(): number {
    const t = this.choose();
    if (t < 0) return -1;
    this.length--;
    return (this.queues[t] as IntQueue).shift();
  }

  private choose(): number {
    const { tasks, pool, tenants } = this.context;
    const queues = this.queues;
    let best = -1;
    let bestShare = Infinity;
    let bestSince = Infinity;
    for (let t = 0; t < queues.length; t++) {
      const head = (queues[t] as IntQueue).peek();
      if (head < 0) continue;
      const weight = (tenants[t] as { weight: number }).weight;
      const share = weight > 0 ? (pool.busyByTenant[t] as number) / weight : Infinity;
      const since = tasks.readySince(head);
      if (share < bestShare || (share === bestShare && since < bestSince)) {
        best = t;
        bestShare = share;
        bestSince = since;
      }
    }
    return best;
  }
}

/** `fair-share`: the tenant using the fewest units of the pool per unit of weight goes next. */
export const fairShare: SchedulingPolicy = {
  name: 'fair-share',
  createQueue: (context) => new FairShareQueue(context),
};
