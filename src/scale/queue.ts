/**
 * A dynamic queue for sweeps across machines, on BullMQ (Redis): the coordinator enqueues
 * runs and aggregates as usual; `pipesim worker --queue redis://…` processes, on any number of
 * machines, pull runs and return results. A worker killed mid-run loses nothing: its lock
 * expires and BullMQ's stalled-job check hands the run to another worker. A run is never
 * computed or counted twice: its job id is its identity key (BullMQ keeps one job per id,
 * and a finished job's result is reused) and the coordinator records a run id once.
 */
import { Queue, QueueEvents, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { StoppedError, UserError } from '../core/errors.js';
import type { Dispatcher } from '../experiment/coordinator.js';
import type { ReplicationDriver } from '../experiment/plan.js';
import type { RunResult } from '../core/records.js';
import type { RunSpec } from '../experiment/run-spec.js';
import type { Overran } from '../experiment/run-pool.js';

/** Starts the failure reason of a job its worker stopped at `limits.runSeconds` (not retried, not a result). */
const OVERRAN = 'overran limits.runSeconds';

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
 * Rejects with a StoppedError (exit 75) when nothing answers at the queue's Redis within
 * `timeoutMs`, so that a wrong or down server is one clear message, not a stack per retry
 * (BullMQ's connections retry forever, as its workers must).
 */
export async function checkQueueReachable(url: string, timeoutMs = 5000): Promise<void> {
  const options = connectionFrom(url) as RedisOptions;
  const client = new Redis({ ...options, lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  let cause = '';
  client.on('error', (error: NodeJS.ErrnoException) => { cause ||= error.code ?? error.message; });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const reason = cause || (error instanceof Error ? error.message : String(error));
    throw new StoppedError(`nothing answers at the queue's Redis, ${options.host ?? '?'}:${options.port ?? '?'} (${reason})`, 'start Redis there, or check the --queue URL');
  } finally {
    client.disconnect();
  }
}

/** A queued run's job id: its identity key, so an identical run is never queued or computed twice. */
export const jobIdOf = (spec: RunSpec) => `run-${spec.key}`;

/** How often the coordinator checks on the jobs it waits for (lost with Redis's data, or finished unseen). */
const CHECK_MS = 2000;

/**
 * Enqueues the driver's runs and records results as workers finish them, until the driver is
 * done or `signal` aborts. Returns true if aborted. A run whose job already finished (an
 * earlier coordinator, an identical experiment) is taken from Redis without running again;
 * a job that vanished (Redis restarted without its data) is queued again.
 */
export function queueDispatcher(url: string): Dispatcher {
  return (driver, signal, onResult, onOverran) => dispatchViaQueue(driver, url, signal, onResult, onOverran);
}

async function dispatchViaQueue(
  driver: ReplicationDriver, url: string, signal: AbortSignal | undefined, onResult: (r: RunResult) => void, onOverran: (o: Overran) => void,
): Promise<boolean> {
  const connection = connectionFrom(url);
  const queue = new Queue<RunSpec, RunResult>(QUEUE_NAME, { connection });
  const events = new QueueEvents(QUEUE_NAME, { connection });
  let timer: NodeJS.Timeout | undefined;
  try {
    await events.waitUntilReady();
    return await new Promise<boolean>((resolve, reject) => {
      /** Job id → the specs waiting for it (several grid points may be the same run). */
      const pending = new Map<string, RunSpec[]>();
      const fail = (error: unknown) => reject(error instanceof Error ? error : new Error(String(error)));
      const finishIfDone = () => {
        if (signal?.aborted) resolve(true);
        // Nothing to queue and nothing awaited: the plan is done, or what is left overran its limit.
        else if (pending.size === 0) resolve(false);
      };
      const take = (jobId: string, value: RunResult | string | null | undefined) => {
        const specs = pending.get(jobId);
        if (!specs || value === null || value === undefined) return;
        const result = (typeof value === 'string' ? JSON.parse(value) : value) as RunResult;
        pending.delete(jobId);
        try {
          for (const spec of specs) onResult({ ...result, runId: spec.runId, scenarioIndex: spec.scenarioIndex });
        } catch (error) {
          fail(error);
          return;
        }
        void feed().catch(fail);
      };
      /** Takes a finished job's result, queues a missing job again, leaves a waiting or running one. */
      const settle = async (jobId: string, spec: RunSpec) => {
        const job = await queue.getJob(jobId);
        if (!job) {
          await queue.add('run', spec, { jobId, removeOnComplete: false, removeOnFail: false, attempts: 3 });
          return;
        }
        const state = await job.getState();
        if (state === 'completed') take(jobId, job.returnvalue);
        else if (state === 'failed' && job.failedReason.startsWith(OVERRAN)) {
          // Left for --resume like a local overrun: forget the job so that a resume queues it afresh.
          pending.delete(jobId);
          await job.remove();
          onOverran({ status: 'overran', runId: spec.runId, seconds: spec.runSeconds ?? Infinity });
          void feed().catch(fail);
        } else if (state === 'failed') await job.retry();
      };
      events.on('completed', ({ jobId, returnvalue }) => take(jobId, returnvalue as unknown as RunResult | string));
      const feed = async (): Promise<void> => {
        for (let spec = driver.next(); spec; spec = driver.next()) {
          const jobId = jobIdOf(spec);
          const waiting = pending.get(jobId);
          if (waiting) {
            waiting.push(spec);
            continue;
          }
          pending.set(jobId, [spec]);
          await settle(jobId, spec);
        }
        finishIfDone();
      };
      let checking = false;
      const check = async () => {
        if (checking) return;
        checking = true;
        try {
          for (const [jobId, specs] of [...pending]) if (pending.has(jobId)) await settle(jobId, specs[0] as RunSpec);
        } finally {
          checking = false;
        }
      };
      timer = setInterval(() => void check().catch(fail), CHECK_MS);
      signal?.addEventListener('abort', () => resolve(true), { once: true });
      void feed().catch(fail);
    });
  } finally {
    clearInterval(timer);
    await events.close();
    await queue.close();
  }
}

export interface QueueWorkerOptions {
  concurrency: number;
  /** How long a job's lock lasts without renewal (and how often stalled jobs are looked for). */
  lockDurationMs: number;
  run: (spec: RunSpec) => Promise<RunResult | Overran>;
}

/** Starts a worker on the queue; `close` stops it after its current runs, `close(true)` at once (they return to the queue). */
export function startQueueWorker(url: string, options: QueueWorkerOptions): { close: (force?: boolean) => Promise<void>; worker: Worker<RunSpec, RunResult> } {
  const worker = new Worker<RunSpec, RunResult>(QUEUE_NAME, async (job: Job<RunSpec, RunResult>) => {
    const result = await options.run(job.data);
    if (result.status === 'overran') throw new UnrecoverableError(`${OVERRAN} (${result.seconds} s)`);
    return result;
  }, {
    connection: connectionFrom(url),
    concurrency: options.concurrency,
    lockDuration: options.lockDurationMs,
    stalledInterval: options.lockDurationMs,
    maxStalledCount: 5,
  });
  return { worker, close: (force = false) => worker.close(force) };
}
