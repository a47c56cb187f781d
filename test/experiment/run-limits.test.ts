/**
 * One run's misbehaviour never takes a sweep down: a policy that ends the process, breaks the
 * queue contract or throws a non-Error fails only its runs; `limits.events` fails a runaway
 * run the same way everywhere; `limits.runSeconds` stops a slow run and leaves it for --resume.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it, onTestFinished } from 'vitest';
import { onlyRunDir, pipesim, tempDir } from '../helpers/cli.js';

const policy = (name: string) => path.resolve('test/fixtures/policies', `${name}.ts`);

function experiment(root: string, name: string, grid: string, extra = ''): string {
  const file = path.join(root, `${name}.yaml`);
  writeFileSync(file, `name: ${name}
seed: 5
replications: 2
horizon: 2d
warmup: 0s
grid:
  ${grid}
platform:
  pools:
    gpu: { capacity: 2 }
workload:
  interarrival: { dist: exponential, mean: 20m }
  structures:
    job: { tasks: { train: { kind: train } } }
tasks:
  train: { pool: gpu, duration: { dist: exponential, mean: 30m } }
${extra}`);
  return file;
}

interface RunRecord { runId: string; status: string; error?: string; events?: number; metrics?: Record<string, number> }
const records = (dir: string): RunRecord[] => readFileSync(path.join(dir, 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as RunRecord);
const summaryOf = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')) as { complete: boolean; failures?: { error: string; runs: string[] }[]; runs: unknown };

it('an exiting, a garbage-returning and a non-Error-throwing policy each fail only their runs, each error listed once', async () => {
  const root = tempDir();
  const file = experiment(root, 'misbehaving', `policy.scheduler: [fifo, ${policy('exits')}, ${policy('bogus-peek')}, ${policy('throws-undefined')}]`);
  const result = await pipesim(['run', file, '--out', root, '--workers', '2', '--no-progress']);
  expect(result.code).toBe(3);
  const dir = onlyRunDir(root, 'misbehaving', readdirSync);
  const byId = new Map(records(dir).map((r) => [r.runId, r]));
  expect([...byId.values()].filter((r) => r.status === 'ok').map((r) => r.runId).sort()).toEqual(['s0-r0', 's0-r1']);
  const summary = summaryOf(dir);
  expect(summary.runs).toEqual({ planned: 8, ok: 2, failed: 6 });
  expect(summary.failures?.map((f) => f.runs)).toEqual([['s1-r0', 's1-r1'], ['s2-r0', 's2-r1'], ['s3-r0', 's3-r1']]);
  const [exited, bogus, thrown] = summary.failures?.map((f) => f.error) ?? [];
  expect(exited).toMatch(/process\.exit\(7\)/);
  expect(bogus).toMatch(/pool 'gpu' returned 123456789 \(not a task id\) from peek\(\)/);
  expect(thrown).toMatch(/threw undefined, which is not an Error/);
  // Listed once each, with their runs, in the terminal and in summary.md.
  for (const text of [result.stdout, readFileSync(path.join(dir, 'summary.md'), 'utf8')]) {
    for (const error of [exited, bogus, thrown]) expect(text.split(error as string).length - 1).toBe(1);
    expect(text).toContain('2 run(s): s1-r0, s1-r1');
  }
});

it('limits.events fails exactly the runs that need more events, the same way on every run, and the sweep finishes (exit 3)', async () => {
  const root = tempDir();
  const free = await pipesim(['run', experiment(root, 'unlimited', 'platform.pools.gpu.capacity: [2, 3]'), '--out', root, '--no-progress']);
  expect(free.code).toBe(0);
  const reference = records(onlyRunDir(root, 'unlimited', readdirSync));
  const counts = reference.map((r) => r.events as number).sort((a, b) => a - b);
  const budget = counts[1] as number;
  const limited = await pipesim(['run', experiment(root, 'limited', 'platform.pools.gpu.capacity: [2, 3]', `limits: { events: ${budget} }`), '--out', root, '--no-progress', '--yes']);
  // (--yes: the estimate, rougher than the budget, would refuse it before anything runs.)
  expect(limited.code).toBe(3);
  const got = new Map(records(onlyRunDir(root, 'limited', readdirSync)).map((r) => [r.runId, r]));
  for (const r of reference) {
    const run = got.get(r.runId);
    if ((r.events as number) <= budget) {
      expect(run?.status).toBe('ok');
      expect(run?.metrics).toEqual(r.metrics);
    } else {
      expect(run?.status).toBe('failed');
      expect(run?.error).toMatch(/^EventBudgetExceeded: event budget exceeded: \d+ events/);
    }
  }
  expect([...got.values()].filter((r) => r.status === 'failed').length).toBe(counts.filter((c) => c > budget).length);
  expect(limited.stdout).toContain('event budget exceeded');
});

it('limits.runSeconds stops a slow run (exit 75, not recorded), and --resume with a longer limit completes it', async () => {
  const root = tempDir();
  // 60 ms a push: a slow run takes ~6 s, far past 3 s, while a FIFO run (thread start included) stays well inside it.
  process.env.PIPESIM_TEST_SLOW_MS = '60';
  onTestFinished(() => { delete process.env.PIPESIM_TEST_SLOW_MS; });
  const file = experiment(root, 'slow', `policy.scheduler: [fifo, ${policy('slow')}]`, 'limits: { runSeconds: 3s }');
  const stopped = await pipesim(['run', file, '--out', root, '--workers', '2', '--no-progress']);
  expect(stopped.code).toBe(75);
  expect(stopped.stderr).toMatch(/2 run\(s\): s1-r0, s1-r1 took longer than limits\.runSeconds/);
  const dir = onlyRunDir(root, 'slow', readdirSync);
  expect(records(dir).map((r) => r.runId).sort()).toEqual(['s0-r0', 's0-r1']);
  expect(summaryOf(dir).complete).toBe(false);
  expect(JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')).status).toBe('interrupted');

  const resumed = await pipesim(['run', '--resume', dir, '--set', 'limits.runSeconds=5m', '--no-progress']);
  expect(resumed.code).toBe(0);
  expect(records(dir).map((r) => r.runId).sort()).toEqual(['s0-r0', 's0-r1', 's1-r0', 's1-r1']);
  expect(records(dir).every((r) => r.status === 'ok')).toBe(true);
  expect(summaryOf(dir).complete).toBe(true);
}, 60_000);

it('prints the estimate of a sweep past 1e9 events before it starts', async () => {
  const root = tempDir();
  // ~1.4e9 events estimated; with --yes and a tiny event budget every run fails at once (exit 3).
  const file = experiment(root, 'announced', 'platform.pools.gpu.capacity: [2]', 'limits: { events: 1000 }');
  writeFileSync(file, readFileSync(file, 'utf8').replace('horizon: 2d', 'horizon: 100000d').replace('mean: 20m', 'mean: 1m'));
  const result = await pipesim(['run', file, '--out', root, '--no-progress', '--yes']);
  expect(result.code).toBe(3);
  expect(result.stderr).toMatch(/^estimate: about 1\.4e9 events over 2 run\(s\), ~\d+ CPU-minutes at 1 M events\/s; up to \d+ MiB per worker$/m);
  expect(result.stderr.indexOf('estimate:')).toBeLessThan(result.stderr.indexOf('Results go to'));
});
