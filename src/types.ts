/** Shared public types: what a run is asked to do and what it reports. Times are seconds. */
import type { Scenario } from './config/schema.js';
import type { MetricMap, RunDistributions } from './model/metrics.js';
import type { RunSeries } from './model/timeseries.js';
import type { TaskRecord } from './model/platform.js';

export type { MetricMap, RunDistributions } from './model/metrics.js';

/** One replication of one scenario: everything a worker needs, as plain data. */
export interface RunSpec {
  /** Stable id, `s<scenario>-r<replication>`; aggregates sort by (scenario, replication). */
  runId: string;
  /** The run's identity: a digest of everything that determines its result (experiment/run-identity.ts). */
  key: string;
  scenarioIndex: number;
  replication: number;
  /** The experiment seed; streams are seeded from (seed, replication, stream name). */
  seed: number;
  scenario: Scenario;
  /** Folder against which a policy module path is resolved. */
  baseDir: string;
  /** Record time series at this simulated interval (seconds). */
  seriesInterval?: number;
  /** Record this share of tasks as events. */
  eventSample?: number;
  /** The run fails ("event budget exceeded") after this many events (`limits.events`). */
  eventBudget?: number;
  /** Wall-clock seconds before the run is stopped and left for --resume (`limits.runSeconds`); not part of its identity. */
  runSeconds?: number;
}

/** What a worker thread is given: a RunSpec, and where to stream its recordings (local threads only; output/recording-stream.ts). */
export type RunTask = RunSpec & { recordingPort?: import('node:worker_threads').MessagePort; recordingWritten?: Int32Array };

/** What every run record carries, whatever its outcome. */
interface RunRecordBase {
  runId: string;
  /** The identity key of the RunSpec it answers. */
  key: string;
  scenarioIndex: number;
  replication: number;
  seed: number;
  /** Wall-clock seconds the run took (informational; never aggregated). */
  wallSeconds: number;
}

/** A run's outcome: its metrics, or the error that stopped it. */
export type RunResult = RunRecordBase & (
  | {
    status: 'ok'; metrics: MetricMap; bottleneck: string; distributions: RunDistributions; events: number;
    /** Recorded outputs, written to their own files (never to runs.jsonl). */
    series?: RunSeries; taskEvents?: TaskRecord[];
    /** Number of the first of `taskEvents` in the run (the earlier ones streamed out in chunks). */
    firstEvent?: number;
  }
  | { status: 'failed'; error: string }
);

/** Builds the stable run id. */
export function runIdOf(scenarioIndex: number, replication: number): string {
  return `s${scenarioIndex}-r${replication}`;
}
