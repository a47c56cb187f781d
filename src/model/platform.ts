/**
 * PlatformSimulation: the AI-ops platform of one scenario wired onto the event loop. Pipelines
 * arrive, draw their static properties and every task demand up front (from named streams,
 * so demands do not depend on scheduling), and run their DAG of tasks on the pools; tasks
 * move data over the shared network before and after computing.
 */
import type { Scenario } from '../config/schema.js';
import { Simulation } from '../engine/index.js';
import {
  createDistribution, cumulativeWeights, DrawBlock, type Distribution, type RandomStreams, type Rng,
} from '../random/index.js';
import { compileDurationModel, DurationDraws } from './durations.js';
import { RunMetrics, type MetricMap, type PoolMetrics, type RunDistributions } from './metrics.js';
import { Network } from './network.js';
import { compileStructures, type CompiledStructure } from './pipelines.js';
import type { PolicyContext, SchedulingPolicy, TaskQueue, TenantInfo } from './policies/policy.js';
import { PipelineField, PipelineTable, TaskField, TaskPhase, TaskState, TaskTable } from './tables.js';
import { ArrivalClock, weeklyMultipliers } from './workload.js';
import { QualityMonitor } from './quality-monitor.js';
import { EventBudgetExceeded, PolicyError } from './run-errors.js';
import type { LevelIntegrals } from '../stats/online.js';
import { SeriesRecorder, type RunSeries } from './timeseries.js';
import { replayArrivals, type ScenarioInputs } from './replay.js';
import {
  drawMix, pipelineStreams, READS_ASSET, READS_MODEL, READS_NONE, RECORDED_DURATION, REPLAY_STRUCTURE, unitsPerTenant, withReplay,
  type CompiledKind, type Mix, type PipelineStreams, type Replay,
} from './compile.js';
import { LivePoolView, taskInfoOf } from './policy-context.js';

/** What a finished run reports. */
export interface PlatformRunOutput {
  metrics: MetricMap;
  bottleneck: string;
  distributions: RunDistributions;
  events: number;
  /** With `seriesInterval`. */
  series?: RunSeries;
}

/** One finished task, as an event trace records it (times in simulated seconds). */
export interface TaskRecord {
  pipelineArrivedAt: number;
  readyAt: number;
  startedAt: number;
  endedAt: number;
  pool: string;
  kind: string;
  units: number;
  tenant: string;
  framework: string;
  /** Measured: it arrived after the warm-up. */
  measured: boolean;
}

/** Options for inspection (tests, traces); none changes what is simulated. */
export interface PlatformOptions {
  /** Record time series at this simulated interval (seconds); see model/timeseries.ts. */
  seriesInterval?: number;
  /** Fail the run (EventBudgetExceeded) after this many events; default: no limit. */
  eventBudget?: number;
  /** Called as every task finishes. */
  onTaskEnd?: (record: TaskRecord) => void;
  /** Hands out recorded series every SERIES_CHUNK samples (the rest comes with the result). */
  onSeriesChunk?: (chunk: RunSeries) => void;
  /**
   * Called at every pipeline arrival (not retraining, not rejected) with its time, structure
   * index, first task's drawn duration and units, and tenant.
   */
  onArrival?: (time: number, structure: number, firstTaskSeconds: number, firstTaskUnits: number, tenant: string) => void;
}

export class PlatformSimulation {
  private readonly sim = new Simulation();
  private readonly pipelines = new PipelineTable();
  private readonly tasks: TaskTable;
  private readonly metrics: RunMetrics;
  private readonly network: Network | undefined;
  private readonly clock: ArrivalClock;
  /** Interarrival times in operational time, drawn from the `arrivals` stream. */
  private readonly interarrivals: DrawBlock | undefined;
  private readonly replay: Replay | undefined;
  private readonly structures: CompiledStructure[];
  private readonly structureMix: Mix;
  private readonly tenantMix: Mix;
  private readonly frameworkMix: Mix;
  private readonly modelTypeMix: Mix;
  private readonly predictionTypeMix: Mix;
  private readonly assetSize: Distribution;
  private readonly assetInstances: Distribution;
  private readonly assetDimensions: Distribution;
  private readonly modelSize: Distribution;
  private readonly arrivalStreams: PipelineStreams;
  private readonly retrainingStreams: PipelineStreams;
  private readonly quality: QualityMonitor | undefined;
  /** Per structure: whether it compresses its model (costs quality). */
  private readonly compresses: boolean[];
  private readonly kinds: CompiledKind[];
  private readonly poolNames: string[];
  private readonly capacity: Int32Array;
  private readonly busy: Int32Array;
  /**
   * Units in use by [pool][tenant]. With one tenant that is the pool's busy units, so each
   * pool's entry is a view of `busy` and only `busy` is updated.
   */
  private readonly busyByTenant: Int32Array[];
  private readonly severalTenants: boolean;
  private readonly queues: TaskQueue[];
  private readonly queuedCount: Int32Array;
  /** The metrics' integrals of `busy` and `queuedCount`, told of every change. */
  private readonly busyLevels: LevelIntegrals;
  private readonly queuedLevels: LevelIntegrals;
  private readonly tenants: TenantInfo[];
  private readonly warmupEnd: number;
  private readonly end: number;
  private readonly fallbackFrom: number;
  private readonly fallbackTo: number;
  private readonly fallbackAfter: number;
  private readonly fallbackSlowdown: number;
  private readonly arrivalKind: number;
  private readonly replayKind: number;
  private readonly series: SeriesRecorder | undefined;
  private readonly sampleKind: number;
  private readonly computedKind: number;
  private readonly fallbackKind: number;
  /**
   * Every structure is one task (jobs, as in M/M/c and GPU-cluster traces): a pipeline's wait
   * is then its task's, and synthetic arrivals take the straight-line `createJob`.
   */
  private readonly singleTask: boolean;
  // Copied out of the options: options objects differ in shape, which would make reading them polymorphic.
  private readonly onTaskEnd: PlatformOptions['onTaskEnd'];
  private readonly onArrivalHook: PlatformOptions['onArrival'];
  private readonly eventBudget: number;

