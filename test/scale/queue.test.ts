/**
 * A sweep through a real Redis (Debian's redis-server, started here on 127.0.0.1 on a free port
 * with a temporary data dir): two `pipesim worker` processes, one killed mid-sweep; its run is
 * taken over (stalled-job detection), nothing is counted twice, and the aggregates equal a
 * single-machine run's byte for byte. Re-runs reuse stored results (the job id is the run's
 * identity key); nothing answering at the Redis stops coordinator and worker at once. The
 * longer campaigns (killed coordinator, lost Redis data, worker caches, edited policies,
 * SIGTERM, runs past their limit) are in queue.slow.test.ts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { onlyRunDir, pipesim, tempDir } from '../helpers/cli.js';
import { freePort } from '../helpers/servers.js';
import { SHORT, useRedisQueue } from '../helpers/redis-queue.js';

const queue = useRedisQueue();

it('survives a worker killed mid-sweep and matches a single-machine run', async () => {
  const args = ['run', 'test/fixtures/experiments/small-sweep.yaml', '--horizon', '150d', '--no-progress'];
  const single = tempDir();
  expect((await pipesim([...args, '--out', single])).code).toBe(0);
  const reference = onlyRunDir(single, 'small-sweep', readdirSync);

  const root = tempDir();
  const doomed = queue.startWorker();
  queue.startWorker();
  const coordinator = pipesim([...args, '--out', root, '--queue', queue.url], () => {
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

it('reuses stored results: a second identical --queue run finishes with no worker at all', async () => {
  await queue.stopWorkers();
  const worker = queue.startWorker();
  const first = tempDir();
  expect((await pipesim([...SHORT, '--set', 'seed=41', '--out', first, '--queue', queue.url])).code).toBe(0);
  expect(worker.executed()).toBe(24);
  await queue.stopWorkers();

  const second = tempDir();
  const again = await pipesim([...SHORT, '--set', 'seed=41', '--out', second, '--queue', queue.url]);
  expect(again.code).toBe(0);
  expect(readFileSync(path.join(onlyRunDir(second, 'small-sweep', readdirSync), 'summary.json'), 'utf8'))
    .toBe(readFileSync(path.join(onlyRunDir(first, 'small-sweep', readdirSync), 'summary.json'), 'utf8'));
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
