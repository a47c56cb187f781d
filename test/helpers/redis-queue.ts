/**
 * A real Redis for the queue tests (Debian's redis-server on 127.0.0.1, a free port, a temporary
 * data dir, no persistence: restarting it loses every job) and `pipesim worker` processes
 * against it. `useRedisQueue()` starts it before the file's tests and stops everything after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { BIN, tempDir } from './cli.js';
import { freePort, waitForPort } from './servers.js';

export const SHORT = ['run', 'test/fixtures/experiments/small-sweep.yaml', '--horizon', '10d', '--no-progress'];

export interface RedisQueue {
  readonly url: string;
  /** Kills Redis and starts an empty one on the same port. */
  restartWithoutData(): Promise<void>;
  /**
   * A `pipesim worker`; `executed` counts the runs it computed (one stderr line each), `cached`
   * those it served from its cache. Each worker has a cache of its own unless given one: the
   * tests count what it computes, and a job handed out again (a lock lapsed on a loaded machine)
   * comes from its cache, not computed twice.
   */
  startWorker(cacheDir?: string): ChildProcess & { executed: () => number; cached: () => number };
  stopWorkers(): Promise<void>;
}

export function useRedisQueue(): RedisQueue {
  let redis: ChildProcess;
  let port: number;
  let url = '';
  const workers: ChildProcess[] = [];
  const startRedis = async (): Promise<ChildProcess> => {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', tempDir('pipesim-redis-'), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitForPort(port, 'redis-server');
    return child;
  };
  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis();
    url = `redis://127.0.0.1:${port}`;
  });
  afterAll(() => {
    for (const w of workers) w.kill('SIGKILL');
    redis?.kill('SIGTERM');
  });
  return {
    get url() {
      return url;
    },
    async restartWithoutData() {
      await new Promise((resolve) => {
        redis.once('exit', resolve);
        redis.kill('SIGKILL');
      });
      redis = await startRedis();
    },
    startWorker(cacheDir = path.join(tempDir(), 'cache')) {
      const child = spawn(process.execPath, [BIN, 'worker', '--queue', url, '--workers', '1', '--lock-seconds', '1', '--cache-dir', cacheDir], { stdio: ['ignore', 'ignore', 'pipe'] });
      let done = 0;
      let cached = 0;
      child.stderr.on('data', (d: Buffer) => {
        done += (d.toString().match(/^s\d+-r\d+ (ok|failed)/gm) ?? []).length;
        cached += (d.toString().match(/^s\d+-r\d+ from the cache/gm) ?? []).length;
      });
      workers.push(child);
      return Object.assign(child, { executed: () => done, cached: () => cached });
    },
    async stopWorkers() {
      await Promise.all(workers.splice(0).map((w) => new Promise((resolve) => {
        if (w.exitCode !== null || w.signalCode !== null) resolve(undefined);
        else {
          w.once('exit', resolve);
          w.kill('SIGKILL');
        }
      })));
    },
  };
}

export function slowExperiment(root: string, limits = '', seed = 9): string {
  const file = path.join(root, 'slow-queue.yaml');
  writeFileSync(file, `name: slow-queue
seed: ${seed}
replications: 2
horizon: 2d
warmup: 0s
policy: { scheduler: ${path.resolve('test/fixtures/policies/slow.ts')} }
platform: { pools: { gpu: { capacity: 2 } } }
workload:
  interarrival: { dist: exponential, mean: 20m }
  structures: { job: { tasks: { train: { kind: train } } } }
tasks: { train: { pool: gpu, duration: { dist: exponential, mean: 30m } } }
${limits}`);
  return file;
}
