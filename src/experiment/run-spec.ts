/** What a run is asked to do: one replication of one scenario, as plain data a worker can be sent. */
import type { Scenario } from '../config/schema.js';
import type { RunCoordinates } from '../core/records.js';
import type { VarianceReduction } from '../stats/controls.js';

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
  /** Report control variates with the metrics (`varianceReduction.controlVariates`). */
  controls?: true;
  /** Antithetic replications (`varianceReduction.antithetic`): odd replications mirror the even one before. */
  antithetic?: true;
  /** Wall-clock seconds before the run is stopped and left for --resume (`limits.runSeconds`); not part of its identity. */
  runSeconds?: number;
}

/** What a worker thread is given: a RunSpec, and where to stream its recordings (local threads only; output/recording-stream.ts). */
export type RunTask = RunSpec & { recordingPort?: import('node:worker_threads').MessagePort; recordingWritten?: Int32Array };


/** The run settings an experiment's `varianceReduction:` adds (none when it is off). */
export function varianceReductionSettings(vr: VarianceReduction | undefined): Pick<RunSpec, 'controls' | 'antithetic'> {
  return { ...(vr?.controlVariates ? { controls: true as const } : {}), ...(vr?.antithetic ? { antithetic: true as const } : {}) };
}