  constructor(scenario: Scenario, scheduler: SchedulingPolicy, streams: RandomStreams, options: PlatformOptions = {}, inputs: ScenarioInputs = {}) {
    this.onTaskEnd = options.onTaskEnd;
    this.eventBudget = options.eventBudget ?? Infinity;
    this.onArrivalHook = options.onArrival;
    let w = scenario.workload;
    const trace = inputs.trace;
    if (w.replay) {
      if (!trace) throw new Error('the replay trace was not loaded (call loadScenarioInputs first)');
      w = withReplay(w, trace);
    }
    const poolNames = Object.keys(scenario.platform.pools);
    this.poolNames = poolNames;
    const poolIndex = new Map(poolNames.map((n, i) => [n, i]));
    this.capacity = Int32Array.from(poolNames.map((n) => scenario.platform.pools[n]?.capacity ?? 0));
    this.busy = new Int32Array(poolNames.length);
    this.queuedCount = new Int32Array(poolNames.length);
    const tenantNames = Object.keys(w.tenants);
    this.metrics = new RunMetrics(poolNames.map((name, i) => ({ name, capacity: this.capacity[i] as number })), tenantNames, { busy: this.busy, queued: this.queuedCount });
    this.busyLevels = this.metrics.busyUnits;
    this.queuedLevels = this.metrics.queued;
    this.warmupEnd = scenario.warmup;
    this.end = scenario.warmup + scenario.horizon;

    const mix = (weights: Record<string, number>): Mix => ({ names: Object.keys(weights), cumulative: cumulativeWeights(Object.values(weights)) });
    this.tenantMix = mix(Object.fromEntries(Object.entries(w.tenants).map(([n, t]) => [n, t.weight])));
    this.tenants = Object.entries(w.tenants).map(([name, t]) => ({ name, weight: t.weight, priority: t.priority }));
    this.frameworkMix = mix(w.frameworks);
    this.modelTypeMix = mix(w.modelTypes);
    this.predictionTypeMix = mix(w.predictionTypes);
    const synthetic = Object.fromEntries(Object.entries(w.structures).filter(([n]) => n !== REPLAY_STRUCTURE).map(([n, s]) => [n, s.weight]));
    // The mix draws synthetic structures only; the replayed jobs' structure comes last.
    this.structureMix = mix(Object.keys(synthetic).length > 0 ? synthetic : { [REPLAY_STRUCTURE]: 1 });
    this.severalTenants = this.tenants.length > 1;
    this.busyByTenant = poolNames.map((_, p) => (this.severalTenants ? new Int32Array(this.tenants.length) : this.busy.subarray(p, p + 1)));

    const kindNames = Object.keys(scenario.tasks);
    const kindIndex = new Map(kindNames.map((n, i) => [n, i]));
    const frameworks = this.frameworkMix.names;
    this.kinds = kindNames.map((name) => {
      const spec = scenario.tasks[name] as Scenario['tasks'][string];
      const poolOf = (fw: string): number => {
        const choice = typeof spec.pool === 'string' ? spec.pool : (spec.pool.byFramework[fw] ?? spec.pool.byFramework.default);
        return poolIndex.get(choice as string) as number;
      };
      return {
        name,
        poolByFramework: Int32Array.from(frameworks.map(poolOf)),
        units: unitsPerTenant(spec.units, tenantNames),
        duration: spec.duration ? compileDurationModel(spec.duration, frameworks, tenantNames) : RECORDED_DURATION,
        reads: spec.reads === 'asset' ? READS_ASSET : spec.reads === 'model' ? READS_MODEL : READS_NONE,
        writesModel: spec.writes === 'model',
        modelSizeFactor: spec.modelSizeFactor,
      };
    });
    this.structures = compileStructures(w, kindIndex);
    this.compresses = this.structures.map((st) => Array.from(st.kind).some((k) => {
      const kind = this.kinds[k] as CompiledKind;
      return kind.writesModel && kind.modelSizeFactor < 1;
    }));
    this.arrivalStreams = pipelineStreams(streams, '', this.kinds);
    this.retrainingStreams = pipelineStreams(streams, 'retraining.', this.kinds);
    this.tasks = new TaskTable(Math.max(...this.structures.map((s) => s.kind.length)));
    this.singleTask = this.tasks.stride === 1;

    this.interarrivals = w.interarrival && new DrawBlock(createDistribution(w.interarrival), streams.stream('arrivals'));
    this.replay = w.replay && trace && {
      trace,
      arrivals: replayArrivals(trace, w.replay, w.growth, streams.stream('replay.jitter'), streams.stream('replay.growth')),
      structure: this.structures.findIndex((st) => st.name === REPLAY_STRUCTURE),
      tenant: Int32Array.from(trace.tenantNames, (t) => tenantNames.indexOf(t)),
      framework: Int32Array.from(trace.frameworkNames, (f) => Math.max(0, frameworks.indexOf(f))),
      hasUnits: trace.columns.units !== undefined,
      hasSize: trace.columns.size !== undefined,
    };
    this.clock = new ArrivalClock(weeklyMultipliers(w.profile), w.growth);
    this.assetSize = createDistribution(w.assets.size);
    this.assetInstances = createDistribution(w.assets.instances);
    this.assetDimensions = createDistribution(w.assets.dimensions);
    this.modelSize = createDistribution(w.modelSize);

    const fb = scenario.policy.fallback;
    this.fallbackFrom = fb ? (poolIndex.get(fb.from) as number) : -1;
    this.fallbackTo = fb ? (poolIndex.get(fb.to) as number) : -1;
    this.fallbackAfter = fb?.after ?? Infinity;
    this.fallbackSlowdown = fb?.slowdown ?? 1;

    const bandwidth = scenario.platform.network?.bandwidth;
    this.network = bandwidth === undefined ? undefined : new Network(this.sim, bandwidth, (task) => this.onTransferDone(task));
    this.arrivalKind = this.sim.register(() => this.onArrival());
    this.replayKind = this.sim.register((i) => this.onReplayArrival(i));
    this.computedKind = this.sim.register((task) => this.onComputed(task));
    this.fallbackKind = this.sim.register((task) => this.onFallbackDue(task));
    const warmupKind = this.sim.register(() => this.onWarmupEnd());
    this.quality = scenario.quality && new QualityMonitor(
      scenario.quality, streams, this.modelTypeMix.names, this.structureMix.names, this.compresses, this.sim, this.pipelines, this.warmupEnd, this.end,
      (app) => this.createPipeline(this.sim.now, this.retrainingStreams, app, -1),
    );

    const taskInfo = taskInfoOf(this.tasks, this.pipelines, this.kinds, this.frameworkMix.names);
    this.queues = poolNames.map((name, p) => {
      const view = new LivePoolView(name, this.capacity[p] as number, this.busy, p, this.busyByTenant[p] as Int32Array);
      const context: PolicyContext = { tasks: taskInfo, pool: view, tenants: this.tenants };
      return scheduler.createQueue(context);
    });

    const interval = options.seriesInterval;
    this.series = interval === undefined ? undefined : new SeriesRecorder(interval, poolNames, {
      busy: this.busyLevels,
      queued: this.queuedLevels,
      capacity: this.capacity,
      ...(this.network ? { network: { busy: this.network.busy, bytesPerSecond: this.network.bandwidthBytesPerSecond } } : {}),
      alive: () => this.pipelines.alive,
    }, options.onSeriesChunk);
    this.sampleKind = this.sim.register(() => this.onSample());
    if (interval !== undefined && interval <= this.end) this.sim.scheduleAt(interval, this.sampleKind, 0);

    this.sim.scheduleAt(this.warmupEnd, warmupKind, 0);
    if (this.interarrivals) this.scheduleNextArrival(0);
    if (this.replay) this.scheduleReplayArrival(0);
    this.quality?.start();
  }

