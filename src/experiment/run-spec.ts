/** What a run is asked to do: one replication of one scenario, as plain data a worker can be sent. */
import type { Scenario } from '../config/schema.js';
import type { RunCoordinates } from '../core/records.js';

/** One replication of one scenario: everything a worker needs, as plain data. */
export interface RunSpec extends RunCoordinates {
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

