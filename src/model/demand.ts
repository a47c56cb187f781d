/**
 * What an arriving pipeline brings: its static properties (drawn from the workload's mixes,
 * inherited by a retraining, or as a replayed trace recorded them), its asset and model, and
 * every task's pool, units and duration, all written into its records at arrival from its
 * source's named streams, so demands never depend on the schedule. A pipeline with a task
 * larger than its pool is rejected; the others are counted and their first tasks made ready.
 */
import type { LoadControls } from './load-controls.js';
import type { Simulation } from '../engine/index.js';
import type { Distribution, RandomStreams, Rng } from '../random/index.js';
import {
  drawMix, pipelineStreams, type AssetLaws, type CompiledKind, type CompiledPlatform, type Mix, type PipelineStreams, type PropertyMixes, type Replay,
} from './compile.js';
import type { DurationDraws } from './durations.js';
import type { TaskLifecycle } from './lifecycle.js';
import type { RunMetrics } from './metrics.js';
import type { CompiledStructure } from './pipelines.js';
import type { QualityMonitor } from './quality-monitor.js';
import type { Recorder } from './recording.js';
import { PipelineField, TaskField, TaskState, type PipelineTable, type TaskTable } from './tables.js';

export class Demand {
  private readonly mixes: PropertyMixes;
  private readonly kinds: readonly CompiledKind[];
  private readonly structures: readonly CompiledStructure[];
  private readonly capacity: Int32Array;
  private readonly laws: AssetLaws;
  /** Regular arrivals and retraining pipelines draw from streams of their own (see PipelineStreams). */
  readonly arrivalStreams: PipelineStreams;
  readonly retrainingStreams: PipelineStreams;

  constructor(
    compiled: CompiledPlatform, streams: RandomStreams, private readonly replay: Replay | undefined,
    private readonly sim: Simulation, private readonly tasks: TaskTable, private readonly pipelines: PipelineTable,
    private readonly lifecycle: TaskLifecycle, private readonly metrics: RunMetrics, private readonly warmupEnd: number,
    private readonly quality: QualityMonitor | undefined, private readonly recorder: Recorder | undefined,
    /** With control variates only. */
    private readonly controls: LoadControls | undefined,
  ) {
    this.mixes = compiled.mixes;
    this.kinds = compiled.kinds;
    this.structures = compiled.structures;
    this.capacity = compiled.capacity;
    this.laws = compiled.laws;
    this.arrivalStreams = pipelineStreams(streams, '', compiled.kinds);
    this.retrainingStreams = pipelineStreams(streams, 'retraining.', compiled.kinds);
  }

  /**
   * A pipeline arrives: it draws its properties and every task demand now, from `rngs`.
   * `retrainApp` ≥ 0 makes it a retraining pipeline of that application (its structure is the
   * retraining one, its properties the application's); `replayRow` ≥ 0 makes it that row of
   * the replayed trace (demands as recorded).
   */
  createPipeline(now: number, rngs: PipelineStreams, retrainApp: number, replayRow: number): void {
    const id = this.pipelines.allocate();
    this.tasks.ensure(this.pipelines.capacity);
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
    const size = r?.hasSize ? (r.trace.size[replayRow] as number) : Math.max(0, this.laws.size.sample(rngs.asset));
    this.initPipeline(pr, pb, now, size, rngs, retrainApp >= 0, nodes);
    const tr = this.tasks.data;
    const base = id * this.tasks.stride;
    let oversized = false;
    for (let node = 0; node < nodes; node++) {
      const tb = (base + node) * TaskField.Count;
      const k = structure.kind[node] as number;
      if (r) this.replayDemand(tr, tb, id, k, framework, tenant, r, replayRow, rngs);
      else this.drawDemand(tr, tb, id, k, framework, tenant, size, rngs);
      if ((tr[tb + TaskField.Units] as number) > (this.capacity[tr[tb + TaskField.Pool]! | 0] as number)) oversized = true;
      tr[tb + TaskField.Predecessors] = structure.predecessors[node] as number;
      tr[tb + TaskField.State] = TaskState.Waiting;
    }
    if (this.controls !== undefined && retrainApp < 0 && !r) this.controls.onPipeline(this.tasks, base, nodes);
    if (oversized) {
      this.reject(id, now);
      return;
    }
    this.countArrival(now, s, tenant, base, retrainApp < 0);
    for (let node = 0; node < nodes; node++) if (structure.predecessors[node] === 0) this.lifecycle.makeReady(base + node);
  }

