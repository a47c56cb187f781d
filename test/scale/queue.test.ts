/**
 * A sweep through a real Redis (Debian's redis-server, started here on 127.0.0.1 on a free port
 * with a temporary data dir): two `pipesim worker` processes, one killed mid-sweep; its run is
 * taken over (stalled-job detection), nothing is counted twice, and the aggregates equal a
 * single-machine run's byte for byte. Re-runs reuse stored results (the job id is the run's
 * identity key), a killed coordinator resumes without doubling a run, jobs lost with Redis's
 * data are queued again, and an edited policy module is never served old results.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { BIN, onlyRunDir, pipesim, tempDir } from '../helpers/cli.js';
import { freePort, waitForPort } from '../helpers/servers.js';

let redis: ChildProcess;
let port: number;
let url: string;
const workers: ChildProcess[] = [];

/** A Redis with no persistence: restarting it loses every job. */
async function startRedis(): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', tempDir('pipesim-redis-'), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await waitForPort(port, 'redis-server');
  return child;
}

beforeAll(async () => {
  port = await freePort();
  redis = await startRedis();
  url = `redis://127.0.0.1:${port}`;
});

afterAll(() => {
  for (const w of workers) w.kill('SIGKILL');
  redis?.kill('SIGTERM');
});

/**
 * A `pipesim worker`; `executed` counts the runs it computed (one stderr line each), `cached`
 * those it served from its cache. Each worker has a cache of its own unless given one: the
 * tests count what it computes, and a job handed out again (a lock lapsed on a loaded machine)
 * comes from its cache, not computed twice.
 */
