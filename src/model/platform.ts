/**
 * PlatformSimulation: the AI-ops platform of one scenario wired onto the event loop. Pipelines
 * arrive (arrivals.ts), bring their properties and every task demand (demand.ts), and run their
 * DAG of tasks (lifecycle.ts) on the pools (pools.ts); tasks move data over the shared network
 * (network.ts) before and after computing. Fallback, quality monitoring and recording are
 * optional rooms of their own. This file only builds the rooms, starts them and reports.
 */
import type { PoolSpec, Scenario } from '../config/schema.js';
import { Simulation } from '../engine/index.js';
import type { RandomStreams } from '../random/index.js';
import { Arrivals, compileReplay } from './arrivals.js';
import { compilePlatform } from './compile.js';
import { addCosts } from './costs.js';
import { Demand } from './demand.js';
import { LoadControls } from './load-controls.js';
import { expectedLoad } from './offered-work.js';
import { Fallback } from './fallback.js';
import { TaskLifecycle } from './lifecycle.js';
import { RunMetrics } from './metrics.js';
import { Network } from './network.js';
import type { SchedulingPolicy } from './policies/policy.js';
import { taskInfoOf } from './policy-context.js';
import { Failures } from './failures.js';
import { Placement } from './placement.js';
import { Pools, type PoolSharing } from './pools.js';
import { Preemption } from './preemption.js';
import { UserError } from '../core/errors.js';
import { QualityMonitor } from './quality-monitor.js';
import { Recorder, type PlatformOptions } from './recording.js';
import type { ScenarioInputs } from './replay.js';
import { EventBudgetExceeded } from './run-errors.js';
import { censoredAt } from './censoring.js';
import { QueueCheckpoints } from './checkpoints.js';
import { PipelineField, PipelineTable, TaskField, TaskTable } from './tables.js';
import type { RunSeries, MetricMap, RunDistributions } from '../core/records.js';

export type { PlatformOptions } from './recording.js';
export type { TaskRecord } from '../core/records.js';

/** What a finished run reports. */
export interface PlatformRunOutput {
  metrics: MetricMap;
  bottleneck: string;
  distributions: RunDistributions;
  events: number;
  /** With `seriesInterval`. */
  series?: RunSeries;
  /** With `controls`: control variates, each of expectation exactly 0 (stats/controls.ts). */
  controls?: Record<string, number>;
}

export class PlatformSimulation {
  private readonly sim = new Simulation();
  private readonly pipelines = new PipelineTable();
  private readonly metrics: RunMetrics;
  private readonly network: Network | undefined;
  private readonly quality: QualityMonitor | undefined;
  private readonly recorder: Recorder | undefined;
  private readonly lifecycle: TaskLifecycle;
  private readonly demand: Demand;
  private readonly warmupEnd: number;
  private readonly end: number;
  private readonly eventBudget: number;
  private readonly tasks: TaskTable;
  private readonly checkpoints: QueueCheckpoints;
  private readonly preemption: Preemption | undefined;
  private readonly arrivals: Arrivals;
  private readonly loadControls: LoadControls | undefined;
  private readonly cost: Scenario['cost'];
  private readonly placement: Placement | undefined;
  private readonly failures: Failures | undefined;
  /** Per pool: whether its nodes fail (their availability is reported). */
  private readonly nodeFailurePools: boolean[];
  /** The control variates at the end of the warm-up: the reported ones count what follows. */
  private controlsAtWarmup: Record<string, number> = {};