  /**
   * A synthetic arrival when every structure is one task (jobs, as in M/M/c and GPU-cluster
   * workloads): what createPipeline does for that case, with the same draws in the same order.
   * It is the hot path of such runs, so drawProperties, initPipeline and drawDemand are
   * written out in a straight line: through the helpers, M/M/c ran 10–20% slower.
   * test/model/hot-paths.test.ts holds both paths to identical results.
   */
  createJob(): void {
    // The clock is read here, not passed in: a double passed to a call V8 does not inline is boxed on the heap.
    const now = this.sim.now;
    const rngs = this.arrivalStreams;
    const p = this.pipelines;
    const id = p.allocate();
    this.tasks.ensure(p.capacity);
    const pr = p.data;
    const pb = id * PipelineField.Count;
    const q = this.quality;
    const mixes = this.mixes;
    const laws = this.laws;
    // Each property has its own stream, so the tenant can come first: it may have its own structure mix.
    const tenant = drawMix(mixes.tenant, rngs.tenant);
    const s = drawMix(mixes.structureByTenant[tenant] as Mix, rngs.structure);
    const framework = drawMix(mixes.framework, rngs.framework);
    pr[pb + PipelineField.ModelType] = drawMix(mixes.modelType, rngs.modelType);
    pr[pb + PipelineField.PredictionType] = drawMix(mixes.predictionType, rngs.predictionType);
    pr[pb + PipelineField.Application] = q ? q.applicationOf(rngs.application) : -1;
    pr[pb + PipelineField.Tenant] = tenant;
    pr[pb + PipelineField.Retraining] = 0;
    const size = Math.max(0, laws.size.sample(rngs.asset));
    pr[pb + PipelineField.ArrivedAt] = now;
    pr[pb + PipelineField.Structure] = s;
    pr[pb + PipelineField.Framework] = framework;
    pr[pb + PipelineField.AssetSizeBytes] = size;
    pr[pb + PipelineField.Instances] = laws.instances.sample(rngs.asset);
    pr[pb + PipelineField.Dimensions] = laws.dimensions.sample(rngs.asset);
    pr[pb + PipelineField.ModelSizeBytes] = Math.max(0, laws.modelSize.sample(rngs.model));
    pr[pb + PipelineField.StaleEntries] = 0;
    pr[pb + PipelineField.Measured] = now >= this.warmupEnd ? 1 : 0;
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
    const duration = durations.sample(size, framework, tenant, units);
    tr[tb + TaskField.DurationSeconds] = duration;
    tr[tb + TaskField.ExpectedSeconds] = durations.expected(size, framework, tenant, units);
    if (this.controls !== undefined) this.controls.onJob(pool, units * duration);
    if (units > (this.capacity[pool] as number)) {
      this.reject(id, now);
      return;
    }
    this.countArrival(now, s, tenant, id, true);
    tr[tb + TaskField.ReadyAt] = now;
    tr[tb + TaskField.State] = TaskState.Queued;
    this.lifecycle.enqueue(id, pool, now, tr, tb);
  }

  /** A synthetic pipeline's properties, drawn from the workload's mixes. */
  private drawProperties(pr: Float64Array, pb: number, rngs: PipelineStreams): void {
    const q = this.quality;
    const mixes = this.mixes;
    const tenant = drawMix(mixes.tenant, rngs.tenant);
    pr[pb + PipelineField.Structure] = drawMix(mixes.structureByTenant[tenant] as Mix, rngs.structure);
    pr[pb + PipelineField.Framework] = drawMix(mixes.framework, rngs.framework);
    pr[pb + PipelineField.Tenant] = tenant;
    pr[pb + PipelineField.ModelType] = drawMix(mixes.modelType, rngs.modelType);
    pr[pb + PipelineField.PredictionType] = drawMix(mixes.predictionType, rngs.predictionType);
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
    const laws = this.laws;
    pr[pb + PipelineField.Retraining] = retraining ? 1 : 0;
    pr[pb + PipelineField.ArrivedAt] = now;
    pr[pb + PipelineField.AssetSizeBytes] = size;
    pr[pb + PipelineField.Instances] = laws.instances.sample(rngs.asset);
    pr[pb + PipelineField.Dimensions] = laws.dimensions.sample(rngs.asset);
    pr[pb + PipelineField.ModelSizeBytes] = Math.max(0, laws.modelSize.sample(rngs.model));
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

  /** A replayed job's pool and demand: units (drawn when the trace has none) and duration as recorded. */
  private replayDemand(tr: Float64Array, tb: number, pipeline: number, k: number, framework: number, tenant: number, r: Replay, row: number, rngs: PipelineStreams): void {
    const kind = this.kinds[k] as CompiledKind;
    tr[tb + TaskField.Pipeline] = pipeline;
    tr[tb + TaskField.Kind] = k;
    tr[tb + TaskField.Pool] = kind.poolByFramework[framework] as number;
    tr[tb + TaskField.Units] = (r.hasUnits ? (r.trace.units[row] as number) : (kind.units[tenant] as Distribution).sample(rngs.units[k] as Rng)) | 0;
    // Replayed jobs' durations are known exactly: SJF-style policies see them (an oracle).
    tr[tb + TaskField.DurationSeconds] = r.trace.duration[row] as number;
    tr[tb + TaskField.ExpectedSeconds] = r.trace.duration[row] as number;
  }

  /** A pipeline with a task larger than its pool could never start and would block the queue for good: rejected at arrival, counted. */
  private reject(pipeline: number, now: number): void {
    if (now >= this.warmupEnd) this.metrics.rejected++;
    this.pipelines.data[pipeline * PipelineField.Count + PipelineField.Remaining] = 0;
    this.pipelines.release(pipeline);
  }

  /** Counts an accepted arrival; `external` (not a retraining) ones also in the arrival profile and the recorder. */
  private countArrival(now: number, structure: number, tenant: number, firstTask: number, external: boolean): void {
    if (now >= this.warmupEnd) {
      this.metrics.arrived++;
      if (external) this.metrics.arrivalsByHourOfWeek.add(now);
    }
    if (external && this.recorder) this.recorder.arrived(now, structure, tenant, firstTask);
  }
}
