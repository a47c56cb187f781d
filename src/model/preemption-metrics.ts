/**
 * What runs with preemption or quotas report beyond the common metrics: preemptions and work lost
 * per finished task, reclaims per quota pool, and per tenant the completion time, the slowdown
 * and their fairness (Jain's index of the tenants' mean slowdowns). Measured after warm-up only.
 */
import type { MetricMap } from '../core/records.js';
import { Mean } from '../stats/online.js';

export class PreemptionMetrics {
  private tasks = 0;
  private preemptions = 0;
  private lostSeconds = 0;
  private readonly reclaims: Float64Array;
  private readonly latency: Mean[];
  private readonly slowdown: Mean[];

  /** `quotaPools[p]`: whether pool `p` has quotas (only those report reclaims). */
  constructor(private readonly poolNames: readonly string[], private readonly quotaPools: readonly boolean[], private readonly tenantNames: readonly string[]) {
    this.reclaims = new Float64Array(poolNames.length);
    this.latency = tenantNames.map(() => new Mean());
    this.slowdown = tenantNames.map(() => new Mean());
  }

  /** A measured task finished after `preemptions` preemptions that lost `lostSeconds` of compute. */
  taskDone(preemptions: number, lostSeconds: number): void {
    this.tasks++;
    this.preemptions += preemptions;
    this.lostSeconds += lostSeconds;
  }

  /** A measured pipeline of `tenant` finished `latency` seconds after arriving; its tasks needed `work` seconds of compute. */
  pipelineDone(tenant: number, latency: number, work: number): void {
    (this.latency[tenant] as Mean).add(latency);
    if (work > 0) (this.slowdown[tenant] as Mean).add(latency / work);
  }

  /** `count` tasks preempted on `pool` to give borrowed units back. */
  reclaimed(pool: number, count: number): void {
    this.reclaims[pool] = (this.reclaims[pool] as number) + count;
  }

  report(m: MetricMap): void {
    m['task.preemptions.mean'] = this.tasks > 0 ? this.preemptions / this.tasks : 0;
    m['task.lostSeconds.mean'] = this.tasks > 0 ? this.lostSeconds / this.tasks : 0;
    this.poolNames.forEach((name, p) => {
      if (this.quotaPools[p]) m[`pool.${name}.reclaims`] = this.reclaims[p] as number;
    });
    if (this.tenantNames.length < 2) return;
    const slowdowns: number[] = [];
    this.tenantNames.forEach((name, t) => {
      const latency = this.latency[t] as Mean;
      const slowdown = this.slowdown[t] as Mean;
      m[`tenant.${name}.latency.mean`] = latency.count > 0 ? latency.mean : NaN;
      m[`tenant.${name}.slowdown.mean`] = slowdown.count > 0 ? slowdown.mean : NaN;
      if (slowdown.count > 0) slowdowns.push(slowdown.mean);
    });
    m['tenant.fairness'] = jainIndex(slowdowns);
  }
}

/** Jain's fairness index of `xs`: 1 when all are equal, 1/n when one has everything. */
export function jainIndex(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let sum = 0;
  let squares = 0;
  for (const x of xs) {
    sum += x;
    squares += x * x;
  }
  return squares > 0 ? (sum * sum) / (xs.length * squares) : 1;
}
