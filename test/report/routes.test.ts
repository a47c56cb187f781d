/**
 * One page generator for every route: a sweep run whole, resumed, run in shards and merged, or
 * compared afterwards writes the same report.html and summary.md, and run and merge print the
 * same --json.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { onlyRunDir, pipesim, tempDir } from '../helpers/cli.js';

const PAGES = ['report.html', 'summary.md'];

it('run, --resume, shards + merge and compare give the same pages; run and merge the same --json', async () => {
  const root = tempDir();
  const file = path.join(root, 'routes.yaml');
  writeFileSync(file, readFileSync('test/fixtures/experiments/small-sweep.yaml', 'utf8').replace('name: small-sweep', 'name: routes') +
    'compare:\n  baseline: { policy.scheduler: fifo }\n');
  const whole = tempDir();
  const run = await pipesim(['run', file, '--out', whole, '--no-progress', '--json']);
  expect(run.code).toBe(0);
  const reference = onlyRunDir(whole, 'routes', readdirSync);
  const page = (dir: string, name: string) => readFileSync(path.join(dir, name), 'utf8');
  expect(page(reference, 'report.html')).toContain('<h2>Comparison</h2>');
  expect(JSON.parse(run.stdout).comparison.comparisons.length).toBeGreaterThan(0);

  // Compared again afterwards, with the experiment's own settings.
  const compared = tempDir();
  cpSync(reference, compared, { recursive: true });
  expect((await pipesim(['compare', compared, '--baseline', 'policy.scheduler=fifo'])).code).toBe(0);
  for (const name of PAGES) expect(page(compared, name), name).toBe(page(reference, name));

  // Resumed with nothing left to run.
  const resumedRoot = tempDir();
  const resumed = path.join(resumedRoot, 'routes', 'again');
  cpSync(reference, resumed, { recursive: true });
  expect((await pipesim(['run', '--resume', resumed, '--no-progress'])).code).toBe(0);
  for (const name of PAGES) expect(page(resumed, name), name).toBe(page(reference, name));

  // In two shards, then merged.
  const shared = tempDir();
  for (const i of [1, 2]) expect((await pipesim(['run', file, '--shard', `${i}/2`, '--out', shared, '--no-progress'])).code).toBe(0);
  const sharded = onlyRunDir(shared, 'routes', readdirSync);
  const merged = await pipesim(['merge', sharded, '--json']);
  expect(merged.code).toBe(0);
  for (const name of PAGES) expect(page(sharded, name), name).toBe(page(reference, name));
  expect(merged.stdout).toBe(run.stdout);
});
