/**
 * Deployed models, when the scenario has `quality:`: each application's model is deployed by its
 * latest pipeline, drifts (gradually, and by sudden drops), and is watched — daily or at the
 * instant it crosses the threshold — and a retraining pipeline is started when it falls below.
 * The platform calls `deploy` as a pipeline finishes and asks `retrain` to start a pipeline;
 * everything else happens on this module's own events. The ledger's arithmetic is quality.ts.
 */
import type { Scenario } from '../config/schema.js';
import type { Simulation } from '../engine/index.js';
import { createDistribution, standardNormal, type Distribution, type RandomStreams, type Rng } from '../random/index.js';
import type { MetricMap } from '../core/records.js';
import { QualityLedger } from './quality.js';
import { PipelineField, type PipelineTable } from './tables.js';

export type QualitySpec = NonNullable<Scenario['quality']>;

export class QualityMonitor {
  readonly ledger: QualityLedger;
  private readonly initial: Distribution;
  private readonly initialRng: Rng;
  private readonly noiseRng: Rng;
  private readonly suddenRng: Rng;
  private readonly suddenDrop: Distribution | undefined;
  private readonly byModelType: Float64Array;
  /** Structure index retraining pipelines run as. */
  readonly retrainStructure: number;
  /** Static properties of each application's latest pipeline (what its retraining inherits). */
  private readonly tenant: Int32Array;
  private readonly framework: Int32Array;
  private readonly modelType: Int32Array;
  private readonly predictionType: Int32Array;
  private triggered = 0;
  private completed = 0;
  private readonly monitorKind: number;
  private readonly crossingKind: number;
  private readonly suddenKind: number;

  constructor(
    readonly spec: QualitySpec, streams: RandomStreams, modelTypes: readonly string[], structures: readonly string[],
    /** Per structure: whether it compresses its model (costs quality). */
    private readonly compresses: readonly boolean[],
    private readonly sim: Simulation, private readonly pipelines: PipelineTable, private readonly warmupEnd: number, private readonly end: number,
    /** Starts a retraining pipeline for an application now. */
    private readonly retrain: (app: number) => void,
  ) {
    const n = spec.applications;
    this.ledger = new QualityLedger(n, spec.drift.ratePerDay / 86400, spec.monitoring.threshold);
    this.initial = createDistribution(spec.initial);
    this.initialRng = streams.stream('quality.initial');
    this.noiseRng = streams.stream('quality.noise');
    this.suddenRng = streams.stream('quality.sudden');
    this.suddenDrop = spec.drift.sudden && createDistribution(spec.drift.sudden.drop);
    this.byModelType = Float64Array.from(modelTypes.map((m) => spec.byModelType[m] ?? 0));
    this.retrainStructure = structures.indexOf(spec.retraining.structure);
    this.tenant = new Int32Array(n);
    this.framework = new Int32Array(n);
    this.modelType = new Int32Array(n);
    this.predictionType = new Int32Array(n);
    this.monitorKind = sim.register(() => this.onMonitor());
    this.crossingKind = sim.register((app) => this.onCrossing(app));
    this.suddenKind = sim.register(() => this.onSuddenDrift());
  }

  /** Schedules the first check and the first sudden drop (where the platform schedules its first events). */
  start(): void {
    if (this.spec.monitoring.interval > 0) this.sim.scheduleAt(this.spec.monitoring.interval, this.monitorKind, 0);
    if (this.spec.drift.sudden) this.scheduleSuddenDrift();
  }

  /** A new pipeline's application, drawn uniformly. */
  applicationOf(rng: Rng): number {
    return Math.floor(rng() * this.spec.applications);
  }

  /** A retraining pipeline's properties (record at `pb` of `pr`): its application's latest pipeline's. */
  inherit(pr: Float64Array, pb: number, app: number): void {
    pr[pb + PipelineField.Structure] = this.retrainStructure;
    pr[pb + PipelineField.Framework] = this.framework[app] as number;
    pr[pb + PipelineField.Tenant] = this.tenant[app] as number;
    pr[pb + PipelineField.ModelType] = this.modelType[app] as number;
    pr[pb + PipelineField.PredictionType] = this.predictionType[app] as number;
    pr[pb + PipelineField.Application] = app;
  }

