/**
 * A sweep through a real Redis (Debian's redis-server, started here on 127.0.0.1 on a free port
 * with a temporary data dir): two `pipesim worker` processes, one killed mid-sweep; its run is
 * taken over (stalled-job detection), nothing is counted twice, and the aggregates equal a
 * single-machine run's byte for byte.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BIN, onlyRunDir, pipesim, tempDir } from '../helpers/cli.js';
import { freePort, waitForPort } from '../helpers/servers.js';

let redis: ChildProcess;
let url: string;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  const port = await freePort();
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', tempDir('pipesim-redis-'), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await waitForPort(port, 'redis-server');
  url = `redis://127.0.0.1:${port}`;
});

afterAll(() => {
  for (const w of workers) w.kill('SIGKILL');
  redis?.kill('SIGTERM');
});

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, [BIN, 'worker', '--queue', url, '--workers', '1', '--lock-seconds', '1'], { stdio: 'ignore' });
  workers.push(child);
  return child;
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
