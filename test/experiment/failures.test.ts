/** A run that throws (a bug in a user's policy) is recorded as failed; the others go on. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { onlyRunDir, pipesim, tempDir } from '../helpers/cli.js';

it('records failed runs with their error, scenario and seed, and exits 3', async () => {
  const root = tempDir();
  const experiment = path.join(root, 'buggy.yaml');
  writeFileSync(experiment, readFileSync('test/fixtures/experiments/small-sweep.yaml', 'utf8')
    .replace('name: small-sweep', 'name: buggy')
    .replace('policy.scheduler: [fifo, sjf]', `policy.scheduler: [fifo, ${path.resolve('test/fixtures/policies/throws.ts')}]`)
    .replace('replications: 6', 'replications: 2'));
  const result = await pipesim(['run', experiment, '--out', root, '--workers', '2', '--no-progress']);
  expect(result.code).toBe(3);
  expect(result.stdout).toMatch(/4 run\(s\), 4 FAILED/);
  const dir = onlyRunDir(root, 'buggy', readdirSync);
  const records = readFileSync(path.join(dir, 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const failed = records.filter((r) => r.status === 'failed');
  expect(failed).toHaveLength(4);
  expect(failed[0].error).toContain('policy bug: queue overflow');
  expect(failed[0].parameters['policy.scheduler']).toContain('throws.ts');
  expect(failed[0].seed).toBe(3);
  expect(records.filter((r) => r.status === 'ok')).toHaveLength(4);
  const summary = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8'));
  expect(summary.runs).toEqual({ planned: 8, ok: 4, failed: 4 });
  expect(readFileSync(path.join(dir, 'summary.md'), 'utf8')).toContain('## Failed runs');
});