  /** `pipeline` finished: its model replaces its application's. */
  deploy(pipeline: number): void {
    const pr = this.pipelines.data;
    const pb = pipeline * PipelineField.Count;
    const app = pr[pb + PipelineField.Application]! | 0;
    const now = this.sim.now;
    const gb = (pr[pb + PipelineField.AssetSizeBytes] as number) / 1e9;
    const modelType = pr[pb + PipelineField.ModelType]! | 0;
    const quality = this.initial.sample(this.initialRng) + (this.byModelType[modelType] as number)
      + this.spec.perDecadeOfData * Math.log10(1 + gb) - (this.compresses[pr[pb + PipelineField.Structure]! | 0] ? this.spec.compressionCost : 0);
    this.ledger.deploy(app, now, quality);
    this.tenant[app] = pr[pb + PipelineField.Tenant]! | 0;
    this.framework[app] = pr[pb + PipelineField.Framework]! | 0;
    this.modelType[app] = modelType;
    this.predictionType[app] = pr[pb + PipelineField.PredictionType]! | 0;
    if (pr[pb + PipelineField.Retraining]) {
      this.ledger.retraining[app] = 0;
      if (now >= this.warmupEnd) this.completed++;
    }
    this.watchCrossing(app);
  }

  /** Adds the quality and retraining metrics of the run, measured after warm-up. */
  report(metrics: MetricMap): void {
    const end = this.ledger.finish(this.end);
    metrics['quality.mean'] = end.mean;
    metrics['quality.belowThreshold'] = end.below;
    metrics['quality.staleness.mean'] = end.staleness;
    metrics['quality.deployed'] = end.deployed;
    metrics['retraining.triggered'] = this.triggered;
    metrics['retraining.completed'] = this.completed;
    metrics['retraining.waiting'] = end.waiting;
  }

  /** Model-seconds spent below the quality threshold since the warm-up (read after `report`). */
  secondsBelowThreshold(): number {
    return this.ledger.belowTime;
  }

  /** With continuous monitoring, schedules the check at the instant quality crosses the threshold. */
  private watchCrossing(app: number): void {
    const at = this.ledger.crossingAt[app] as number;
    if (this.spec.monitoring.interval === 0 && at < this.end) this.sim.scheduleAt(at, this.crossingKind, app);
  }

  private triggerRetraining(app: number): void {
    this.ledger.retraining[app] = 1;
    if (this.sim.now >= this.warmupEnd) this.triggered++;
    this.retrain(app);
  }

  private onCrossing(app: number): void {
    const l = this.ledger;
    // Stale if a redeployment or a sudden drop has moved the crossing since this was scheduled.
    if (l.crossingAt[app] !== this.sim.now || !l.deployed[app] || l.retraining[app]) return;
    this.triggerRetraining(app);
  }

  private onMonitor(): void {
    const now = this.sim.now;
    const { ledger, spec } = this;
    for (let app = 0; app < spec.applications; app++) {
      if (!ledger.deployed[app] || ledger.retraining[app]) continue;
      const observed = ledger.qualityAt(app, now) + (spec.monitoring.noise > 0 ? spec.monitoring.noise * standardNormal(this.noiseRng) : 0);
      if (observed < spec.monitoring.threshold) this.triggerRetraining(app);
    }
    this.sim.scheduleAt(now + spec.monitoring.interval, this.monitorKind, 0);
  }

  /** Sudden drift as one Poisson process over all applications (rate applications / every). */
  private scheduleSuddenDrift(): void {
    const every = (this.spec.drift.sudden as { every: number }).every;
    const next = this.sim.now - Math.log(1 - this.suddenRng()) * every / this.spec.applications;
    if (next < this.end) this.sim.scheduleAt(next, this.suddenKind, 0);
  }

  private onSuddenDrift(): void {
    const app = Math.floor(this.suddenRng() * this.spec.applications);
    const drop = (this.suddenDrop as Distribution).sample(this.suddenRng);
    if (this.ledger.deployed[app]) {
      this.ledger.drop(app, this.sim.now, Math.max(0, drop));
      this.watchCrossing(app);
    }
    this.scheduleSuddenDrift();
  }
}
