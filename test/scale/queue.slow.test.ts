/**
 * The queue's longer campaigns against a real Redis (see queue.test.ts): a killed coordinator
 * resumes without doubling a run, jobs lost with Redis's data are queued again, a worker's
 * cache answers them, an edited policy module is never served old results, a worker stops on
 * SIGTERM and its run goes to another, a run past limits.runSeconds is left for --resume.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it, onTestFinished } from 'vitest';
import { BIN, onlyRunDir, pipesim, tempDir } from '../helpers/cli.js';
import { SHORT, slowExperiment, useRedisQueue } from '../helpers/redis-queue.js';

const queue = useRedisQueue();

it('completes a coordinator killed and resumed without doubling a run', async () => {
  await queue.stopWorkers();
  const local = tempDir();
  expect((await pipesim([...SHORT, '--set', 'seed=42', '--out', local])).code).toBe(0);
  const worker = queue.startWorker();
  const root = tempDir();
  const killed = await pipesim([...SHORT, '--set', 'seed=42', '--out', root, '--queue', queue.url], (child) => {
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
  const resumed = await pipesim(['run', '--resume', dir, '--queue', queue.url, '--no-progress']);
  expect(resumed.code).toBe(0);
  const ids = readFileSync(path.join(dir, 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).runId as string);
  expect(ids).toHaveLength(24);
  expect(new Set(ids).size).toBe(24);
  // Every run computed once, by the worker, whichever coordinator was listening.
  expect(worker.executed()).toBe(24);
  expect(readFileSync(path.join(dir, 'summary.json'), 'utf8')).toBe(readFileSync(path.join(onlyRunDir(local, 'small-sweep', readdirSync), 'summary.json'), 'utf8'));
});

it('queues again the jobs lost when Redis restarts without its data', async () => {
  await queue.stopWorkers();
  const root = tempDir();
  const coordinator = pipesim([...SHORT, '--set', 'seed=43', '--out', root, '--queue', queue.url]);
  // Let the coordinator queue its runs with nobody to run them, then lose them all.
  await new Promise((r) => setTimeout(r, 2500));
  await queue.restartWithoutData();
  const worker = queue.startWorker();
  const result = await coordinator;
  expect(result.code).toBe(0);
  expect(worker.executed()).toBe(24);
  const dir = onlyRunDir(root, 'small-sweep', readdirSync);
  expect(readFileSync(path.join(dir, 'runs.jsonl'), 'utf8').trim().split('\n')).toHaveLength(24);
});

it('a worker serves a run it finds in its cache instead of computing it again', async () => {
  await queue.stopWorkers();
  const cache = path.join(tempDir(), 'shared-cache');
  const first = queue.startWorker(cache);
  const before = tempDir();
  expect((await pipesim([...SHORT, '--set', 'seed=44', '--out', before, '--queue', queue.url])).code).toBe(0);
  expect(first.executed()).toBe(24);
  await queue.stopWorkers();
  // Redis loses every finished job: the runs are queued again, and the cache answers them.
  await queue.restartWithoutData();
  const second = queue.startWorker(cache);
  const after = tempDir();
  expect((await pipesim([...SHORT, '--set', 'seed=44', '--out', after, '--queue', queue.url])).code).toBe(0);
  expect(second.executed()).toBe(0);
  expect(second.cached()).toBe(24);
  expect(readFileSync(path.join(onlyRunDir(after, 'small-sweep', readdirSync), 'summary.json'), 'utf8'))
    .toBe(readFileSync(path.join(onlyRunDir(before, 'small-sweep', readdirSync), 'summary.json'), 'utf8'));
});

it('never serves the results of an edited policy module: the job id covers its contents', async () => {
  await queue.stopWorkers();
  const folder = tempDir();
  const policy = path.join(folder, 'policy.mts');
  const experiment = path.join(folder, 'sweep.yaml');
  writeFileSync(experiment, readFileSync('test/fixtures/experiments/small-sweep.yaml', 'utf8').replace('[fifo, sjf]', '[fifo, ./policy.mts]'));
  const fifoLike = `class Q { q: number[] = []; get length() { return this.q.length; } push(t: number) { this.q.push(t); } peek() { return this.q.length > 0 ? this.q[0]! : -1; } pop() { return this.q.length > 0 ? this.q.shift()! : -1; } }\nexport default { name: 'mine', createQueue: () => new Q() };\n`;
  writeFileSync(policy, fifoLike);
  const worker = queue.startWorker();
  const args = ['run', experiment, '--horizon', '10d', '--replications', '2', '--no-progress', '--queue', queue.url];
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

it('a worker stops on the first SIGTERM, says so, and its run in progress goes to another worker', async () => {
  const root = tempDir();
  const sweep = pipesim(['run', slowExperiment(root), '--out', root, '--queue', queue.url, '--no-progress']);
  const first = spawn(process.execPath, [BIN, 'worker', '--queue', queue.url, '--workers', '1', '--lock-seconds', '1', '--cache-dir', path.join(root, 'cache')], { stdio: ['ignore', 'ignore', 'pipe'] });
  onTestFinished(() => {
    first.kill('SIGKILL');
  });
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
  queue.startWorker();
  const result = await sweep;
  expect(result.code).toBe(0);
  const records = readFileSync(path.join(onlyRunDir(root, 'slow-queue', readdirSync), 'runs.jsonl'), 'utf8').trim().split('\n');
  expect(records.map((l) => (JSON.parse(l) as { runId: string }).runId).sort()).toEqual(['s0-r0', 's0-r1']);
  await queue.stopWorkers();
}, 90_000);

it('a queued run past limits.runSeconds is left for --resume: not retried, not recorded, exit 75', async () => {
  const root = tempDir();
  process.env.PIPESIM_TEST_SLOW_MS = '60';
  onTestFinished(() => { delete process.env.PIPESIM_TEST_SLOW_MS; });
  queue.startWorker();
  const result = await pipesim(['run', slowExperiment(root, 'limits: { runSeconds: 3s }', 10), '--out', root, '--queue', queue.url, '--no-progress']);
  expect(result.code, result.stderr).toBe(75);
  expect(result.stderr).toMatch(/2 run\(s\): s0-r0, s0-r1 took longer than limits\.runSeconds/);
  const runs = path.join(onlyRunDir(root, 'slow-queue', readdirSync), 'runs.jsonl');
  expect(existsSync(runs) ? readFileSync(runs, 'utf8') : '').toBe('');
  await queue.stopWorkers();
}, 90_000);