function startWorker(cacheDir = path.join(tempDir(), 'cache')): ChildProcess & { executed: () => number; cached: () => number } {
  const child = spawn(process.execPath, [BIN, 'worker', '--queue', url, '--workers', '1', '--lock-seconds', '1', '--cache-dir', cacheDir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let done = 0;
  let cached = 0;
  child.stderr.on('data', (d: Buffer) => {
    done += (d.toString().match(/^s\d+-r\d+ (ok|failed)/gm) ?? []).length;
    cached += (d.toString().match(/^s\d+-r\d+ from the cache/gm) ?? []).length;
  });
  workers.push(child);
  return Object.assign(child, { executed: () => done, cached: () => cached });
}

async function stopWorkers(): Promise<void> {
  await Promise.all(workers.splice(0).map((w) => new Promise((resolve) => {
    if (w.exitCode !== null || w.signalCode !== null) resolve(undefined);
    else {
      w.once('exit', resolve);
      w.kill('SIGKILL');
    }
  })));
}

it('survives a worker killed mid-sweep and matches a single-machine run', async () => {
  const args = ['run', 'test/fixtures/experiments/small-sweep.yaml', '--horizon', '150d', '--no-progress'];
  const single = tempDir();
  expect((await pipesim([...args, '--out', single])).code).toBe(0);
  const reference = onlyRunDir(single, 'small-sweep', readdirSync);

  const root = tempDir();
  const doomed = startWorker();
  startWorker();
  const coordinator = pipesim([...args, '--out', root, '--queue', url], () => {
    const timer = setInterval(() => {
      const base = path.join(root, 'small-sweep');
      if (!existsSync(base)) return;
      const runs = path.join(base, readdirSync(base)[0] ?? '', 'runs.jsonl');
      if (existsSync(runs) && readFileSync(runs, 'utf8').split('\n').length > 4) {
        clearInterval(timer);
        doomed.kill('SIGKILL');
      }
    }, 10);
  });
  const result = await coordinator;
  expect(result.code).toBe(0);
  expect(doomed.signalCode).toBe('SIGKILL');
  const dir = onlyRunDir(root, 'small-sweep', readdirSync);
  const ids = readFileSync(path.join(dir, 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).runId as string);
  expect(ids).toHaveLength(24);
  expect(new Set(ids).size).toBe(24);
  for (const file of ['summary.json', 'scenarios.csv']) {
    expect(readFileSync(path.join(dir, file), 'utf8')).toBe(readFileSync(path.join(reference, file), 'utf8'));
  }
});

const SHORT = ['run', 'test/fixtures/experiments/small-sweep.yaml', '--horizon', '10d', '--no-progress'];

it('reuses stored results: a second identical --queue run finishes with no worker at all', async () => {
  await stopWorkers();
  const worker = startWorker();
  const first = tempDir();
  expect((await pipesim([...SHORT, '--set', 'seed=41', '--out', first, '--queue', url])).code).toBe(0);
  expect(worker.executed()).toBe(24);
  await stopWorkers();

  const second = tempDir();
  const again = await pipesim([...SHORT, '--set', 'seed=41', '--out', second, '--queue', url]);
  expect(again.code).toBe(0);
  expect(readFileSync(path.join(onlyRunDir(second, 'small-sweep', readdirSync), 'summary.json'), 'utf8'))
    .toBe(readFileSync(path.join(onlyRunDir(first, 'small-sweep', readdirSync), 'summary.json'), 'utf8'));
});

it('completes a coordinator killed and resumed without doubling a run', async () => {
  await stopWorkers();
  const local = tempDir();
  expect((await pipesim([...SHORT, '--set', 'seed=42', '--out', local])).code).toBe(0);
  const worker = startWorker();
  const root = tempDir();
  const killed = await pipesim([...SHORT, '--set', 'seed=42', '--out', root, '--queue', url], (child) => {
    const timer = setInterval(() => {
      const base = path.join(root, 'small-sweep');
      const runs = existsSync(base) ? path.join(base, readdirSync(base)[0] ?? '', 'runs.jsonl') : '';
      if (runs && existsSync(runs) && readFileSync(runs, 'utf8').split('\n').length > 3) {
        clearInterval(timer);
        child.kill('SIGKILL');
      }
    }, 10);
  });
  expect(killed.signal).toBe('SIGKILL');
  const dir = onlyRunDir(root, 'small-sweep', readdirSync);
  const resumed = await pipesim(['run', '--resume', dir, '--queue', url, '--no-progress']);
  expect(resumed.code).toBe(0);
  const ids = readFileSync(path.join(dir, 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).runId as string);
  expect(ids).toHaveLength(24);
  expect(new Set(ids).size).toBe(24);
  // Every run computed once, by the worker, whichever coordinator was listening.
  expect(worker.executed()).toBe(24);
  expect(readFileSync(path.join(dir, 'summary.json'), 'utf8')).toBe(readFileSync(path.join(onlyRunDir(local, 'small-sweep', readdirSync), 'summary.json'), 'utf8'));
});

it('queues again the jobs lost when Redis restarts without its data', async () => {
  await stopWorkers();
  const root = tempDir();
  const coordinator = pipesim([...SHORT, '--set', 'seed=43', '--out', root, '--queue', url]);
  // Let the coordinator queue its runs with nobody to run them, then lose them all.
  await new Promise((r) => setTimeout(r, 2500));
  await new Promise((resolve) => {
    redis.once('exit', resolve);
    redis.kill('SIGKILL');
  });
  redis = await startRedis();
  const worker = startWorker();
  const result = await coordinator;
  expect(result.code).toBe(0);
  expect(worker.executed()).toBe(24);
  const dir = onlyRunDir(root, 'small-sweep', readdirSync);
  expect(readFileSync(path.join(dir, 'runs.jsonl'), 'utf8').trim().split('\n')).toHaveLength(24);
});

it('a worker serves a run it finds in its cache instead of computing it again', async () => {
  await stopWorkers();
  const cache = path.join(tempDir(), 'shared-cache');
  const first = startWorker(cache);
  const before = tempDir();
  expect((await pipesim([...SHORT, '--set', 'seed=44', '--out', before, '--queue', url])).code).toBe(0);
  expect(first.executed()).toBe(24);
  await stopWorkers();
  // Redis loses every finished job: the runs are queued again, and the cache answers them.
  await new Promise((resolve) => {
    redis.once('exit', resolve);
    redis.kill('SIGKILL');
  });
  redis = await startRedis();
  const second = startWorker(cache);
  const after = tempDir();
  expect((await pipesim([...SHORT, '--set', 'seed=44', '--out', after, '--queue', url])).code).toBe(0);
  expect(second.executed()).toBe(0);
  expect(second.cached()).toBe(24);
  expect(readFileSync(path.join(onlyRunDir(after, 'small-sweep', readdirSync), 'summary.json'), 'utf8'))
    .toBe(readFileSync(path.join(onlyRunDir(before, 'small-sweep', readdirSync), 'summary.json'), 'utf8'));
});

it('never serves the results of an edited policy module: the job id covers its contents', async () => {
  await stopWorkers();
  const folder = tempDir();
  const policy = path.join(folder, 'policy.mts');
  const experiment = path.join(folder, 'sweep.yaml');
  writeFileSync(experiment, readFileSync('test/fixtures/experiments/small-sweep.yaml', 'utf8').replace('[fifo, sjf]', '[fifo, ./policy.mts]'));
  const fifoLike = `class Q { q: number[] = []; get length() { return this.q.length; } push(t: number) { this.q.push(t); } peek() { return this.q.length > 0 ? this.q[0]! : -1; } pop() { return this.q.length > 0 ? this.q.shift()! : -1; } }\nexport default { name: 'mine', createQueue: () => new Q() };\n`;
  writeFileSync(policy, fifoLike);
  const worker = startWorker();
  const args = ['run', experiment, '--horizon', '10d', '--replications', '2', '--no-progress', '--queue', url];
  const first = tempDir();
  expect((await pipesim([...args, '--out', first])).code).toBe(0);
  expect(worker.executed()).toBe(8);
  // The same module, now last-in-first-out: only its runs are new.
  writeFileSync(policy, fifoLike.replace('this.q.shift()!', 'this.q.pop()!').replace('this.q[0]!', 'this.q[this.q.length - 1]!'));
  const second = tempDir();
  expect((await pipesim([...args, '--out', second])).code).toBe(0);
  expect(worker.executed()).toBe(12);
  const local = tempDir();
  expect((await pipesim([...args.slice(0, -2), '--out', local])).code).toBe(0);
  expect(readFileSync(path.join(onlyRunDir(second, 'small-sweep', readdirSync), 'summary.json'), 'utf8'))
    .toBe(readFileSync(path.join(onlyRunDir(local, 'small-sweep', readdirSync), 'summary.json'), 'utf8'));
});

it('stops at once with one message when nothing answers at the queue\'s Redis: coordinator and worker', async () => {
  const closed = `redis://127.0.0.1:${await freePort()}`;
  const root = tempDir();
  const started = Date.now();
  const coordinator = await pipesim([...SHORT, '--out', root, '--queue', closed]);
  expect(coordinator.code).toBe(75);
  expect(coordinator.stderr).toMatch(/^pipesim: nothing answers at the queue's Redis, 127\.0\.0\.1:\d+ \(ECONNREFUSED\)\nhint: start Redis there, or check the --queue URL\n$/);
  expect(existsSync(path.join(root, 'small-sweep'))).toBe(false);
  const worker = await pipesim(['worker', '--queue', closed, '--workers', '1']);
  expect(worker.code).toBe(75);
  expect(worker.stderr).toContain("nothing answers at the queue's Redis");
  expect(worker.stderr).not.toMatch(/\n\s+at /);
  expect(Date.now() - started).toBeLessThan(20_000);
});

/** An experiment of two runs of the slow test policy (each push waits 20 ms of wall clock). */
function slowExperiment(root: string, limits = '', seed = 9): string {
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

it('a worker stops on the first SIGTERM, says so, and its run in progress goes to another worker', async () => {
  const root = tempDir();
  const sweep = pipesim(['run', slowExperiment(root), '--out', root, '--queue', url, '--no-progress']);
  const first = spawn(process.execPath, [BIN, 'worker', '--queue', url, '--workers', '1', '--lock-seconds', '1', '--cache-dir', path.join(root, 'cache')], { stdio: ['ignore', 'ignore', 'pipe'] });
  workers.push(first);
  let said = '';
  first.stderr.on('data', (d: Buffer) => { said += d.toString(); });
  // Once it is on the queue, give it time to take a run (each takes a few seconds).
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (!said.includes('thread(s) on the queue')) return;
      clearInterval(check);
      setTimeout(resolve, 1500);
    }, 50);
  });
  const signalled = Date.now();
  first.kill('SIGTERM');
  const code = await new Promise<number | null>((resolve) => first.once('exit', resolve));
  expect(Date.now() - signalled).toBeLessThan(10_000);
  expect(code).toBe(0);
  expect(said).toMatch(/pipesim worker: stopping; every finished run is with the coordinator/);
  startWorker();
  const result = await sweep;
  expect(result.code).toBe(0);
  const records = readFileSync(path.join(onlyRunDir(root, 'slow-queue', readdirSync), 'runs.jsonl'), 'utf8').trim().split('\n');
  expect(records.map((l) => (JSON.parse(l) as { runId: string }).runId).sort()).toEqual(['s0-r0', 's0-r1']);
  await stopWorkers();
}, 90_000);

it('a queued run past limits.runSeconds is left for --resume: not retried, not recorded, exit 75', async () => {
  const root = tempDir();
  process.env.PIPESIM_TEST_SLOW_MS = '60';
  onTestFinished(() => { delete process.env.PIPESIM_TEST_SLOW_MS; });
  startWorker();
  const result = await pipesim(['run', slowExperiment(root, 'limits: { runSeconds: 3s }', 10), '--out', root, '--queue', url, '--no-progress']);
  expect(result.code, result.stderr).toBe(75);
  expect(result.stderr).toMatch(/2 run\(s\): s0-r0, s0-r1 took longer than limits\.runSeconds/);
  const runs = path.join(onlyRunDir(root, 'slow-queue', readdirSync), 'runs.jsonl');
  expect(existsSync(runs) ? readFileSync(runs, 'utf8') : '').toBe('');
  await stopWorkers();
}, 90_000);
