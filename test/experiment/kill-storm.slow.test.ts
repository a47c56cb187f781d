/**
 * A seeded campaign of interruptions: 40 sweeps, each interrupted at a random moment (after its
 * results folder appears, or for one in four counted from the process's start) by SIGINT,
 * SIGTERM, a double Ctrl-C or SIGKILL (some resumes are interrupted again), and resumed until
 * complete (or, if killed before its folder appeared, run again). Every one ends with the uninterrupted summary.json byte for byte and
 * every run recorded exactly once.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import seedrandom from 'seedrandom';
import { beforeAll, expect, it } from 'vitest';
import { onlyRunDir, pipesim, runDirUnder, tempDir, whenFound } from '../helpers/cli.js';

const EXPERIMENT = 'test/fixtures/experiments/small-sweep.yaml';
const ARGS = ['--horizon', '15d', '--no-progress'];
const random = seedrandom('pipesim-kill-storm');
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGINT-twice', 'SIGKILL'] as const;

let reference: string;
beforeAll(async () => {
  const root = tempDir();
  expect((await pipesim(['run', EXPERIMENT, ...ARGS, '--out', root])).code).toBe(0);
  reference = readFileSync(path.join(onlyRunDir(root, 'small-sweep', readdirSync), 'summary.json'), 'utf8');
});

/** Runs `args`, interrupting it with `signal` `delayMs` after `find` first finds something (if still running). */
function interrupted(args: string[], signal: (typeof SIGNALS)[number], delayMs: number, find: () => string | undefined = () => '') {
  return pipesim(args, (child) => {
    let timer: NodeJS.Timeout | undefined;
    whenFound(child, find, () => {
      timer = setTimeout(() => {
        if (signal === 'SIGINT-twice') {
          child.kill('SIGINT');
          setTimeout(() => child.kill('SIGINT'), 5);
        } else child.kill(signal);
      }, delayMs);
    });
    child.on('close', () => clearTimeout(timer));
  });
}

const trials = Array.from({ length: 40 }, (_, i) => ({
  i,
  // One trial in four counts from the process's start, so some land while the folder is being made.
  fromStart: i % 4 === 3,
  signal: SIGNALS[Math.floor(random() * SIGNALS.length)] as (typeof SIGNALS)[number],
  delayMs: Math.floor(random() * 1500),
  workers: String(1 + Math.floor(random() * 2)),
  again: random() < 0.3,
}));

it.each(trials)('trial $i: $signal after $delayMs ms (from start: $fromStart), $workers worker(s)', async ({ fromStart, signal, delayMs, workers, again }) => {
  const root = tempDir();
  const args = ['run', EXPERIMENT, ...ARGS, '--workers', workers, '--out', root];
  // From the moment the run folder appears (whole: it is assembled under a hidden name first),
  // or from the process's start.
  const first = fromStart
    ? await interrupted(args, signal, 500 + (delayMs % 700))
    : await interrupted(args, signal, delayMs, () => runDirUnder(root, 'small-sweep'));
  expect([0, 130, null]).toContain(first.code);
  expect(first.stderr).not.toMatch(/internal error|\n\s+at /);
  // Killed before its folder appeared: there is nothing to resume, and nothing that looks like a run.
  const visible = existsSync(path.join(root, 'small-sweep')) ? readdirSync(path.join(root, 'small-sweep')).filter((d) => !d.startsWith('.')) : [];
  if (visible.length === 0) {
    expect(fromStart).toBe(true);
    expect((await pipesim(args)).code).toBe(0);
  }
  const dir = onlyRunDir(root, 'small-sweep', (p) => readdirSync(p).filter((d) => !d.startsWith('.')));
  if (again) {
    const second = await interrupted(['run', '--resume', dir, '--workers', workers, '--no-progress'], signal, 100);
    expect([0, 130, null]).toContain(second.code);
  }
  const resumed = await pipesim(['run', '--resume', dir, '--workers', '2', '--no-progress']);
  expect(resumed.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(resumed.code).toBe(0);
  expect(readFileSync(path.join(dir, 'summary.json'), 'utf8')).toBe(reference);
  const ids = readFileSync(path.join(dir, 'runs.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { runId: string }).runId);
  expect(ids).toHaveLength(24);
  expect(new Set(ids).size).toBe(24);
});
