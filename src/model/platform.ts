/**
 * PlatformSimulation: the AI-ops platform of one scenario wired onto the event loop. Pipelines
 * arrive, draw their static properties and every task demand up front (from named streams,
 * so demands do not depend on scheduling), and run their DAG of tasks on the pools; tasks
 * move data over the shared network before and after computing.
 */
import type { Scenario } from '../config/schema.js';
import { Simulation } from '../engine/index.js';
import {
  createDistribution, cumulativeWeights, drawIndex, type Distribution, type RandomStreams, type Rng,
} from '../random/index.js';
import { compileDurationModel, type DurationModel } from './durations.js';
import { RunMetrics, type MetricMap, type PoolMetrics, type RunDistributions } from './metrics.js';
import { Network } from './network.js';
import { compileStructures, type CompiledStructure } from './pipelines.js';
import type { PolicyContext, SchedulingPolicy, TaskInfo, TaskQueue, TenantInfo } from './policies/policy.js';
import { PipelineTable, TaskPhase, TaskState, TaskTable } from './tables.js';
import { ArrivalClock, weeklyMultipliers } from './workload.js';

const READS_NONE = 0;
const READS_ASSET = 1;
const READS_MODEL = 2;

/** A task kind compiled for the hot loop. */
interface CompiledKind {
  name: string;
  /** Pool index per framework index. */
  poolByFramework: Int32Array;
  units: Distribution;
  duration: DurationModel;
  reads: number;
  writesModel: boolean;
  modelSizeFactor: number;
  unitsRng: Rng;
  durationRng: Rng;
}

/** A mix of named categories compiled to cumulative weights. */
interface Mix {
  names: string[];
  cumulative: Float64Array;
  rng: Rng;
}

/** Draws a category index; a mix with one category consumes no random number. */
function drawMix(mix: Mix): number {
  return mix.names.length === 1 ? 0 : drawIndex(mix.cumulative, mix.rng());
}

/** What a finished run reports. */
export interface PlatformRunOutput {
  metrics: MetricMap;
  bottleneck: string;
  distributions: RunDistributions;
  events: number;
}

/** Options for inspection (tests, traces); none changes what is simulated. */
export interface PlatformOptions {
  /** Called at every pipeline arrival with its time, structure index and first task's drawn duration. */
  onArrival?: (time: number, structure: number, firstTaskSeconds: number) => void;
}

export class PlatformSimulation {
  private readonly sim = new Simulation();
  private readonly pipelines = new PipelineTable();
  private readonly tasks: TaskTable;
  private readonly metrics: RunMetrics;
  private readonly network: Network | undefined;
  private readonly clock: ArrivalClock;
  private readonly interarrival: Distribution;
  private readonly arrivalRng: Rng;
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
  private readonly assetRng: Rng;
  private readonly modelRng: Rng;
  private readonly kinds: CompiledKind[];
  private readonly capacity: Int32Array;
  private readonly busy: Int32Array;
  /** Units in use by [pool][tenant]. */
  private readonly busyByTenant: Int32Array[];
  private readonly queues: TaskQueue[];
  private readonly queuedCount: Int32Array;
  private readonly tenants: TenantInfo[];
  private readonly warmupEnd: number;
  private readonly end: number;
  private readonly fallbackFrom: number;
  private readonly fallbackTo: number;
  private readonly fallbackAfter: number;
  private readonly fallbackSlowdown: number;
  private readonly arrivalKind: number;
  private readonly computedKind: number;
  private readonly fallbackKind: number;

