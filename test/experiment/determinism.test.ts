/**
 * A run is a pure function of the experiment and seed: summary.json is byte-identical for 1,
 * 2 and 4 workers, and after an interrupted-then-resumed run.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { onlyRunDir, pipesim, tempDir, warningsIn } from '../helpers/cli.js';

const EXPERIMENT = path.resolve('test/fixtures/experiments/small-sweep.yaml');
const FILES = ['summary.json', 'scenarios.csv', 'summary.md'];

async function runWith(workers: number): Promise<string> {
  const root = tempDir();
  const result = await pipesim(['run', EXPERIMENT, '--workers', String(workers), '--out', root, '--no-progress']);
  expect(warningsIn(result.stderr)).toBe('');
  expect(result.code).toBe(0);
  return onlyRunDir(root, 'small-sweep', readdirSync);
}

describe('determinism', () => {
  it('gives byte-identical aggregates with 1, 2 and 4 workers', async () => {
    const [one, two, four] = await Promise.all([runWith(1), runWith(2), runWith(4)]);
    for (const file of FILES) {
      const reference = readFileSync(path.join(one!, file), 'utf8');
      expect(readFileSync(path.join(two!, file), 'utf8')).toBe(reference);
      expect(readFileSync(path.join(four!, file), 'utf8')).toBe(reference);
    }
    const summary = JSON.parse(readFileSync(path.join(one!, 'summary.json'), 'utf8'));
    expect(summary.complete).toBe(true);
    expect(summary.scenarios).toHaveLength(4);
    expect(summary.scenarios[0].metrics['pipeline.wait.mean'].n).toBe(6);
    expect(readFileSync(path.join(one!, 'runs.jsonl'), 'utf8').trim().split('\n')).toHaveLength(24);
  });

  it('keeps finished runs on Ctrl-C and resumes to the same aggregates', async () => {
    const reference = await runWith(2);
    const root = tempDir();
    const interrupted = await pipesim(['run', EXPERIMENT, '--workers', '1', '--out', root, '--no-progress'], (child) => {
      // Interrupt once a few runs are on disk.
      const timer = setInterval(() => {
        const base = path.join(root, 'small-sweep');
        if (!existsSync(base)) return;
        const runs = path.join(base, readdirSync(base)[0] ?? '', 'runs.jsonl');
        if (existsSync(runs) && readFileSync(runs, 'utf8').split('\n').length > 5) {
          clearInterval(timer);
          child.kill('SIGINT');
        }
      }, 20);
    });
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain('Continue with: pipesim run --resume');
    const dir = onlyRunDir(root, 'small-sweep', readdirSync);
    const kept = readFileSync(path.join(dir, 'runs.jsonl'), 'utf8').trim().split('\n').length;
    expect(kept).toBeGreaterThanOrEqual(5);
    expect(kept).toBeLessThan(24);
    expect(JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')).complete).toBe(false);

    const resumed = await pipesim(['run', '--resume', dir, '--workers', '2', '--no-progress']);
    expect(resumed.code).toBe(0);
    expect(readFileSync(path.join(dir, 'runs.jsonl'), 'utf8').trim().split('\n')).toHaveLength(24);
    for (const file of FILES) expect(readFileSync(path.join(dir, file), 'utf8')).toBe(readFileSync(path.join(reference, file), 'utf8'));
  });

  it('refuses to resume a folder that is not a PipeSim run', async () => {
    const result = await pipesim(['run', '--resume', tempDir()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is not a PipeSim results folder/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
