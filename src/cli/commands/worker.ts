/** `pipesim worker`: process runs from a BullMQ queue, on any number of machines. */
import { importOptional, QUEUE_PACKAGES } from '../../core/optional.js';
import path from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../core/errors.js';
import { workerCount } from '../overrides.js';
import { createRunPool, defaultWorkers, runLimited } from '../../experiment/run-pool.js';
import { CACHE_FOLDER, RunCache } from '../../experiment/run-cache.js';

interface WorkerFlags {
  queue: string;
  workers?: string;
  lockSeconds: string;
  cacheDir?: string;
  cache: boolean;
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .summary('process runs from a queue (pair with pipesim run --queue)')
    .description('Pull runs from the BullMQ queue at --queue, execute them on worker threads and return the results to the coordinator (pipesim run --queue). Runs until interrupted. Policy modules named by path must exist at the same path on this machine (shared storage).')
    .requiredOption('-q, --queue <redis-url>', 'the queue, e.g. redis://scheduler-host:6379')
    .option('-w, --workers <n>', 'runs at a time (threads; default: cores)')
    .option('--lock-seconds <s>', 'how long a silent worker keeps a run before another takes it over', '30')
    .option('--cache-dir <dir>', `the run cache: a run found there by identity is returned, not computed again (a job handed out twice after a lapsed lock costs nothing); share it between workers and coordinators (default: results/${CACHE_FOLDER})`)
    .option('--no-cache', 'compute every run, and keep none in the cache')
    .action(async (flags: WorkerFlags) => {
      const workers = flags.workers === undefined ? defaultWorkers() : workerCount(flags.workers);
      const lock = Number(flags.lockSeconds);
      if (!(lock > 0)) throw new UserError(`--lock-seconds expects a number > 0, got '${flags.lockSeconds}'`);
      // Loaded here, not at start-up: every other command runs without the queue stack.
      const { checkQueueReachable, startQueueWorker } = await importOptional(() => import('../../scale/queue.js'), QUEUE_PACKAGES, 'pipesim worker');
      await checkQueueReachable(flags.queue);
      const pool = createRunPool(workers);
      const cache = flags.cache ? new RunCache(flags.cacheDir ?? path.join('results', CACHE_FOLDER)) : undefined;
      let running = 0;
      const { close } = startQueueWorker(flags.queue, {
        concurrency: workers,
        lockDurationMs: lock * 1000,
        run: async (spec) => {
          const cached = cache?.get(spec);
          if (cached) {
            process.stderr.write(`${spec.runId} from the cache\n`);
            return cached;
          }
          running++;
          try {
            const result = await runLimited(pool, spec, { runSeconds: spec.runSeconds ?? Infinity });
            if (result.status !== 'overran') {
              process.stderr.write(`${result.runId} ${result.status} (${result.wallSeconds.toFixed(1)} s)\n`);
              cache?.put(result, spec);
            }
            return result;
          } finally {
            running--;
          }
        },
      });
      process.stderr.write(`pipesim worker: ${workers} thread(s) on the queue at ${flags.queue.replace(/\/\/[^@/]*@/, '//***@')}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      // Stop now, not after the runs in progress: their locks lapse and another worker takes them.
      process.stderr.write(`pipesim worker: stopping; every finished run is with the coordinator${running > 0 ? `, and the ${running} run(s) in progress go back to the queue within --lock-seconds (${lock} s)` : ''}\n`);
      await Promise.all([close(true), pool.destroy()]);
    });
}