  /** Runs to the end of the horizon and returns the run's metrics. */
  run(): PlatformRunOutput {
    this.sim.run(this.end, this.eventBudget);
    if (this.sim.budgetSpent) throw new EventBudgetExceeded(this.eventBudget, this.sim.now);
    const n = this.network;
    const horizon = this.end - this.warmupEnd;
    const networkStats = n && {
      utilisation: n.busy.mean(this.end),
      bytes: n.busy.integral(this.end) * n.bandwidthBytesPerSecond,
      meanActive: n.active.mean(this.end),
    };
    let inFlight = 0;
    const pr = this.pipelines.data;
    for (let pb = 0; pb < pr.length; pb += PipelineField.Count) if ((pr[pb + PipelineField.Remaining] as number) > 0 && pr[pb + PipelineField.Measured]) inFlight++;
    const { metrics, bottleneck, distributions } = this.metrics.finish(this.end, inFlight, networkStats);
    metrics['sim.horizonSeconds'] = horizon;
    this.quality?.report(metrics);
    return { metrics, bottleneck, distributions, events: this.sim.eventsProcessed, ...(this.series ? { series: this.series.series } : {}) };
  }

  private scheduleNextArrival(from: number): void {
    const next = this.clock.advance(from, (this.interarrivals as DrawBlock).take());
    // Arrivals come in time order: the ordered lane keeps them out of the heap.
    if (next < this.end) this.sim.scheduleOrdered(next, this.arrivalKind, 0);
  }

  private onArrival(): void {
    const now = this.sim.now;
    this.scheduleNextArrival(now);
    if (this.singleTask) this.createJob();
    else this.createPipeline(now, this.arrivalStreams, -1, -1);
  }

