/**
 * The coordinator: plans an experiment's runs, dispatches them to piscina worker threads,
 * appends each result to runs.jsonl the moment it arrives, and writes the aggregates. On
 * abort (Ctrl-C) it stops dispatching, drops runs in flight and keeps every finished one;
 * resuming plans only what is missing and ends with the same aggregates.
 */
import path from 'node:path';
import type { Experiment } from '../config/load.js';
import type { LoadedExperiment } from './load.js';
import type { RunResult } from '../core/records.js';
import type { ComparisonReport, Failure, SummaryDocument } from '../output/documents.js';
import { InfluxSink, type InfluxOutcome, type InfluxTarget } from '../output/influx.js';
import { RecordingStream } from '../output/recording-stream.js';
import { readLines, SCENARIOS_LP } from '../output/recordings.js';
import { isWriteError, newManifest } from '../output/results-dir.js';
import { methodNote, warningsOf } from '../report/warnings.js';
import { paretoFront } from '../stats/pareto.js';
import { selectionReport } from './selection.js';
import { aggregate, type ScenarioSummary } from '../stats/index.js';
import { buildComparison } from './compare.js';
import { ReplicationDriver } from './plan.js';
import { ResultsFolder, parametersOf } from './results-folder.js';
import { CacheUse, type RunCache } from './run-cache.js';
import { createRunPool, defaultWorkers, runLimited, type Overran } from './run-pool.js';
import type { RunSpec, RunTask } from './run-spec.js';
import { shardedRunName, shardRunIds, type Shard } from './shard.js';

/** Reported after every finished run. */
export interface Progress {
  completed: number;
  planned: number;
  failed: number;
}

/**
 * Runs what `driver` hands out elsewhere, calling `onResult` for each result and `onOverran` for
 * each run stopped at `limits.runSeconds`; resolves true when interrupted by `signal`.
 */
export type Dispatcher = (
  driver: ReplicationDriver, signal: AbortSignal | undefined, onResult: (r: RunResult) => void, onOverran: (o: Overran) => void,
) => Promise<boolean>;

/** How `runExperiment` runs: threads, where results go, resume, shard, progress and interruption. */
export interface CoordinatorOptions {
  /** Worker threads; default: the machine's cores. */
  workers?: number;
  /** Root of results folders (default `results`). */
  resultsRoot?: string;
  /** Continue this results folder instead of creating one. */
  resumeDir?: string;
  onProgress?: (progress: Progress) => void;
  /** Aborting stops the sweep cleanly (finished runs are kept). */
  signal?: AbortSignal;
  /** Run only this shard, into <root>/<experiment>/<sharded-hash>/shard-<i>-of-<n>/. */
  shard?: Shard;
  /** Runs the sweep's runs some other way than on local threads (scale/queue.ts: through a BullMQ queue). */
  dispatcher?: Dispatcher;
  /** Also write every recorded point to this InfluxDB. */
  influx?: InfluxTarget;
  /** Finished runs kept by identity: runs found there are not run again, new ones are added. */
  cache?: RunCache;
  /** Called once the results folder exists, before any run starts. */
  onStart?: (dir: string) => void;
  /** Something the user should know that does not stop the run (ignored records, a repaired file). */
  onNotice?: (message: string) => void;
}

/** What `runExperiment` returns: the results folder, its summary and comparison, and how it ended. */
export interface ExperimentOutcome {
  dir: string;
  summary: SummaryDocument;
  /** The experiment's `compare:` report, once every run is in. */
  comparison?: ComparisonReport;
  interrupted: boolean;
  /** Runs stopped by `limits.runSeconds`: not recorded; --resume runs them again. */
  overran: Overran[];
  /** What reached InfluxDB, when one was given. */
  influx?: InfluxOutcome;
  /** Runs whose results came from the cache instead of being run. */
  fromCache: number;
}

