/** `pipesim compare` on a finished sweep, and a `compare:` section in the experiment file. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { onlyRunDir, pipesim, tempDir } from '../helpers/cli.js';

it('compares each scenario with the baseline at the same other grid values', async () => {
  const root = tempDir();
  const run = await pipesim(['run', 'test/fixtures/experiments/small-sweep.yaml', '--out', root, '--no-progress']);
  expect(run.code).toBe(0);
  const dir = onlyRunDir(root, 'small-sweep', readdirSync);
  const result = await pipesim(['compare', dir, '--baseline', 'policy.scheduler=fifo', '--metric', 'pipeline.wait.mean', '--json']);
  expect(result.code).toBe(0);
  const report = JSON.parse(result.stdout);
  // sjf@2 vs fifo@2 and sjf@3 vs fifo@3.
  expect(report.comparisons.map((c: { label: string; baselineLabel: string }) => [c.label, c.baselineLabel])).toEqual([
    ['scheduler=sjf, capacity=2', 'scheduler=fifo, capacity=2'],
    ['scheduler=sjf, capacity=3', 'scheduler=fifo, capacity=3'],
  ]);
  expect(report.comparisons[0].pairs).toBe(6);
  // Policies are ranked at each capacity, never across capacities.
  expect(report.rankings.map((g: { group: string; entries: unknown[] }) => [g.group, g.entries.length])).toEqual([
    ['platform.pools.gpu.capacity=2', 2], ['platform.pools.gpu.capacity=3', 2],
  ]);
  expect(report.minEffect).toBe(0.05);
  expect(['better', 'worse', 'equivalent', 'inconclusive']).toContain(report.comparisons[0].verdict);
  expect(existsSync(path.join(dir, 'comparison.json'))).toBe(true);
  expect(readFileSync(path.join(dir, 'comparison.md'), 'utf8')).toContain('## Ranking by pipeline.wait.mean at platform.pools.gpu.capacity=2');
  const strict = await pipesim(['compare', dir, '--baseline', 'policy.scheduler=fifo', '--min-effect', '0.9', '--json']);
  expect(JSON.parse(strict.stdout).comparisons.map((c: { verdict: string }) => c.verdict)).not.toContain('better');
  const bad = await pipesim(['compare', dir, '--baseline', 'policy.scheduler=fifo', '--min-effect', '5']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--min-effect: expected a relative change between 0 and 1');

  const wrong = await pipesim(['compare', dir, '--baseline', 'policy.scheduler=lifo']);
  expect(wrong.code).toBe(2);
  expect(wrong.stderr).toMatch(/baseline value policy\.scheduler="lifo" is not in the grid \(values: "fifo", "sjf"\)/);
});

it('writes the comparison with the results when the experiment has a compare: section', async () => {
  const root = tempDir();
  const file = path.join(root, 'with-compare.yaml');
  writeFileSync(file, readFileSync('test/fixtures/experiments/small-sweep.yaml', 'utf8').replace('name: small-sweep', 'name: with-compare') +
    'compare:\n  baseline: { policy.scheduler: fifo }\n  metrics: [pipeline.wait.mean]\n');
  const result = await pipesim(['run', file, '--out', root, '--no-progress']);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('Ranking by pipeline.wait.mean');
  const dir = onlyRunDir(root, 'with-compare', readdirSync);
  expect(JSON.parse(readFileSync(path.join(dir, 'comparison.json'), 'utf8')).comparisons).toHaveLength(2);
  expect(readFileSync(path.join(dir, 'summary.md'), 'utf8')).toContain('## Comparison');

  // A later `pipesim compare` replaces the comparison everywhere, summary.md included.
  const again = await pipesim(['compare', dir, '--baseline', 'policy.scheduler=fifo', '--metric', 'pipeline.latency.mean']);
  expect(again.code).toBe(0);
  const markdown = readFileSync(path.join(dir, 'summary.md'), 'utf8');
  expect(markdown).toContain('## Ranking by pipeline.latency.mean');
  expect(markdown).not.toContain('## Ranking by pipeline.wait.mean');

  // --json prints the comparison beside the summary.
  const json = await pipesim(['run', file, '--out', root, '--no-progress', '--json']);
  const printed = JSON.parse(json.stdout);
  expect(printed.scenarios).toHaveLength(4);
  expect(printed.comparison.comparisons).toHaveLength(2);
});