  private scheduleReplayArrival(i: number): void {
    const arrivals = (this.replay as Replay).arrivals;
    if (i < arrivals.time.length && (arrivals.time[i] as number) < this.end) this.sim.scheduleOrdered(arrivals.time[i] as number, this.replayKind, i);
  }

  private onReplayArrival(i: number): void {
    this.scheduleReplayArrival(i + 1);
    this.createPipeline(this.sim.now, this.arrivalStreams, -1, (this.replay as Replay).arrivals.row[i] as number);
  }

  /**
   * A pipeline arrives: it draws its properties and every task demand now, from `rngs`, so
   * demands never depend on the schedule. `retrainApp` ≥ 0 makes it a retraining pipeline of
   * that application (its structure is the retraining one, its properties the application's);
   * `replayRow` ≥ 0 makes it that row of the replayed trace (demands as recorded).
   */
  private createPipeline(now: number, rngs: PipelineStreams, retrainApp: number, replayRow: number): void {
    const id = this.allocatePipeline();
    const pr = this.pipelines.data;
    const pb = id * PipelineField.Count;
    const r = replayRow >= 0 ? this.replay as Replay : undefined;
    if (retrainApp >= 0) (this.quality as QualityMonitor).inherit(pr, pb, retrainApp);
    else if (r) this.replayProperties(pr, pb, r, replayRow, rngs);
    else this.drawProperties(pr, pb, rngs);
    const s = pr[pb + PipelineField.Structure]! | 0;
    const framework = pr[pb + PipelineField.Framework]! | 0;
    const tenant = pr[pb + PipelineField.Tenant]! | 0;
    const structure = this.structures[s] as CompiledStructure;
    const nodes = structure.kind.length;
    const size = r?.hasSize ? (r.trace.size[replayRow] as number) : Math.max(0, this.assetSize.sample(rngs.asset));
    this.initPipeline(pr, pb, now, size, rngs, retrainApp >= 0, nodes);
    const tr = this.tasks.data;
    const base = id * this.tasks.stride;
    let oversized = false;
    for (let node = 0; node < nodes; node++) {
      const task = base + node;
      const tb = task * TaskField.Count;
      const k = structure.kind[node] as number;
      if (r) {
        const kind = this.kinds[k] as CompiledKind;
        tr[tb + TaskField.Pipeline] = id;
        tr[tb + TaskField.Kind] = k;
        tr[tb + TaskField.Pool] = kind.poolByFramework[framework] as number;
        tr[tb + TaskField.Units] = (r.hasUnits ? (r.trace.units[replayRow] as number) : (kind.units[tenant] as Distribution).sample(rngs.units[k] as Rng)) | 0;
        // Replayed jobs' durations are known exactly: SJF-style policies see them (an oracle).
        tr[tb + TaskField.DurationSeconds] = r.trace.duration[replayRow] as number;
        tr[tb + TaskField.ExpectedSeconds] = r.trace.duration[replayRow] as number;
      } else {
        this.drawDemand(tr, tb, id, k, framework, tenant, size, rngs);
      }
      if ((tr[tb + TaskField.Units] as number) > (this.capacity[tr[tb + TaskField.Pool]! | 0] as number)) oversized = true;
      tr[tb + TaskField.Predecessors] = structure.predecessors[node] as number;
      tr[tb + TaskField.State] = TaskState.Waiting;
    }
    if (oversized) {
      this.reject(id, now);
      return;
    }
    this.countArrival(now, s, tenant, base, retrainApp < 0);
    for (let node = 0; node < nodes; node++) if (structure.predecessors[node] === 0) this.makeReady(base + node);
  }

