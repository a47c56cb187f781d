/**
 * The metrics of one run, kept in streaming form (Welford means, log-bucket histograms for
 * quantiles, time-weighted levels), so memory does not grow with the horizon. Everything
 * before the warm-up's end is excluded.
 */
import type { MetricMap, RunDistributions } from '../core/records.js';
import { LogHistogram } from '../stats/histogram.js';
import { Mean, type LevelIntegrals } from '../stats/online.js';
import { isSaturated } from '../stats/saturation.js';
import type { Censored } from './censoring.js';
import type { Clock } from './pools.js';
import { PipelineField } from './tables.js';
import { HourOfWeekCounts } from './workload.js';


const QUANTILES = [['p50', 0.5], ['p95', 0.95], ['p99', 0.99]] as const;


/** Per-pool accumulators. */
export class PoolMetrics {
  /** Queueing time of measured tasks that started in this pool. */
  readonly wait = new Mean();
  /** Queueing time here of measured tasks that then left for the fallback pool. */
  waitBeforeFallback = 0;
  constructor(readonly name: string, readonly capacity: number) {}

  /** All queueing time of measured tasks in this pool's queue. */
  get waitSeconds(): number {
    return this.wait.sum + this.waitBeforeFallback;
  }
}

export class RunMetrics {
  arrived = 0;
  completed = 0;
  fallbacks = 0;
  /** Measured pipelines that gave up after a task's last failed attempt (reported with failures: failures.ts). */
  gaveUp = 0;
  /** Pipelines rejected at arrival: a task needed more units than its pool has. */
  rejected = 0;
  /** With `cost.sla`: its wait threshold, and the measured pipelines that finished past it. */
  slaWait = Infinity;
  slaBreaches = 0;
  /** Whether a finished pipeline has more to record than the plain metrics (tenants, SLA): one branch on the hot path. */
  private extras = false;
  /** Mean and quantiles of pipeline waits and latencies (the histogram also keeps their sum). */
  readonly pipelineWait = new LogHistogram();
  readonly pipelineLatency = new LogHistogram();
  readonly taskWait = new Mean();
  readonly pools: PoolMetrics[];
  /** Measured arrivals per hour of the week. */
  readonly arrivalsByHourOfWeek = new HourOfWeekCounts();
  /** Pipeline wait per tenant, in tenant order; kept only with several tenants (reported only then). */
  readonly tenantWait: Mean[];
  /** Time integrals of each pool's busy units and queue length, kept by the pools (model/pools.ts). */
  readonly busyUnits: LevelIntegrals;
  readonly queued: LevelIntegrals;

  constructor(
    pools: readonly { name: string; capacity: number }[], readonly tenants: readonly string[], levels: { busy: LevelIntegrals; queued: LevelIntegrals },
    private readonly clock: Clock,
  ) {
    this.pools = pools.map((p) => new PoolMetrics(p.name, p.capacity));
    this.busyUnits = levels.busy;
    this.queued = levels.queued;
    this.tenantWait = tenants.length > 1 ? tenants.map(() => new Mean()) : [];
    this.extras = this.tenantWait.length > 0;
  }

  /** Counts the measured pipelines whose wait passes `seconds` (`cost.sla`). */
  countSlaBreaches(seconds: number): void {
    this.slaWait = seconds;
    this.extras = true;
  }

  /** A measured pipeline of `tenant` finished now: its record is at `at` of `record` (its wait, its arrival). */
  pipelineDone(tenant: number, record: Float64Array, at: number): void {
    const waitSeconds = record[at + PipelineField.WaitSeconds] as number;
    const latencySeconds = this.clock.now - (record[at + PipelineField.ArrivedAt] as number);
    this.completed++;
    if (this.extras) this.recordExtras(tenant, waitSeconds);
    this.pipelineWait.add(waitSeconds);
    this.pipelineLatency.add(latencySeconds);
  }

