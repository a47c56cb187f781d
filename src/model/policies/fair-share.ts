/**
 * Fair share across tenants: the next task comes from the tenant using the fewest units of
 * this pool per unit of its weight (ties: the tenant whose head task has waited longest);
 * FIFO within a tenant.
 */
import { IntQueue } from '../../engine/index.js';
import type { SchedulingPolicy, TaskQueue } from './policy.js';

export const fairShare: SchedulingPolicy = {
  name: 'fair-share',
  createQueue({ tasks, pool, tenants }): TaskQueue {
    const queues = tenants.map(() => new IntQueue());
    let total = 0;
    const choose = (): number => {
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
    };
    return {
      get length() { return total; },
      push(task) {
        (queues[tasks.tenant(task)] as IntQueue).push(task);
        total++;
      },
      peek() {
        const t = choose();
        return t < 0 ? -1 : (queues[t] as IntQueue).peek();
      },
      pop() {
        const t = choose();
        if (t < 0) return -1;
        total--;
        return (queues[t] as IntQueue).shift();
      },
    };
  },
};