  /**
   * A synthetic arrival when every structure is one task (jobs, as in M/M/c and GPU-cluster
   * workloads): what createPipeline does for that case, with the same draws in the same order.
   * It is the hot path of such runs, so drawProperties, initPipeline, drawDemand and enqueue
   * are written out in a straight line: through the helpers, M/M/c ran 10–20% slower.
   * test/model/hot-paths.test.ts holds both paths to identical results.
   */
  private createJob(): void {
    // The clock is read here, not passed in: a double passed to a call V8 does not inline is boxed on the heap.
    const now = this.sim.now;
    const rngs = this.arrivalStreams;
    const p = this.pipelines;
    const id = p.allocate();
    this.tasks.ensure(p.capacity);
    const pr = p.data;
    const pb = id * PipelineField.Count;
    const q = this.quality;
    const s = drawMix(this.structureMix, rngs.structure);
    const framework = drawMix(this.frameworkMix, rngs.framework);
    const tenant = drawMix(this.tenantMix, rngs.tenant);
    pr[pb + PipelineField.ModelType] = drawMix(this.modelTypeMix, rngs.modelType);
    pr[pb + PipelineField.PredictionType] = drawMix(this.predictionTypeMix, rngs.predictionType);
    pr[pb + PipelineField.Application] = q ? q.applicationOf(rngs.application) : -1;
    pr[pb + PipelineField.Tenant] = tenant;
    pr[pb + PipelineField.Retraining] = 0;
    const size = Math.max(0, this.assetSize.sample(rngs.asset));
    pr[pb + PipelineField.ArrivedAt] = now;
    pr[pb + PipelineField.Structure] = s;
    pr[pb + PipelineField.Framework] = framework;
    pr[pb + PipelineField.AssetSizeBytes] = size;
    pr[pb + PipelineField.Instances] = this.assetInstances.sample(rngs.asset);
    pr[pb + PipelineField.Dimensions] = this.assetDimensions.sample(rngs.asset);
    pr[pb + PipelineField.ModelSizeBytes] = Math.max(0, this.modelSize.sample(rngs.model));
    pr[pb + PipelineField.StaleEntries] = 0;
    const measured = now >= this.warmupEnd;
    pr[pb + PipelineField.Measured] = measured ? 1 : 0;
    pr[pb + PipelineField.Remaining] = 1;
    // With one task per pipeline, a task's id is its pipeline's.
    const tr = this.tasks.data;
    const tb = id * TaskField.Count;
    const k = (this.structures[s] as CompiledStructure).kind[0] as number;
    const kind = this.kinds[k] as CompiledKind;
    const pool = kind.poolByFramework[framework] as number;
    tr[tb + TaskField.Pipeline] = id;
    tr[tb + TaskField.Kind] = k;
    tr[tb + TaskField.Pool] = pool;
    const units = (kind.units[tenant] as Distribution).sample(rngs.units[k] as Rng) | 0;
    tr[tb + TaskField.Units] = units;
    const durations = rngs.duration[k] as DurationDraws;
    tr[tb + TaskField.DurationSeconds] = durations.sample(size, framework, tenant, units);
    tr[tb + TaskField.ExpectedSeconds] = durations.expected(size, framework, tenant, units);
    if (units > (this.capacity[pool] as number)) {
      this.reject(id, now);
      return;
    }
    this.countArrival(now, s, tenant, id, true);
    tr[tb + TaskField.ReadyAt] = now;
    tr[tb + TaskField.State] = TaskState.Queued;
    tr[tb + TaskField.QueuedAt] = now;
    // `enqueue`, inlined: this is the hot path of job runs.
    const fits = units <= (this.capacity[pool] as number) - (this.busy[pool] as number);
    if (fits && this.queuedCount[pool] === 0) {
      this.start(id, pool, tr, tb);
      return;
    }
    this.changeQueued(pool, now, 1);
    (this.queues[pool] as TaskQueue).push(id, now);
    if (pool === this.fallbackFrom) this.sim.schedule(this.fallbackAfter, this.fallbackKind, id);
    if (fits) this.dispatch(pool);
  }

  /** A free pipeline slot, with room for its tasks. */
  private allocatePipeline(): number {
    const id = this.pipelines.allocate();
    this.tasks.ensure(this.pipelines.capacity);
    return id;
  }

  /** A synthetic pipeline's properties, drawn from the workload's mixes. */
  private drawProperties(pr: Float64Array, pb: number, rngs: PipelineStreams): void {
    const q = this.quality;
    pr[pb + PipelineField.Structure] = drawMix(this.structureMix, rngs.structure);
    pr[pb + PipelineField.Framework] = drawMix(this.frameworkMix, rngs.framework);
    pr[pb + PipelineField.Tenant] = drawMix(this.tenantMix, rngs.tenant);
    pr[pb + PipelineField.ModelType] = drawMix(this.modelTypeMix, rngs.modelType);
    pr[pb + PipelineField.PredictionType] = drawMix(this.predictionTypeMix, rngs.predictionType);
    pr[pb + PipelineField.Application] = q ? q.applicationOf(rngs.application) : -1;
  }

  /** A replayed job's properties, as recorded. */
  private replayProperties(pr: Float64Array, pb: number, r: Replay, row: number, rngs: PipelineStreams): void {
    const q = this.quality;
    pr[pb + PipelineField.Structure] = r.structure;
    pr[pb + PipelineField.Framework] = r.framework[r.trace.framework[row] as number] as number;
    pr[pb + PipelineField.Tenant] = r.tenant[r.trace.tenant[row] as number] as number;
    pr[pb + PipelineField.ModelType] = 0;
    pr[pb + PipelineField.PredictionType] = 0;
    pr[pb + PipelineField.Application] = q ? q.applicationOf(rngs.application) : -1;
  }

  /** The rest of a new pipeline's record: its asset, model and progress counters. */
  private initPipeline(pr: Float64Array, pb: number, now: number, size: number, rngs: PipelineStreams, retraining: boolean, nodes: number): void {
    pr[pb + PipelineField.Retraining] = retraining ? 1 : 0;
    pr[pb + PipelineField.ArrivedAt] = now;
    pr[pb + PipelineField.AssetSizeBytes] = size;
    pr[pb + PipelineField.Instances] = this.assetInstances.sample(rngs.asset);
    pr[pb + PipelineField.Dimensions] = this.assetDimensions.sample(rngs.asset);
    pr[pb + PipelineField.ModelSizeBytes] = Math.max(0, this.modelSize.sample(rngs.model));
    pr[pb + PipelineField.WaitSeconds] = 0;
    pr[pb + PipelineField.QueuedTasks] = 0;
    pr[pb + PipelineField.StaleEntries] = 0;
    pr[pb + PipelineField.Measured] = now >= this.warmupEnd ? 1 : 0;
    pr[pb + PipelineField.Remaining] = nodes;
  }

