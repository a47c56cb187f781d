/**
 * A dynamic queue for sweeps across machines, on BullMQ (Redis): the coordinator enqueues
 * runs and aggregates as usual; `pipesim worker --queue redis://…` processes, on any number of
 * machines, pull runs and return results. A worker killed mid-run loses nothing: its lock
 * expires and BullMQ's stalled-job check hands the run to another worker. A run is never
 * counted twice: its job id is its run id (BullMQ keeps one job per id) and the coordinator
 * records a run id once.
 */
import { Queue, QueueEvents, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { UserError } from '../config/errors.js';
import type { ReplicationDriver } from '../experiment/plan.js';
import type { RunResult, RunSpec } from '../types.js';

/** The queue every coordinator and worker of a deployment shares. */
export const QUEUE_NAME = 'pipesim-runs';

/** Redis connection options from a redis:// URL (no password is ever printed). */
export function connectionFrom(url: string): ConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(`--queue expects a redis://host:port URL, got '${url}'`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new UserError(`--queue expects a redis://host:port URL, got protocol '${parsed.protocol}'`);
  return {
    host: parsed.hostname, port: Number(parsed.port || 6379),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    // Workers block on Redis; BullMQ requires unlimited retries per request for them.
    maxRetriesPerRequest: null,
  };
}

/**
 * Enqueues the driver's runs (job id: `<experiment key>-<run id>`) and records results as
 * workers finish them, until the driver is done or `signal` aborts. Returns true if aborted.
 */
export async function dispatchViaQueue(driver: ReplicationDriver, url: string, experimentKey: string, signal: AbortSignal | undefined, onResult: (r: RunResult) => void): Promise<boolean> {
  const connection = connectionFrom(url);
  const queue = new Queue<RunSpec, RunResult>(QUEUE_NAME, { connection });
  const events = new QueueEvents(QUEUE_NAME, { connection });
  const prefix = `${experimentKey}-`;
  try {
    await events.waitUntilReady();
    return await new Promise<boolean>((resolve, reject) => {
      const pending = new Set<string>();
      const take = (result: RunResult) => {
        if (!pending.delete(result.runId)) return;
        onResult(result);
        void feed().catch(reject);
      };
      events.on('completed', ({ jobId, returnvalue }) => {
        if (!jobId.startsWith(prefix)) return;
        const value = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as RunResult;
        take(value);
      });
      const finishIfDone = () => {
        if (signal?.aborted) resolve(true);
        else if (driver.finished && pending.size === 0) resolve(false);
      };
      const feed = async (): Promise<void> => {
        for (let spec = driver.next(); spec; spec = driver.next()) {
          const id = prefix + spec.runId;
          pending.add(spec.runId);
          const job = await queue.add('run', spec, { jobId: id, removeOnComplete: false, removeOnFail: false, attempts: 3 });
          // A job of that id may have finished already (a coordinator run before this one).
          if ((await job.getState()) === 'completed' && job.returnvalue) take(job.returnvalue);
        }
        finishIfDone();
      };
      signal?.addEventListener('abort', () => resolve(true), { once: true });
      void feed().catch(reject);
    });
  } finally {
    await events.close();
    await queue.close();
  }
}

export interface QueueWorkerOptions {
  concurrency: number;
  /** How long a job's lock lasts without renewal (and how often stalled jobs are looked for). */
  lockDurationMs: number;
  run: (spec: RunSpec) => Promise<RunResult>;
  onDone?: (result: RunResult) => void;
}

/** Starts a worker on the queue; `close` stops it after its current runs. */
export function startQueueWorker(url: string, options: QueueWorkerOptions): { close: () => Promise<void>; worker: Worker<RunSpec, RunResult> } {
  const worker = new Worker<RunSpec, RunResult>(QUEUE_NAME, async (job: Job<RunSpec, RunResult>) => {
    const result = await options.run(job.data);
    options.onDone?.(result);
    return result;
  }, {
    connection: connectionFrom(url),
    concurrency: options.concurrency,
    lockDuration: options.lockDurationMs,
    stalledInterval: options.lockDurationMs,
    maxStalledCount: 5,
  });
  return { worker, close: () => worker.close() };
}