  private recordExtras(tenant: number, waitSeconds: number): void {
    if (this.tenantWait.length > 0) (this.tenantWait[tenant] as Mean).add(waitSeconds);
    if (waitSeconds > this.slaWait) this.slaBreaches++;
  }

  /** Warm-up ends at `now`: time averages restart here. */
  resetTimeAverages(now: number): void {
    this.busyUnits.reset(now);
    this.queued.reset(now);
  }

  /**
   * The flat metric map at time `now` (the end of the horizon), plus the bottleneck: a pool
   * whose queue keeps growing (see stats/saturation.ts), else the pool whose queue holds the
   * largest share of all queueing time, tasks still queued included ('none' without queueing).
   */
  finish(now: number, censored: Censored, checkpoints: number[][], network?: { utilisation: number; bytes: number; meanActive: number }): { metrics: MetricMap; bottleneck: string; distributions: RunDistributions } {
    const m: MetricMap = {};
    m['pipeline.arrived'] = this.arrived;
    m['pipeline.completed'] = this.completed;
    m['pipeline.inFlight'] = censored.count;
    m['pipeline.rejected'] = this.rejected;
    m['pipeline.wait.mean'] = this.pipelineWait.mean;
    for (const [label, q] of QUANTILES) m[`pipeline.wait.${label}`] = this.pipelineWait.quantile(q);
    // Every arrived pipeline, those unfinished with their wait so far: a lower bound.
    const inclusive = new LogHistogram();
    inclusive.merge(this.pipelineWait);
    for (const w of censored.waits) inclusive.add(w);
    m['pipeline.wait.inclusive.mean'] = inclusive.mean;
    m['pipeline.wait.inclusive.p95'] = inclusive.quantile(0.95);
    m['pipeline.latency.mean'] = this.pipelineLatency.mean;
    for (const [label, q] of QUANTILES) m[`pipeline.latency.${label}`] = this.pipelineLatency.quantile(q);
    m['task.wait.mean'] = this.taskWait.mean;
    m['task.fallbacks'] = this.fallbacks;
    const totalWait = this.pools.reduce((s, p) => s + p.waitSeconds, 0);
    let bottleneck = 'none';
    let largest = 0;
    let saturated = -1;
    this.pools.forEach((p, i) => {
      const prefix = `pool.${p.name}`;
      const utilisation = this.busyUnits.mean(i, now) / p.capacity;
      m[`${prefix}.utilisation`] = utilisation;
      m[`${prefix}.queue.mean`] = this.queued.mean(i, now);
      m[`${prefix}.wait.mean`] = p.wait.count > 0 ? p.wait.mean : 0;
      m[`${prefix}.wait.share`] = totalWait > 0 ? p.waitSeconds / totalWait : 0;
      const queueing = p.waitSeconds + (censored.queuedSeconds[i] as number);
      if (queueing > largest) {
        largest = queueing;
        bottleneck = p.name;
      }
      if (isSaturated(utilisation, [checkpoints[i] ?? []]) && (saturated < 0 || utilisation > (m[`pool.${this.pools[saturated]?.name}.utilisation`] as number))) saturated = i;
    });
    if (saturated >= 0) bottleneck = (this.pools[saturated] as PoolMetrics).name;
    if (this.tenants.length > 1) {
      this.tenants.forEach((name, i) => {
        const w = this.tenantWait[i] as Mean;
        m[`tenant.${name}.wait.mean`] = w.count > 0 ? w.mean : NaN;
      });
    }
    if (network) {
      m['network.utilisation'] = network.utilisation;
      m['network.bytes'] = network.bytes;
      m['network.transfers.mean'] = network.meanActive;
    }
    const distributions = {
      pipelineWait: this.pipelineWait.powersOfTwo(), arrivalsByHourOfWeek: Array.from(this.arrivalsByHourOfWeek.counts),
      queueCheckpoints: Object.fromEntries(this.pools.map((p, i) => [p.name, checkpoints[i] ?? []])),
    };
    return { metrics: m, bottleneck, distributions };
  }
}
