/**
 * A forecast interrupted keeps what it found: Ctrl-C prints the growth factors answered so far
 * and exits 130; `--resume` re-evaluates nothing already recorded and ends with the same
 * forecast.json as an uninterrupted forecast.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { onlyRunDir, pipesim, tempDir } from '../helpers/cli.js';

const ARGS = ['forecast', 'experiments/capacity.yaml', '--horizon', '2d', '--replications', '2', '--set', 'warmup=1d', '--set', 'forecast.growth=[1, 1.25, 1.5]', '--set', 'forecast.search.max=40', '--workers', '2'];
const evaluations = (dir: string) => readFileSync(path.join(dir, 'evaluations.jsonl'), 'utf8').split('\n').filter(Boolean);

it('prints what it has on Ctrl-C and resumes to the uninterrupted answer', async () => {
  const whole = tempDir();
  const uninterrupted = await pipesim([...ARGS, '--out', whole]);
  expect(uninterrupted.code).toBe(0);
  const reference = onlyRunDir(whole, 'capacity', readdirSync);
  const answer = readFileSync(path.join(reference, 'forecast.json'), 'utf8');
  const { evaluations: searched, checks } = JSON.parse(answer) as { evaluations: number; checks: number };
  const total = searched + checks;
  expect(evaluations(reference)).toHaveLength(total);
  // Like every results folder, a forecast's holds summary.md (the forecast's tables).
  expect(readFileSync(path.join(reference, 'summary.md'), 'utf8')).toBe(readFileSync(path.join(reference, 'forecast.md'), 'utf8'));

  const root = tempDir();
  // Interrupt once the first growth factor is answered and the search has moved on.
  const interrupted = await pipesim([...ARGS, '--out', root], (child) => {
    let sent = false;
    child.stderr?.on('data', (d: Buffer) => {
      if (!sent && /^growth 1\.25×/m.test(d.toString())) {
        sent = true;
        child.kill('SIGINT');
      }
    });
  });
  expect(interrupted.code).toBe(130);
  expect(interrupted.stdout).toMatch(/^1×\s+\d+\s+\d+/m);
  expect(interrupted.stdout).not.toMatch(/^1.5×/m);
  const dir = onlyRunDir(root, 'capacity', readdirSync);
  expect(interrupted.stderr).toContain(`pipesim forecast --resume ${dir}`);
  expect(JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')).status).toBe('interrupted');
  const partial = JSON.parse(readFileSync(path.join(dir, 'forecast.json'), 'utf8')) as { complete: boolean; steps: unknown[] };
  expect(partial.complete).toBe(false);
  expect(partial.steps.length).toBeGreaterThanOrEqual(1);
  const kept = evaluations(dir).length;
  expect(kept).toBeLessThan(total);

  const resumed = await pipesim(['forecast', '--resume', dir, '--workers', '2']);
  expect(resumed.code).toBe(0);
  expect(readFileSync(path.join(dir, 'forecast.json'), 'utf8')).toBe(answer);
  // The same pages as the uninterrupted forecast's.
  for (const page of ['report.html', 'summary.md']) expect(readFileSync(path.join(dir, page), 'utf8'), page).toBe(readFileSync(path.join(reference, page), 'utf8'));
  // Each evaluation made once: the resumed search took the recorded ones from the file.
  expect(evaluations(dir)).toHaveLength(total);
  expect(resumed.stderr.match(/^growth /gm)).toHaveLength(total - kept);
});

it('takes --horizon, --replications and --set, and refuses them with --resume', async () => {
  const root = tempDir();
  const result = await pipesim(['forecast', 'experiments/capacity.yaml', '--horizon', '1d', '--replications', '3', '--set', 'forecast.growth=[1]', '--set', 'warmup=1h', '--out', root, '--workers', '2', '--json']);
  expect(result.code).toBe(0);
  const report = JSON.parse(result.stdout) as { replications: number; steps: { growth: number }[] };
  expect(report.replications).toBe(3);
  expect(report.steps.map((s) => s.growth)).toEqual([1]);
  const dir = onlyRunDir(root, 'capacity', readdirSync);
  expect(readFileSync(path.join(dir, 'experiment.resolved.yaml'), 'utf8')).toMatch(/^horizon: 86400$/m);
  const refused = await pipesim(['forecast', '--resume', dir, '--horizon', '2d']);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('--resume continues a forecast exactly as it started');
});
