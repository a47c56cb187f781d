/**
 * The worker-thread pool that runs RunSpecs, and the limits around one run on it: a run past
 * its wall-clock limit (`limits.runSeconds`) has its thread replaced and counts as interrupted
 * (not recorded, run again by --resume); a thread that dies under a run fails that run only.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TransferListItem } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { RunResult } from '../core/records.js';
import type { RunTask } from './run-spec.js';

/** More threads than this is a mistake, not a machine (each costs tens of MB and a module load). */
export const MAX_WORKERS = 256;

/** Default worker count: one per core. */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(MAX_WORKERS, os.availableParallelism()));
}

export type RunPool = Piscina<RunTask, RunResult>;

/**
 * A pool of `workers` threads that run RunSpecs (the worker is compiled JS, or TS via tsx under
 * tests); the compiled worker is entered through a CommonJS shim (worker-entry.cts says why).
 * Threads start as runs need them, never more than `workers`.
 */
export function createRunPool(workers: number): RunPool {
  const here = fileURLToPath(import.meta.url);
  const typescript = here.endsWith('.ts');
  const filename = path.join(path.dirname(here), typescript ? 'worker.ts' : 'worker-entry.cjs');
  return new Piscina<RunTask, RunResult>({ filename, minThreads: 0, maxThreads: workers, execArgv: typescript ? ['--import', 'tsx'] : [], idleTimeout: 1000 });
}

/** A run stopped by its wall-clock limit: machine-dependent, so never recorded as a result. */
export interface Overran {
  status: 'overran';
  runId: string;
  seconds: number;
}

export interface RunLimits {
  /** Wall-clock seconds before the run's thread is replaced (Infinity: none). */
  runSeconds: number;
  /** Aborting drops the run (an interrupted sweep); the promise then rejects with piscina's AbortError. */
  signal?: AbortSignal;
  transferList?: TransferListItem[];
}

/** Runs `task` on `pool` within `limits`; a failure of the thread becomes a failed run. */
export async function runLimited(pool: RunPool, task: RunTask, limits: RunLimits): Promise<RunResult | Overran> {
  const timeout = new AbortController();
  const timer = Number.isFinite(limits.runSeconds) ? setTimeout(() => timeout.abort(), limits.runSeconds * 1000) : undefined;
  const signal = limits.signal ? AbortSignal.any([limits.signal, timeout.signal]) : timeout.signal;
  const started = performance.now();
  try {
    return await pool.run(task, { signal, ...(limits.transferList ? { transferList: limits.transferList } : {}) });
  } catch (error) {
    if (limits.signal?.aborted) throw error;
    if (timeout.signal.aborted) return { status: 'overran', runId: task.runId, seconds: limits.runSeconds };
    // The thread itself died (a policy ended it, or it ran out of memory): this run fails, the sweep goes on.
    const reason = error instanceof Error ? error.message : String(error);
    return {
      runId: task.runId, key: task.key, scenarioIndex: task.scenarioIndex, replication: task.replication, seed: task.seed,
      wallSeconds: (performance.now() - started) / 1000, status: 'failed', error: `the worker thread running this run stopped: ${reason}`,
    };
  } finally {
    clearTimeout(timer);
  }
}