  /** A synthetic task's pool and demand: units, then duration, from its kind's streams. */
  private drawDemand(tr: Float64Array, tb: number, pipeline: number, k: number, framework: number, tenant: number, size: number, rngs: PipelineStreams): void {
    const kind = this.kinds[k] as CompiledKind;
    tr[tb + TaskField.Pipeline] = pipeline;
    tr[tb + TaskField.Kind] = k;
    tr[tb + TaskField.Pool] = kind.poolByFramework[framework] as number;
    // Units are whole: a draw is truncated as an Int32 would be.
    const units = (kind.units[tenant] as Distribution).sample(rngs.units[k] as Rng) | 0;
    tr[tb + TaskField.Units] = units;
    const durations = rngs.duration[k] as DurationDraws;
    tr[tb + TaskField.DurationSeconds] = durations.sample(size, framework, tenant, units);
    tr[tb + TaskField.ExpectedSeconds] = durations.expected(size, framework, tenant, units);
  }

  /** A pipeline with a task larger than its pool could never start and would block the queue for good: rejected at arrival, counted. */
  private reject(pipeline: number, now: number): void {
    if (now >= this.warmupEnd) this.metrics.rejected++;
    this.pipelines.data[pipeline * PipelineField.Count + PipelineField.Remaining] = 0;
    this.pipelines.release(pipeline);
  }

  /** Counts an accepted arrival; `external` (not a retraining) ones also in the arrival profile and hooks. */
  private countArrival(now: number, structure: number, tenant: number, firstTask: number, external: boolean): void {
    if (now >= this.warmupEnd) {
      this.metrics.arrived++;
      if (external) this.metrics.arrivalsByHourOfWeek.add(now);
    }
    // Apart, so that V8 inlines the common case (no series, no hook) into the arrival paths.
    if (external && (this.series || this.onArrivalHook)) this.reportArrival(now, structure, tenant, firstTask);
  }

  private reportArrival(now: number, structure: number, tenant: number, firstTask: number): void {
    if (this.series) this.series.arrived();
    if (this.onArrivalHook) {
      const tr = this.tasks.data;
      const tb = firstTask * TaskField.Count;
      this.onArrivalHook(now, structure, tr[tb + TaskField.DurationSeconds] as number, tr[tb + TaskField.Units] as number, (this.tenants[tenant] as TenantInfo).name);
    }
  }

  private makeReady(task: number): void {
    const now = this.sim.now;
    const tr = this.tasks.data;
    const tb = task * TaskField.Count;
    if (!this.singleTask) {
      const pr = this.pipelines.data;
      const pb = this.tasks.pipelineOf(task) * PipelineField.Count;
      if (pr[pb + PipelineField.QueuedTasks]!++ === 0) pr[pb + PipelineField.QueuedSince] = now;
    }
    tr[tb + TaskField.ReadyAt] = now;
    tr[tb + TaskField.State] = TaskState.Queued;
    this.enqueue(task, tr[tb + TaskField.Pool]! | 0, now, tr, tb);
  }

  /** `task` (record at `tb` of `tr`) joins `pool`'s queue, or starts at once. */
  private enqueue(task: number, pool: number, now: number, tr: Float64Array, tb: number): void {
    tr[tb + TaskField.Pool] = pool;
    tr[tb + TaskField.QueuedAt] = now;
    const fits = (tr[tb + TaskField.Units] as number) <= (this.capacity[pool] as number) - (this.busy[pool] as number);
    // Nothing else waiting and room for it: every policy would pick it, so it starts without the queue.
    if (fits && this.queuedCount[pool] === 0) {
      this.start(task, pool, tr, tb);
      return;
    }
    this.changeQueued(pool, now, 1);
    (this.queues[pool] as TaskQueue).push(task, now);
    if (pool === this.fallbackFrom) this.sim.schedule(this.fallbackAfter, this.fallbackKind, task);
    // The head did not fit before this push; if this task does not fit either, nothing can start.
    if (fits) this.dispatch(pool);
  }

  /** A pool's queue length changes: the count and its time integral move together. */
  private changeQueued(pool: number, now: number, delta: number): void {
    this.queuedCount[pool] = (this.queuedCount[pool] as number) + delta;
    this.queuedLevels.changed(pool, now, delta);
  }

  /** The units `tenant` uses in `pool` change: the pool's, the tenant's and the time integral move together. */
  private changeBusy(pool: number, tenant: number, now: number, delta: number): void {
    this.busy[pool] = (this.busy[pool] as number) + delta;
    if (this.severalTenants) {
      const byTenant = this.busyByTenant[pool] as Int32Array;
      byTenant[tenant] = (byTenant[tenant] as number) + delta;
    }
    this.busyLevels.changed(pool, now, delta);
  }