  constructor(scenario: Scenario, scheduler: SchedulingPolicy, streams: RandomStreams, private readonly options: PlatformOptions = {}) {
    const w = scenario.workload;
    const poolNames = Object.keys(scenario.platform.pools);
    const poolIndex = new Map(poolNames.map((n, i) => [n, i]));
    this.capacity = Int32Array.from(poolNames.map((n) => scenario.platform.pools[n]?.capacity ?? 0));
    this.busy = new Int32Array(poolNames.length);
    this.queuedCount = new Int32Array(poolNames.length);
    this.metrics = new RunMetrics(poolNames.map((name, i) => ({ name, capacity: this.capacity[i] as number })), Object.keys(w.tenants));
    this.warmupEnd = scenario.warmup;
    this.end = scenario.warmup + scenario.horizon;

    const mix = (weights: Record<string, number>, stream: string): Mix => ({
      names: Object.keys(weights), cumulative: cumulativeWeights(Object.values(weights)), rng: streams.stream(stream),
    });
    this.tenantMix = mix(Object.fromEntries(Object.entries(w.tenants).map(([n, t]) => [n, t.weight])), 'pipeline.tenant');
    this.tenants = Object.entries(w.tenants).map(([name, t]) => ({ name, weight: t.weight, priority: t.priority }));
    this.frameworkMix = mix(w.frameworks, 'pipeline.framework');
    this.modelTypeMix = mix(w.modelTypes, 'pipeline.modelType');
    this.predictionTypeMix = mix(w.predictionTypes, 'pipeline.predictionType');
    this.structureMix = mix(Object.fromEntries(Object.entries(w.structures).map(([n, s]) => [n, s.weight])), 'pipeline.structure');
    this.busyByTenant = poolNames.map(() => new Int32Array(this.tenants.length));

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
        units: createDistribution(spec.units),
        duration: compileDurationModel(spec.duration, frameworks),
        reads: spec.reads === 'asset' ? READS_ASSET : spec.reads === 'model' ? READS_MODEL : READS_NONE,
        writesModel: spec.writes === 'model',
        modelSizeFactor: spec.modelSizeFactor,
        unitsRng: streams.stream(`task.${name}.units`),
        durationRng: streams.stream(`task.${name}.duration`),
      };
    });
    this.structures = compileStructures(scenario, kindIndex);
    this.tasks = new TaskTable(Math.max(...this.structures.map((s) => s.kind.length)));

    this.interarrival = createDistribution(w.interarrival);
    this.arrivalRng = streams.stream('arrivals');
    this.clock = new ArrivalClock(weeklyMultipliers(w.profile), w.growth);
    this.assetSize = createDistribution(w.assets.size);
    this.assetInstances = createDistribution(w.assets.instances);
    this.assetDimensions = createDistribution(w.assets.dimensions);
    this.assetRng = streams.stream('asset');
    this.modelSize = createDistribution(w.modelSize);
    this.modelRng = streams.stream('model.size');

    const fb = scenario.policy.fallback;
    this.fallbackFrom = fb ? (poolIndex.get(fb.from) as number) : -1;
    this.fallbackTo = fb ? (poolIndex.get(fb.to) as number) : -1;
    this.fallbackAfter = fb?.after ?? Infinity;
    this.fallbackSlowdown = fb?.slowdown ?? 1;

    const bandwidth = scenario.platform.network?.bandwidth;
    this.network = bandwidth === undefined ? undefined : new Network(this.sim, bandwidth, (task) => this.onTransferDone(task));
    this.arrivalKind = this.sim.register(() => this.onArrival());
    this.computedKind = this.sim.register((task) => this.onComputed(task));
    this.fallbackKind = this.sim.register((task) => this.onFallbackDue(task));
    const warmupKind = this.sim.register(() => this.onWarmupEnd());

    const taskInfo = this.taskInfo();
    this.queues = poolNames.map((name, p) => {
      const busy = this.busy;
      const view = {
        name,
        capacity: this.capacity[p] as number,
        get busy() { return busy[p] as number; },
        busyByTenant: this.busyByTenant[p] as Int32Array,
      };
      const context: PolicyContext = { tasks: taskInfo, pool: view, tenants: this.tenants };
      return scheduler.createQueue(context);
    });

    this.sim.scheduleAt(this.warmupEnd, warmupKind, 0);
    this.scheduleNextArrival(0);
  }

  /** Runs to the end of the horizon and returns the run's metrics. */
  run(): PlatformRunOutput {
    this.sim.run(this.end);
    const n = this.network;
    const horizon = this.end - this.warmupEnd;
    const networkStats = n && {
      utilisation: n.busy.mean(this.end),
      bytes: n.busy.integral(this.end) * n.bandwidthBytesPerSecond,
      meanActive: n.active.mean(this.end),
    };
    let inFlight = 0;
    for (let p = 0; p < this.pipelines.capacity; p++) if (this.pipelines.remaining[p] as number > 0 && this.pipelines.measured[p]) inFlight++;
    const { metrics, bottleneck, distributions } = this.metrics.finish(this.end, inFlight, networkStats);
    metrics['sim.horizonSeconds'] = horizon;
    return { metrics, bottleneck, distributions, events: this.sim.eventsProcessed };
  }

  private taskInfo(): TaskInfo {
    const t = this.tasks;
    const p = this.pipelines;
    const stride = t.stride;
    return {
      units: (task) => t.units[task] as number,
      expectedDurationSeconds: (task) => t.expectedSeconds[task] as number,
      readySince: (task) => t.readyAt[task] as number,
      pipelineArrivedAt: (task) => p.arrivedAt[Math.floor(task / stride)] as number,
      tenant: (task) => p.tenant[Math.floor(task / stride)] as number,
      kind: (task) => (this.kinds[t.kind[task] as number] as CompiledKind).name,
      framework: (task) => this.frameworkMix.names[p.framework[Math.floor(task / stride)] as number] as string,
      assetSizeBytes: (task) => p.assetSizeBytes[Math.floor(task / stride)] as number,
    };
  }

  private scheduleNextArrival(from: number): void {
    const next = this.clock.advance(from, this.interarrival.sample(this.arrivalRng));
    // Arrivals come in time order: the ordered lane keeps them out of the heap.
    if (next < this.end) this.sim.scheduleOrdered(next, this.arrivalKind, 0);
  }

  private onArrival(): void {
    const now = this.sim.now;
    this.scheduleNextArrival(now);
    const p = this.pipelines;
    const id = p.allocate();
    this.tasks.ensure(p.capacity);
    const s = drawMix(this.structureMix);
    const structure = this.structures[s] as CompiledStructure;
    const framework = drawMix(this.frameworkMix);
    const size = Math.max(0, this.assetSize.sample(this.assetRng));
    p.arrivedAt[id] = now;
    p.structure[id] = s;
    p.tenant[id] = drawMix(this.tenantMix);
    p.framework[id] = framework;
    p.modelType[id] = drawMix(this.modelTypeMix);
    p.predictionType[id] = drawMix(this.predictionTypeMix);
    p.assetSizeBytes[id] = size;
    p.instances[id] = this.assetInstances.sample(this.assetRng);
    p.dimensions[id] = this.assetDimensions.sample(this.assetRng);
    p.modelSizeBytes[id] = Math.max(0, this.modelSize.sample(this.modelRng));
    p.waitSeconds[id] = 0;
    p.queuedTasks[id] = 0;
    p.staleEntries[id] = 0;
    const measured = now >= this.warmupEnd;
    p.measured[id] = measured ? 1 : 0;
    if (measured) {
      this.metrics.arrived++;
      this.metrics.arrivalsByHourOfWeek[Math.floor(now / 3600) % 168]!++;
    }
    const nodes = structure.kind.length;
    p.remaining[id] = nodes;
    const t = this.tasks;
    const base = id * t.stride;
    // Every demand is drawn now, in node order, so it never depends on the schedule.
    for (let node = 0; node < nodes; node++) {
      const task = base + node;
      const kind = this.kinds[structure.kind[node] as number] as CompiledKind;
      t.kind[task] = structure.kind[node] as number;
      t.pool[task] = kind.poolByFramework[framework] as number;
      t.units[task] = kind.units.sample(kind.unitsRng);
      t.durationSeconds[task] = kind.duration.sample(kind.durationRng, size, framework);
      t.expectedSeconds[task] = kind.duration.expected(size, framework);
      t.predecessors[task] = structure.predecessors[node] as number;
      t.state[task] = TaskState.Waiting;
    }
    if (this.options.onArrival) this.options.onArrival(now, s, t.durationSeconds[base] as number);
    for (let node = 0; node < nodes; node++) if (structure.predecessors[node] === 0) this.makeReady(base + node);
  }

  private makeReady(task: number): void {
    const now = this.sim.now;
    const p = this.pipelines;
    const pipeline = Math.floor(task / this.tasks.stride);
    if (p.queuedTasks[pipeline]!++ === 0) p.queuedSince[pipeline] = now;
    this.tasks.readyAt[task] = now;
    this.tasks.state[task] = TaskState.Queued;
    this.enqueue(task, this.tasks.pool[task] as number);
  }

  private enqueue(task: number, pool: number): void {
    const now = this.sim.now;
    const t = this.tasks;
    t.pool[task] = pool;
    t.queuedAt[task] = now;
    (this.queues[pool] as TaskQueue).push(task, now);
    const count = ++this.queuedCount[pool]!;
    (this.metrics.pools[pool] as PoolMetrics).queued.set(now, count);
    if (pool === this.fallbackFrom) this.sim.schedule(this.fallbackAfter, this.fallbackKind, task);
    this.dispatch(pool);
  }

  /** Starts queued tasks in policy order while the head task's units fit. */
  private dispatch(pool: number): void {
    const queue = this.queues[pool] as TaskQueue;
    const t = this.tasks;
    const now = this.sim.now;
    for (;;) {
      const task = queue.peek(now);
      if (task < 0) return;
      if (t.state[task] !== TaskState.Queued || t.pool[task] !== pool) {
        // Left behind by a fallback: drop it, and let its pipeline slot be reused once clean.
        queue.pop(now);
        const pipeline = Math.floor(task / t.stride);
        if (--this.pipelines.staleEntries[pipeline]! === 0 && this.pipelines.remaining[pipeline] === 0) this.pipelines.release(pipeline);
        continue;
      }
      if ((t.units[task] as number) > (this.capacity[pool] as number) - (this.busy[pool] as number)) return;
      queue.pop(now);
      this.start(task, pool);
    }
  }

  private start(task: number, pool: number): void {
    const now = this.sim.now;
    const t = this.tasks;
    const p = this.pipelines;
    const pipeline = Math.floor(task / t.stride);
    const units = t.units[task] as number;
    const tenant = p.tenant[pipeline] as number;
    t.state[task] = TaskState.Running;
    this.busy[pool] = (this.busy[pool] as number) + units;
    const byTenant = this.busyByTenant[pool] as Int32Array;
    byTenant[tenant] = (byTenant[tenant] as number) + units;
    const poolMetrics = this.metrics.pools[pool] as PoolMetrics;
    poolMetrics.busyUnits.set(now, this.busy[pool] as number);
    poolMetrics.queued.set(now, --this.queuedCount[pool]!);
    const waited = now - (t.readyAt[task] as number);
    if (--p.queuedTasks[pipeline]! === 0) p.waitSeconds[pipeline] = (p.waitSeconds[pipeline] as number) + now - (p.queuedSince[pipeline] as number);
    if (p.measured[pipeline]) {
      const inThisPool = now - (t.queuedAt[task] as number);
      poolMetrics.wait.add(inThisPool);
      poolMetrics.waitSeconds += inThisPool;
      this.metrics.taskWait.add(waited);
    }
    const kind = this.kinds[t.kind[task] as number] as CompiledKind;
    const bytes = kind.reads === READS_ASSET ? (p.assetSizeBytes[pipeline] as number)
      : kind.reads === READS_MODEL ? (p.modelSizeBytes[pipeline] as number) : 0;
    if (bytes > 0 && this.network) {
      t.phase[task] = TaskPhase.Reading;
      this.network.start(task, bytes);
    } else {
      this.compute(task);
    }
  }

  private compute(task: number): void {
    this.tasks.phase[task] = TaskPhase.Computing;
    this.sim.schedule(this.tasks.durationSeconds[task] as number, this.computedKind, task);
  }

  private onComputed(task: number): void {
    const t = this.tasks;
    const kind = this.kinds[t.kind[task] as number] as CompiledKind;
    if (kind.writesModel) {
      const pipeline = Math.floor(task / t.stride);
      const p = this.pipelines;
      const bytes = (p.modelSizeBytes[pipeline] as number) * kind.modelSizeFactor;
      p.modelSizeBytes[pipeline] = bytes;
      if (bytes > 0 && this.network) {
        t.phase[task] = TaskPhase.Writing;
        this.network.start(task, bytes);
        return;
      }
    }
    this.finish(task);
  }

  private onTransferDone(task: number): void {
    if (this.tasks.phase[task] === TaskPhase.Reading) this.compute(task);
    else this.finish(task);
  }

  private finish(task: number): void {
    const now = this.sim.now;
    const t = this.tasks;
    const p = this.pipelines;
    const pool = t.pool[task] as number;
    const pipeline = Math.floor(task / t.stride);
    const units = t.units[task] as number;
    t.state[task] = TaskState.Done;
    this.busy[pool] = (this.busy[pool] as number) - units;
    const byTenant = this.busyByTenant[pool] as Int32Array;
    byTenant[p.tenant[pipeline] as number] = (byTenant[p.tenant[pipeline] as number] as number) - units;
    (this.metrics.pools[pool] as PoolMetrics).busyUnits.set(now, this.busy[pool] as number);

    const structure = this.structures[p.structure[pipeline] as number] as CompiledStructure;
    const base = pipeline * t.stride;
    const successors = structure.successors[task - base] as Int32Array;
    for (let i = 0; i < successors.length; i++) {
      const next = base + (successors[i] as number);
      if (--t.predecessors[next]! === 0) this.makeReady(next);
    }
    if (--p.remaining[pipeline]! === 0) {
      if (p.measured[pipeline]) this.metrics.pipelineDone(p.tenant[pipeline] as number, p.waitSeconds[pipeline] as number, now - (p.arrivedAt[pipeline] as number));
      if (p.staleEntries[pipeline] === 0) p.release(pipeline);
    }
    this.dispatch(pool);
  }

  private onFallbackDue(task: number): void {
    const t = this.tasks;
    const from = this.fallbackFrom;
    const now = this.sim.now;
    if (t.state[task] !== TaskState.Queued || t.pool[task] !== from || (t.queuedAt[task] as number) + this.fallbackAfter > now) return;
    const pipeline = Math.floor(task / t.stride);
    this.pipelines.staleEntries[pipeline]!++;
    const poolMetrics = this.metrics.pools[from] as PoolMetrics;
    poolMetrics.queued.set(now, --this.queuedCount[from]!);
    if (this.pipelines.measured[pipeline]) poolMetrics.waitSeconds += now - (t.queuedAt[task] as number);
    t.durationSeconds[task] = (t.durationSeconds[task] as number) * this.fallbackSlowdown;
    t.expectedSeconds[task] = (t.expectedSeconds[task] as number) * this.fallbackSlowdown;
    if (this.pipelines.measured[pipeline]) this.metrics.fallbacks++;
    this.enqueue(task, this.fallbackTo);
  }

  private onWarmupEnd(): void {
    const now = this.sim.now;
    this.metrics.resetTimeAverages(now);
    this.network?.resetStatistics(now);
  }
}