  constructor(scenario: Scenario, scheduler: SchedulingPolicy, streams: RandomStreams, options: PlatformOptions = {}, inputs: ScenarioInputs = {}) {
    const sim = this.sim;
    const pipelines = this.pipelines;
    const compiled = compilePlatform(scenario, inputs);
    this.eventBudget = options.eventBudget ?? Infinity;
    this.warmupEnd = scenario.warmup;
    this.end = scenario.warmup + scenario.horizon;
    const tasks = new TaskTable(compiled.tasksPerPipeline);
    this.tasks = tasks;
    const frameworks = compiled.mixes.framework.names;
    const sharing = poolSharing(scenario, compiled.poolNames, compiled.tenants.map((t) => t.name));
    const poolSpecs = compiled.poolNames.map((name) => scenario.platform.pools[name] as PoolSpec);
    this.nodeFailurePools = Failures.nodesFail(poolSpecs);
    // Failures cut compute short: they need the preemption room's cancellable segments.
    const failing = scenario.failures !== undefined || this.nodeFailurePools.some(Boolean);
    // So do pools of nodes: the room places and releases gangs as tasks start and end, off the
    // counted pools' hot path, and times compute slowed by locality.
    const nodes = poolSpecs.some((spec) => spec.nodes !== undefined);
    const preemptive = scheduler.preemption !== undefined || sharing.quotas !== undefined || failing || nodes;
    if (preemptive && compiled.fallback) throw new UserError('policy.fallback cannot be combined with a preemptive scheduler, quotas, failures or pools of nodes (a preempted or failed task would have two ways back)');
    let preemption: Preemption | undefined;
    const taskInfo = taskInfoOf(tasks, pipelines, compiled.kinds, frameworks, preemptive ? {
      attainedSeconds: (task) => (preemption as Preemption).attainedSeconds(task),
      remainingSeconds: (task) => (preemption as Preemption).remainingSeconds(task),
    } : undefined);
    const placement = nodes
      ? new Placement(
        sim, compiled.poolNames, poolSpecs, scheduler, (task) => tasks.data[task * TaskField.Count + TaskField.Units] as number,
        options.onPlace && ((task, nodes, time) => options.onPlace?.(task, nodes, time, pipelines.data[tasks.pipelineOf(task) * PipelineField.Count + PipelineField.ArrivedAt] as number)),
      )
      : undefined;
    this.placement = placement;
    const pools = new Pools(sim, compiled.poolNames, compiled.capacity, tasks, pipelines, scheduler, taskInfo, compiled.tenants, compiled.fallback !== undefined, {
      ...sharing, settings: scenario.policy, running: (pool) => (preemption ? preemption.runningTasks(pool) : []), ...(placement ? { placement } : {}),
    });
    if (preemptive) {
      const p = scenario.policy.preemption;
      preemption = new Preemption(
        sim, tasks, pipelines, pools, scheduler.preemption, { restart: p?.mode === 'restart', overheadSeconds: p?.overhead ?? 0 },
        compiled.tenants.map((t) => t.name), scenario.warmup, options.onSchedule,
      );
    }
    this.preemption = preemption;
    const metrics = new RunMetrics(
      compiled.poolNames.map((name, i) => ({ name, capacity: compiled.capacity[i] as number })), compiled.tenants.map((t) => t.name),
      { busy: pools.busyLevels, queued: pools.queuedLevels }, sim,
    );
    this.metrics = metrics;
    if (scenario.cost?.sla) metrics.countSlaBreaches(scenario.cost.sla.wait);
    this.cost = scenario.cost;

    const bandwidth = scenario.platform.network?.bandwidth;
    const network = bandwidth === undefined ? undefined : new Network(sim, bandwidth, (task) => this.lifecycle.onTransferDone(task));
    this.network = network;
    const fb = compiled.fallback;
    const fallback = fb && new Fallback(fb.from, fb.to, fb.after, fb.slowdown, sim, tasks, pipelines, pools, metrics);
    this.quality = scenario.quality && new QualityMonitor(
      scenario.quality, streams, compiled.mixes.modelType.names, compiled.mixes.structure.names, compiled.compresses, sim, pipelines, this.warmupEnd, this.end,
      (app) => this.demand.createPipeline(sim.now, this.demand.retrainingStreams, app, -1),
    );
    // Built first of what schedules: its first sample comes before the warm-up's end in the event order.
    this.recorder = Recorder.wanted(options) ? new Recorder(options, sim, this.end, {
      busy: pools.busyLevels,
      queued: pools.queuedLevels,
      capacity: compiled.capacity,
      ...(network ? { network: { busy: network.busy, bytesPerSecond: network.bandwidthBytesPerSecond } } : {}),
      alive: () => pipelines.alive,
    }, tasks, pipelines, { pools: compiled.poolNames, kinds: compiled.kinds, tenants: compiled.tenants, frameworks }) : undefined;

    this.lifecycle = new TaskLifecycle(sim, tasks, pipelines, compiled.kinds, compiled.structures, pools, metrics, network, fallback, this.quality, this.recorder, preemption);
    this.failures = failing
      ? new Failures(scenario.failures, poolSpecs, compiled.poolNames, compiled.kinds, streams, sim, tasks, pipelines, preemption as Preemption, placement, this.lifecycle, scenario.warmup)
      : undefined;
    const replay = compileReplay(compiled, inputs, streams);
    this.loadControls = options.controls === true ? new LoadControls(compiled.poolNames, expectedLoad(scenario, compiled), sim) : undefined;
    this.demand = new Demand(compiled, streams, replay, sim, tasks, pipelines, this.lifecycle, metrics, this.warmupEnd, this.quality, this.recorder, this.loadControls);
    const arrivals = new Arrivals(compiled, streams, replay, sim, this.demand, this.end);
    this.arrivals = arrivals;

    this.checkpoints = new QueueCheckpoints(pools.queuedLevels, compiled.poolNames.length, this.warmupEnd, this.end);

    sim.scheduleAt(this.warmupEnd, sim.register(() => this.onWarmupEnd()), 0);
    arrivals.start();
    this.quality?.start();
    this.failures?.start();
  }