  /** Starts queued tasks in policy order while the head task's units fit. */
  private dispatch(pool: number): void {
    const queue = this.queues[pool] as TaskQueue;
    const now = this.sim.now;
    for (;;) {
      const task = queue.peek(now);
      if (task < 0) return;
      const tr = this.tasks.data;
      const tb = task * TaskField.Count;
      if (tr[tb + TaskField.State] !== TaskState.Queued || tr[tb + TaskField.Pool] !== pool) {
        // A fallback leaves its task behind in the first pool's queue; anything else is a broken queue.
        if (this.fallbackFrom >= 0 && this.tasks.isTask(task)) {
          this.dropStale(queue, task, now);
          continue;
        }
        throw this.brokenQueue(pool, task);
      }
      if ((tr[tb + TaskField.Units] as number) > (this.capacity[pool] as number) - (this.busy[pool] as number)) return;
      queue.pop(now);
      this.changeQueued(pool, now, -1);
      this.start(task, pool, tr, tb);
    }
  }

  /** The error of a queue whose `peek` gave what it was never given (or already gave out): that run fails, not the sweep. */
  private brokenQueue(pool: number, task: number): PolicyError {
    const what = this.tasks.isTask(task) ? `task ${task} (not waiting for this pool)` : `${String(task)} (not a task id)`;
    return new PolicyError(`the queue of pool '${this.poolNames[pool] ?? pool}' returned ${what} from peek(); a queue may return only tasks pushed to it and not yet popped, or -1`);
  }

  /** Pops `task`, left behind in `queue` by a fallback; its pipeline slot is reused once clean. */
  private dropStale(queue: TaskQueue, task: number, now: number): void {
    queue.pop(now);
    const pipeline = this.tasks.pipelineOf(task);
    const pr = this.pipelines.data;
    const pb = pipeline * PipelineField.Count;
    if (--pr[pb + PipelineField.StaleEntries]! === 0 && pr[pb + PipelineField.Remaining] === 0) this.pipelines.release(pipeline);
  }

  /** Starts `task` (record at `tb` of `tr`) on `pool` now (read from the clock, like createJob's). */
  private start(task: number, pool: number, tr: Float64Array, tb: number): void {
    const now = this.sim.now;
    const pr = this.pipelines.data;
    const pb = this.tasks.pipelineOf(task) * PipelineField.Count;
    const units = tr[tb + TaskField.Units] as number;
    tr[tb + TaskField.State] = TaskState.Running;
    tr[tb + TaskField.StartedAt] = now;
    this.changeBusy(pool, pr[pb + PipelineField.Tenant]! | 0, now, units);
    if (!this.singleTask) this.pipelineTaskStarted(pr, pb, now);
    if (pr[pb + PipelineField.Measured]) {
      (this.metrics.pools[pool] as PoolMetrics).wait.add(now - (tr[tb + TaskField.QueuedAt] as number));
      this.metrics.taskWait.add(now - (tr[tb + TaskField.ReadyAt] as number));
    }
    if (this.network && this.readInput(task, tr, tb, pr, pb)) return;
    this.compute(task, tr, tb);
  }

  /** A task of the pipeline at `pb` started: its wait ends when none of its tasks is queued. */
  private pipelineTaskStarted(pr: Float64Array, pb: number, now: number): void {
    if (--pr[pb + PipelineField.QueuedTasks]! === 0) {
      pr[pb + PipelineField.WaitSeconds] = (pr[pb + PipelineField.WaitSeconds] as number) + now - (pr[pb + PipelineField.QueuedSince] as number);
    }
  }

  /** Starts the transfer of what the task reads, if anything (it computes once that is done). */
  private readInput(task: number, tr: Float64Array, tb: number, pr: Float64Array, pb: number): boolean {
    const kind = this.kinds[tr[tb + TaskField.Kind]! | 0] as CompiledKind;
    const bytes = kind.reads === READS_ASSET ? (pr[pb + PipelineField.AssetSizeBytes] as number)
      : kind.reads === READS_MODEL ? (pr[pb + PipelineField.ModelSizeBytes] as number) : 0;
    if (bytes <= 0) return false;
    tr[tb + TaskField.Phase] = TaskPhase.Reading;
    (this.network as Network).start(task, bytes);
    return true;
  }

  private compute(task: number, tr: Float64Array, tb: number): void {
    tr[tb + TaskField.Phase] = TaskPhase.Computing;
    this.sim.schedule(tr[tb + TaskField.DurationSeconds] as number, this.computedKind, task);
  }

  private onComputed(task: number): void {
    // Model sizes matter only for transfers: without a network, nothing reads them.
    if (this.network) {
      const tr = this.tasks.data;
      const tb = task * TaskField.Count;
      const kind = this.kinds[tr[tb + TaskField.Kind]! | 0] as CompiledKind;
      if (kind.writesModel) {
        const pr = this.pipelines.data;
        const pb = this.tasks.pipelineOf(task) * PipelineField.Count;
        const bytes = (pr[pb + PipelineField.ModelSizeBytes] as number) * kind.modelSizeFactor;
        pr[pb + PipelineField.ModelSizeBytes] = bytes;
        if (bytes > 0) {
          tr[tb + TaskField.Phase] = TaskPhase.Writing;
          this.network.start(task, bytes);
          return;
        }
      }
    }
    this.finish(task);
  }

  private onTransferDone(task: number): void {
    const tr = this.tasks.data;
    const tb = task * TaskField.Count;
    if (tr[tb + TaskField.Phase] === TaskPhase.Reading) this.compute(task, tr, tb);
    else this.finish(task);
  }