/** Aggregates `runs` into the summary document (pure; sorted by run id inside). */
export function summarise(experiment: Experiment, runs: readonly RunResult[], driver: ReplicationDriver, complete: boolean): SummaryDocument {
  const identities = experiment.scenarios.map((s) => ({ index: s.index, label: s.label, parameters: parametersOf(experiment, s.index) }));
  const scenarios = aggregate(identities, runs, experiment.confidence, experiment.varianceReduction);
  const failed = runs.filter((r) => r.status === 'failed').length;
  const precision = driver.precision();
  const failures = failuresOf(runs);
  const pareto = experiment.pareto && paretoOf(scenarios, experiment.pareto.metrics);
  const warnings = [...warningsOf(scenarios), ...(pareto?.missing ?? []).map((m) => `pareto.metrics: no metric '${m}' in these runs; the Pareto front leaves it out`)];
  const method = methodNote(scenarios);
  const selection = selectionReport(experiment, runs);
  return {
    experiment: experiment.name,
    confidence: experiment.confidence,
    complete,
    runs: { planned: driver.planned, ok: runs.length - failed, failed },
    scenarios,
    ...(precision.length > 0 ? { precision } : {}),
    ...(failures.length > 0 ? { failures } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(method !== undefined ? { method } : {}),
    ...(pareto ? { pareto: { metrics: pareto.metrics, front: pareto.front, labels: pareto.front.map((i) => scenarios[i]?.label ?? String(i)) } } : {}),
    ...(selection ? { selection } : {}),
  };
}

/** The Pareto front over the trade-off metrics the runs have (those they lack are named). */
function paretoOf(scenarios: readonly ScenarioSummary[], wanted: readonly string[]): { metrics: string[]; front: number[]; missing: string[] } {
  const missing = wanted.filter((m) => !scenarios.some((s) => s.metrics[m]));
  const metrics = wanted.filter((m) => !missing.includes(m));
  const front = metrics.length === 0 ? [] : paretoFront(scenarios.map((s) => ({ index: s.index, values: metrics.map((m) => s.metrics[m]?.mean ?? NaN) })), metrics);
  return { metrics, front, missing };
}

/** The failed runs grouped by the first line of their error, in order of each error's first run. */
export function failuresOf(runs: readonly RunResult[]): Failure[] {
  const failed = runs.filter((r) => r.status === 'failed').sort((a, b) => a.scenarioIndex - b.scenarioIndex || a.replication - b.replication);
  const byError = new Map<string, string[]>();
  for (const r of failed) {
    const error = (r.status === 'failed' ? r.error : '').split('\n')[0] ?? '';
    const list = byError.get(error) ?? [];
    list.push(r.runId);
    byError.set(error, list);
  }
  return [...byError].map(([error, ids]) => ({ error, runs: ids }));
}

/** Runs (or resumes) an experiment and writes its results folder. */
export async function runExperiment(experiment: Experiment, options: CoordinatorOptions = {}): Promise<ExperimentOutcome> {
  const root = options.resultsRoot ?? 'results';
  const shard = options.shard;
  const shardDir = shard && path.join(root, experiment.name, shardedRunName(experiment), `shard-${shard.index + 1}-of-${shard.count}`);
  // A restarted shard (a rescheduled pod or array task) continues where it stopped.
  const continuing = shardDir !== undefined && ResultsFolder.exists(shardDir);
  const folder = options.resumeDir !== undefined ? ResultsFolder.open(options.resumeDir, experiment, newManifest(experiment, experiment.file))
    : shardDir !== undefined ? ResultsFolder.open(shardDir, experiment, newManifest(experiment, experiment.file))
      : ResultsFolder.create(root, experiment, experiment.file, 'replays' in experiment ? (experiment as LoadedExperiment).replays : []);
  options.onStart?.(folder.dir);
  try {
    return await runIn(folder, experiment, options, options.resumeDir !== undefined || continuing);
  } finally {
    folder.close();
  }
}

async function runIn(folder: ResultsFolder, experiment: Experiment, options: CoordinatorOptions, resuming: boolean): Promise<ExperimentOutcome> {
  const dir = folder.dir;
  const { runs: previous, tornBytes } = resuming ? folder.recordedRuns() : { runs: [], tornBytes: 0 };
  folder.start();

  const shard = options.shard;
  const driver = new ReplicationDriver(experiment, experiment.baseDir, previous, shard && shardRunIds(experiment, shard));
  const workers = options.workers ?? defaultWorkers();
  let failed = previous.filter((r) => r.status === 'failed').length;
  const report = () => options.onProgress?.({ completed: driver.completed, planned: driver.planned, failed });
  report();

  if (driver.foreign.length > 0) options.onNotice?.(`${driver.foreign.length} record(s) in ${folder.runsFile} are not runs of this experiment (another seed, scenario, input or model version); ignored`);
  if (tornBytes > 0) options.onNotice?.(`the last line of ${folder.runsFile} was cut short (${tornBytes} bytes); dropped, and that run runs again`);

  const sink = options.influx && new InfluxSink(options.influx);
  const record = (result: RunResult): RunResult => {
    const slim = folder.recordRun(result, sink && ((lines) => sink.write(lines)));
    if (slim.status === 'failed') failed++;
    driver.record(slim);
    report();
    return slim;
  };
  const cache = options.cache && new CacheUse(options.cache, options.onNotice);
  if (cache) driver.serveFrom((spec) => cache.get(spec), record);
  const onResult = (result: RunResult) => {
    const slim = record(result);
    cache?.put(slim, driver.specOf(slim.scenarioIndex, slim.replication));
  };
  let interrupted: boolean;
  const overran: Overran[] = [];
  let outcome: Omit<ExperimentOutcome, 'interrupted' | 'overran' | 'fromCache'>;
  try {
    // Local threads stream their recordings into the folder as they run (a queue's workers cannot).
    const streamRecordings = (spec: RunSpec) => new RecordingStream(dir, experiment, spec, sink && ((lines) => sink.write(lines)));
    interrupted = options.dispatcher
      ? await options.dispatcher(driver, options.signal, onResult, (o) => overran.push(o))
      : await dispatch(driver, workers, options.signal, onResult, (o) => overran.push(o), streamRecordings);
    const complete = !interrupted && driver.finished;
    outcome = writeOutputs(folder, experiment, driver, complete);
    folder.setStatus(complete ? 'complete' : 'interrupted', cache?.served);
  } catch (error) {
    if (!isWriteError(error)) throw error;
    await sink?.close();
    folder.markInterrupted();
    throw folder.stopped(error, `The ${driver.completed} finished run(s)`, `pipesim run --resume ${dir}`);
  }
  const fromCache = cache?.served ?? 0;
  if (!sink) return { ...outcome, interrupted, overran, fromCache };
  sink.write(readLines(path.join(dir, SCENARIOS_LP)));
  return { ...outcome, interrupted, overran, fromCache, influx: await sink.close(path.basename(dir)) };
}

/** Summarises `driver`'s runs (and compares them, once complete) into `folder`. */
export function writeOutputs(folder: ResultsFolder, experiment: Experiment, driver: ReplicationDriver, complete: boolean): Omit<ExperimentOutcome, 'interrupted' | 'overran' | 'fromCache'> {
  const runs = driver.allResults();
  const summary = summarise(experiment, runs, driver, complete);
  const comparison = complete && experiment.compare ? buildComparison(experiment, runs, experiment.compare) : undefined;
  folder.writeSummary(summary, comparison);
  return { dir: folder.dir, summary, ...(comparison ? { comparison } : {}) };
}

/**
 * Keeps up to 2 × workers runs in flight until the driver has nothing left; returns true if
 * `signal` aborted the sweep first.
 */
async function dispatch(
  driver: ReplicationDriver, workers: number, signal: AbortSignal | undefined, onResult: (r: RunResult) => void, onOverran: (o: Overran) => void,
  streamRecordings: (spec: RunSpec) => RecordingStream,
): Promise<boolean> {
  if (driver.finished || signal?.aborted) return signal?.aborted ?? false;
  // Never more threads than runs left: each thread costs a start (module loading, ~0.1 s).
  const pool = createRunPool(Math.max(1, Math.min(workers, driver.maxRuns - driver.completed)));
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  let inFlight = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (): void => {
        if (stop.signal.aborted) {
          if (inFlight === 0) resolve();
          return;
        }
        for (let spec = inFlight < 2 * workers ? driver.next() : undefined; spec; spec = inFlight < 2 * workers ? driver.next() : undefined) {
          inFlight++;
          const stream = spec.seriesInterval !== undefined || spec.eventSample !== undefined ? streamRecordings(spec) : undefined;
          const task: RunTask = stream ? { ...spec, recordingPort: stream.port, recordingWritten: stream.written } : spec;
          runLimited(pool, task, { runSeconds: spec.runSeconds ?? Infinity, signal: stop.signal, ...(stream ? { transferList: [stream.port] } : {}) }).then(
            (result) => {
              inFlight--;
              if (stop.signal.aborted || result.status !== 'ok') stream?.abandon();
              if (result.status === 'overran') {
                // Not a result: the run is left for --resume, and the sweep goes on without it.
                if (!stop.signal.aborted) onOverran(result);
                feed();
                return;
              }
              if (!stop.signal.aborted) {
                try {
                  if (stream && result.status === 'ok') {
                    stream.finish({ series: result.series, events: result.taskEvents, firstEvent: result.firstEvent });
                    delete result.series;
                    delete result.taskEvents;
                    delete result.firstEvent;
                  }
                  onResult(result);
                } catch (error) {
                  // Nothing more can be recorded: stop dispatching, let runs in flight drain, report.
                  stop.abort();
                  reject(error instanceof Error ? error : new Error(String(error)));
                  return;
                }
              }
              feed();
            },
            (error: unknown) => {
              inFlight--;
              stream?.abandon();
              if (stop.signal.aborted) feed();
              else reject(error instanceof Error ? error : new Error(String(error)));
            },
          );
        }
        if (inFlight === 0) resolve();
      };
      stop.signal.addEventListener('abort', () => { if (inFlight === 0) resolve(); }, { once: true });
      feed();
    });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await pool.destroy();
  }
  return signal?.aborted ?? false;
}
