/**
 * What a run hands out besides its metrics, when asked (tests, traces, time series): a record of
 * every finished task, a call at every arrival, and the sampled series. Recording reads the
 * model's state and draws no random number, so it never changes what is simulated. The model
 * holds a Recorder only when something is asked for, and checks for it with one branch.
 */
import { type TaskRecord, type RunSeries } from '../core/records.js';
import type { Simulation } from '../engine/index.js';
import type { CompiledKind } from './compile.js';
import type { TenantInfo } from './policies/policy.js';
import { PipelineField, TaskField, type PipelineTable, type TaskTable } from './tables.js';
import { SeriesRecorder, type SeriesSource } from './timeseries.js';
import type { ScheduleEvent } from './preemption-contracts.js';


/** Options for inspection (tests, traces); none changes what is simulated. */
export interface PlatformOptions {
  /** Record time series at this simulated interval (seconds); see model/timeseries.ts. */
  seriesInterval?: number;
  /** Report control variates with the metrics (stats/controls.ts). */
  controls?: boolean;
  /** Antithetic replications: odd replications mirror the streams of the even one before (random/streams.ts). */
  antithetic?: boolean;
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
  /** With preemption or quotas: called as a task starts, is preempted, resumes or finishes (task id, time, its pipeline's arrival). */
  onSchedule?: (event: ScheduleEvent, task: number, time: number, arrivedAt: number) => void;
  /** On pools of nodes: called as a task's units are placed, with [node, units, …] (node numbers within its pool). */
  onPlace?: (task: number, nodes: readonly number[], time: number, arrivedAt: number) => void;
}

/** The names task records are written with. */
export interface RecordNames {
  pools: readonly string[];
  kinds: readonly CompiledKind[];
  tenants: readonly TenantInfo[];
  frameworks: readonly string[];
}

export class Recorder {
  readonly series: SeriesRecorder | undefined;
  // Copied out of the options: options objects differ in shape, which would make reading them polymorphic.
  private readonly onTaskEnd: PlatformOptions['onTaskEnd'];
  private readonly onArrival: PlatformOptions['onArrival'];
  private readonly sampleKind: number;

  /** Whether `options` ask for anything a Recorder does. */
  static wanted(options: PlatformOptions): boolean {
    return options.seriesInterval !== undefined || options.onTaskEnd !== undefined || options.onArrival !== undefined;
  }

  /** Schedules the first sample, if series are asked for, at once. */
  constructor(
    options: PlatformOptions, private readonly sim: Simulation, private readonly end: number, source: SeriesSource,
    private readonly tasks: TaskTable, private readonly pipelines: PipelineTable, private readonly names: RecordNames,
  ) {
    this.onTaskEnd = options.onTaskEnd;
    this.onArrival = options.onArrival;
    const interval = options.seriesInterval;
    this.series = interval === undefined ? undefined : new SeriesRecorder(interval, [...names.pools], source, options.onSeriesChunk);
    this.sampleKind = sim.register(() => this.onSample());
    if (interval !== undefined && interval <= end) sim.scheduleAt(interval, this.sampleKind, 0);
  }

  /** A pipeline arrived from outside (not a retraining); `firstTask` holds its first demand. */
  arrived(now: number, structure: number, tenant: number, firstTask: number): void {
    if (this.series) this.series.arrived();
    if (this.onArrival) {
      const tr = this.tasks.data;
      const tb = firstTask * TaskField.Count;
      this.onArrival(now, structure, tr[tb + TaskField.DurationSeconds] as number, tr[tb + TaskField.Units] as number, (this.names.tenants[tenant] as TenantInfo).name);
    }
  }

  taskEnded(task: number, now: number): void {
    if (!this.onTaskEnd) return;
    const tr = this.tasks.data;
    const tb = task * TaskField.Count;
    const pr = this.pipelines.data;
    const pb = this.tasks.pipelineOf(task) * PipelineField.Count;
    const n = this.names;
    this.onTaskEnd({
      pipelineArrivedAt: pr[pb + PipelineField.ArrivedAt] as number,
      readyAt: tr[tb + TaskField.ReadyAt] as number,
      startedAt: tr[tb + TaskField.StartedAt] as number,
      endedAt: now,
      pool: n.pools[tr[tb + TaskField.Pool]! | 0] as string,
      kind: (n.kinds[tr[tb + TaskField.Kind]! | 0] as CompiledKind).name,
      units: tr[tb + TaskField.Units] as number,
      tenant: (n.tenants[pr[pb + PipelineField.Tenant]! | 0] as TenantInfo).name,
      framework: n.frameworks[pr[pb + PipelineField.Framework]! | 0] as string,
      measured: pr[pb + PipelineField.Measured] === 1,
    });
  }

  pipelineDone(waitSeconds: number): void {
    if (this.series) this.series.pipelineDone(waitSeconds);
  }

  private onSample(): void {
    const now = this.sim.now;
    const series = this.series as SeriesRecorder;
    series.sample(now);
    const next = now + series.series.interval;
    if (next <= this.end) this.sim.scheduleAt(next, this.sampleKind, 0);
  }
}