  private finish(task: number): void {
    const now = this.sim.now;
    const t = this.tasks;
    const tr = t.data;
    const tb = task * TaskField.Count;
    const pr = this.pipelines.data;
    const pipeline = this.tasks.pipelineOf(task);
    const pb = pipeline * PipelineField.Count;
    const pool = tr[tb + TaskField.Pool]! | 0;
    const units = tr[tb + TaskField.Units] as number;
    const tenant = pr[pb + PipelineField.Tenant]! | 0;
    tr[tb + TaskField.State] = TaskState.Done;
    if (this.onTaskEnd) this.recordTask(task, now);
    this.changeBusy(pool, tenant, now, -units);

    let done: boolean;
    let waitSeconds: number;
    if (this.singleTask) {
      done = true;
      pr[pb + PipelineField.Remaining] = 0;
      waitSeconds = (tr[tb + TaskField.StartedAt] as number) - (tr[tb + TaskField.ReadyAt] as number);
    } else {
      const structure = this.structures[pr[pb + PipelineField.Structure]! | 0] as CompiledStructure;
      const base = pipeline * t.stride;
      const successors = structure.successors[task - base] as Int32Array;
      for (let i = 0; i < successors.length; i++) {
        const next = base + (successors[i] as number);
        if (--tr[next * TaskField.Count + TaskField.Predecessors]! === 0) this.makeReady(next);
      }
      done = --pr[pb + PipelineField.Remaining]! === 0;
      waitSeconds = pr[pb + PipelineField.WaitSeconds] as number;
    }
    if (done) {
      if (this.quality) this.quality.deploy(pipeline);
      if (this.series) this.series.pipelineDone(waitSeconds);
      if (pr[pb + PipelineField.Measured]) this.metrics.pipelineDone(tenant, waitSeconds, now - (pr[pb + PipelineField.ArrivedAt] as number));
      if (pr[pb + PipelineField.StaleEntries] === 0) this.pipelines.release(pipeline);
    }
    this.dispatch(pool);
  }

  private recordTask(task: number, now: number): void {
    const tr = this.tasks.data;
    const tb = task * TaskField.Count;
    const pr = this.pipelines.data;
    const pb = this.tasks.pipelineOf(task) * PipelineField.Count;
    (this.onTaskEnd as (r: TaskRecord) => void)({
      pipelineArrivedAt: pr[pb + PipelineField.ArrivedAt] as number,
      readyAt: tr[tb + TaskField.ReadyAt] as number,
      startedAt: tr[tb + TaskField.StartedAt] as number,
      endedAt: now,
      pool: this.poolNames[tr[tb + TaskField.Pool]! | 0] as string,
      kind: (this.kinds[tr[tb + TaskField.Kind]! | 0] as CompiledKind).name,
      units: tr[tb + TaskField.Units] as number,
      tenant: (this.tenants[pr[pb + PipelineField.Tenant]! | 0] as TenantInfo).name,
      framework: this.frameworkMix.names[pr[pb + PipelineField.Framework]! | 0] as string,
      measured: pr[pb + PipelineField.Measured] === 1,
    });
  }

  private onFallbackDue(task: number): void {
    const tr = this.tasks.data;
    const tb = task * TaskField.Count;
    const from = this.fallbackFrom;
    const now = this.sim.now;
    const queuedAt = tr[tb + TaskField.QueuedAt] as number;
    if (tr[tb + TaskField.State] !== TaskState.Queued || tr[tb + TaskField.Pool] !== from || queuedAt + this.fallbackAfter > now) return;
    // A task larger than the fallback pool stays where it is.
    if ((tr[tb + TaskField.Units] as number) > (this.capacity[this.fallbackTo] as number)) return;
    const pr = this.pipelines.data;
    const pb = this.tasks.pipelineOf(task) * PipelineField.Count;
    pr[pb + PipelineField.StaleEntries]!++;
    const poolMetrics = this.metrics.pools[from] as PoolMetrics;
    this.changeQueued(from, now, -1);
    const measured = pr[pb + PipelineField.Measured] === 1;
    if (measured) poolMetrics.waitBeforeFallback += now - queuedAt;
    tr[tb + TaskField.DurationSeconds] = (tr[tb + TaskField.DurationSeconds] as number) * this.fallbackSlowdown;
    tr[tb + TaskField.ExpectedSeconds] = (tr[tb + TaskField.ExpectedSeconds] as number) * this.fallbackSlowdown;
    if (measured) this.metrics.fallbacks++;
    this.enqueue(task, this.fallbackTo, now, tr, tb);
  }

  /** A finished pipeline deploys its application's model (and ends a retraining). */
  private onSample(): void {
    const now = this.sim.now;
    const series = this.series as SeriesRecorder;
    series.sample(now);
    const next = now + series.series.interval;
    if (next <= this.end) this.sim.scheduleAt(next, this.sampleKind, 0);
  }

  private onWarmupEnd(): void {
    const now = this.sim.now;
    this.series?.beforeReset(now);
    this.quality?.ledger.reset(now);
    this.metrics.resetTimeAverages(now);
    this.network?.resetStatistics(now);
  }
}