  /** Runs to the end of the horizon and returns the run's metrics. */
  run(): PlatformRunOutput {
    const sim = this.sim;
    // The kernel stops at each queue checkpoint (events at that instant first) and goes on.
    for (const boundary of this.checkpoints.boundaries()) {
      sim.run(boundary, this.eventBudget - sim.eventsProcessed);
      if (sim.budgetSpent || sim.halted) break;
      this.checkpoints.mark(boundary);
    }
    if (!sim.budgetSpent && !sim.halted) sim.run(this.end, this.eventBudget - sim.eventsProcessed);
    if (sim.budgetSpent) throw new EventBudgetExceeded(this.eventBudget, sim.now);
    const n = this.network;
    const networkStats = n && {
      utilisation: n.busy.mean(this.end),
      bytes: n.busy.integral(this.end) * n.bandwidthBytesPerSecond,
      meanActive: n.active.mean(this.end),
    };
    const censored = censoredAt(this.end, this.pipelines, this.tasks, this.metrics.pools.length, this.preemption);
    const { metrics, bottleneck, distributions } = this.metrics.finish(this.end, censored, this.checkpoints.means(), networkStats);
    metrics['sim.horizonSeconds'] = this.end - this.warmupEnd;
    this.quality?.report(metrics);
    if (this.preemption?.preempts) this.preemption.metrics.report(metrics);
    this.failures?.report(metrics, this.metrics.gaveUp);
    const nodeUtilisation = this.placement?.report(metrics, this.end, this.nodeFailurePools);
    if (nodeUtilisation) distributions.nodeUtilisation = nodeUtilisation;
    if (this.cost) {
      addCosts(this.cost, metrics, {
        pools: this.metrics.pools.map((p) => ({ name: p.name, capacity: p.capacity })),
        measuredSeconds: this.end - this.warmupEnd,
        slaBreaches: this.metrics.slaBreaches + censored.waits.filter((w) => w > this.metrics.slaWait).length,
        modelSecondsBelow: this.quality?.secondsBelowThreshold() ?? 0,
      });
    }
    const series = this.recorder?.series;
    return {
      metrics, bottleneck, distributions, events: this.sim.eventsProcessed, ...(series ? { series: series.series } : {}),
      ...(this.loadControls ? { controls: this.controls() } : {}),
    };
  }

  /**
   * The control variates so far (model/load-controls.ts): interarrival deviations from their
   * mean, in arrivals (negative when more came than expected), and each pool's offered work
   * deviation. Each is a martingale of expectation exactly 0, and so is its change since the
   * warm-up, which is what the metrics measure. A scenario without synthetic arrivals has no
   * `arrivals` control.
   */
  private controlsNow(): Record<string, number> {
    const arrivals = this.arrivals.deviation();
    return { ...(arrivals !== undefined ? { arrivals } : {}), ...(this.loadControls as LoadControls).values() };
  }

  private controls(): Record<string, number> {
    const now = this.controlsNow();
    return Object.fromEntries(Object.entries(now).map(([name, value]) => [name, value - (this.controlsAtWarmup[name] ?? 0)]));
  }

  private onWarmupEnd(): void {
    const now = this.sim.now;
    if (this.loadControls) this.controlsAtWarmup = this.controlsNow();
    this.recorder?.series?.beforeReset(now);
    this.quality?.ledger.reset(now);
    this.metrics.resetTimeAverages(now);
    this.network?.resetStatistics(now);
    this.placement?.resetStatistics(now);
  }
}

/** Each pool's quotas by tenant index, when the scenario gives any. */
function poolSharing(scenario: Scenario, poolNames: readonly string[], tenants: readonly string[]): PoolSharing {
  const pools = scenario.platform.pools;
  if (!poolNames.some((name) => pools[name]?.quotas !== undefined)) return {};
  return {
    quotas: poolNames.map((name) => {
      const spec = pools[name];
      if (spec?.quotas === undefined) return undefined;
      for (const tenant of Object.keys(spec.quotas)) {
        if (!tenants.includes(tenant)) throw new UserError(`platform.pools.${name}.quotas.${tenant}: no such tenant in the workload or the replayed trace (tenants: ${tenants.join(', ')})`);
      }
      return { units: Int32Array.from(tenants, (t) => spec.quotas?.[t] ?? 0), borrowing: spec.borrowing ?? true };
    }),
  };
}
