/**
 * `pipesim compare A B`: two results folders of one experiment, each scenario of B against the
 * same scenario of A, paired by replication. The same experiment twice gives no difference at
 * all; a changed policy module shows up, with the unchanged scenarios equivalent.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { onlyRunDir, pipesim, tempDir } from '../helpers/cli.js';

it('compares two folders of one experiment scenario by scenario, and refuses folders of two experiments', async () => {
  const folder = tempDir();
  const policy = path.join(folder, 'mine.mts');
  const experiment = path.join(folder, 'sweep.yaml');
  writeFileSync(experiment, readFileSync('test/fixtures/experiments/small-sweep.yaml', 'utf8').replace('[fifo, sjf]', '[fifo, ./mine.mts]'));
  const queue = (order: 'fifo' | 'lifo') => `class Q { q: number[] = []; get length() { return this.q.length; } push(t: number) { this.q.push(t); } peek() { return this.q.length > 0 ? this.q[${order === 'fifo' ? '0' : 'this.q.length - 1'}]! : -1; } pop() { return this.q.length > 0 ? this.q.${order === 'fifo' ? 'shift' : 'pop'}()! : -1; } }\nexport default { name: 'mine', createQueue: () => new Q() };\n`;
  writeFileSync(policy, queue('fifo'));
  const args = ['run', experiment, '--horizon', '8d', '--replications', '4', '--no-progress', '--no-cache'];
  const before = tempDir();
  expect((await pipesim([...args, '--out', before])).code).toBe(0);
  const again = tempDir();
  expect((await pipesim([...args, '--out', again])).code).toBe(0);
  writeFileSync(policy, queue('lifo'));
  const after = tempDir();
  expect((await pipesim([...args, '--out', after])).code).toBe(0);
  const [a, b, c] = [before, again, after].map((root) => onlyRunDir(root, 'small-sweep', readdirSync));

  type Report = { comparisons: { label: string; baselineLabel: string; metric: string; meanDifference: number; pairs: number; verdict: string }[] };
  const same = await pipesim(['compare', a!, b!, '--json', '--metric', 'pipeline.wait.mean']);
  expect(same.code, same.stderr).toBe(0);
  const sameReport = JSON.parse(same.stdout) as Report;
  expect(sameReport.comparisons).toHaveLength(4);
  for (const row of sameReport.comparisons) {
    expect(row.meanDifference).toBe(0);
    expect(row.pairs).toBe(4);
    expect(row.verdict).toBe('equivalent');
    expect(row.label.replace(/ \(.*\)$/, '')).toBe(row.baselineLabel.replace(/ \(.*\)$/, ''));
  }

  const changed = JSON.parse((await pipesim(['compare', a!, c!, '--json', '--metric', 'pipeline.wait.mean'])).stdout) as Report;
  const mine = changed.comparisons.filter((r) => r.label.includes('mine'));
  const fifo = changed.comparisons.filter((r) => !r.label.includes('mine'));
  expect(mine.length).toBe(2);
  for (const row of fifo) expect(row.meanDifference).toBe(0);
  for (const row of mine) expect(row.meanDifference).not.toBe(0);
  // Terminal text names both folders.
  const text = await pipesim(['compare', a!, c!]);
  expect(text.stdout).toContain(`(${path.basename(c!)})`);
  expect(text.stdout).toContain(`(${path.basename(a!)})`);

  const otherRoot = tempDir();
  expect((await pipesim(['run', 'experiments/mmc.yaml', '--horizon', '1d', '--out', otherRoot, '--no-progress'])).code).toBe(0);
  const refused = await pipesim(['compare', a!, onlyRunDir(otherRoot, 'mmc', readdirSync)]);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(/holds experiment 'mmc'.*compare two runs of one experiment/);
});
