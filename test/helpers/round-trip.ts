/** The legs of the results-folder round trip, run on every experiment and fixture (round-trip*.test.ts). */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { parse } from 'yaml';
import { onlyRunDir, pipesim, runsFileUnder, tempDir, whenFound, warningsIn } from './cli.js';

/** Every experiment fixture (small, one per feature the round trip must carry). */
export const FIXTURES = readdirSync('test/fixtures/experiments').filter((f) => f.endsWith('.yaml')).map((f) => path.join('test/fixtures/experiments', f));

/** Every experiment the project ships and every fixture: a new file is covered without a new test. */
export const FILES = [
  ...readdirSync('experiments').filter((f) => f.endsWith('.yaml')).map((f) => path.join('experiments', f)),
  ...FIXTURES,
];

/**
 * Short runs of any experiment: one simulated day after two hours of warm-up (a replayed trace
 * keeps its own warm-up: it starts when the trace does), 2 replications (a sequential plan
 * keeps its own).
 */
export function briefly(file: string, replications = 2, horizon = '1d'): string[] {
  const doc = parse(readFileSync(file, 'utf8')) as { replications?: unknown; workload?: { replay?: unknown } };
  const sequential = typeof doc.replications === 'object' && doc.replications !== null;
  return ['--horizon', horizon, ...(doc.workload?.replay ? [] : ['--set', 'warmup=2h']), ...(sequential ? [] : ['--replications', String(replications)])];
}

export const nameOf = (file: string) => (parse(readFileSync(file, 'utf8')) as { name?: string }).name ?? path.basename(file, '.yaml');

/** The run ids recorded in a folder's runs.jsonl, in file order. */
export const recordedIds = (dir: string) =>
  readFileSync(path.join(dir, 'runs.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { runId: string }).runId);

/** The examples stay true (SimPy's examples-as-tests): complete, nothing failed, every scenario completes pipelines. */
export function expectExamplesHold(summaryJson: string): void {
  const parsed = JSON.parse(summaryJson) as { complete: boolean; runs: { failed: number }; scenarios: { metrics: Record<string, { mean: number }> }[] };
  expect(parsed.complete).toBe(true);
  expect(parsed.runs.failed).toBe(0);
  for (const s of parsed.scenarios) expect(s.metrics['pipeline.completed']?.mean).toBeGreaterThan(0);
}

/**
 * Runs `file` briefly into a new root; with `kill`, with 12 replications of 3 days (room to stop
 * mid-sweep: with 6 of 1 day the fastest experiment once finished before the kill landed) and
 * SIGKILLed as soon as its first run is on disk. Returns its folder.
 */
export async function runBriefly(file: string, kill = false): Promise<string> {
  const root = tempDir();
  const result = await pipesim(['run', file, ...(kill ? briefly(file, 12, '3d') : briefly(file)), '--workers', '1', '--out', root, '--no-progress'], kill ? (child) => {
    whenFound(child, () => runsFileUnder(root, nameOf(file)), () => child.kill('SIGKILL'));
  } : undefined);
  if (kill) expect(result.signal).toBe('SIGKILL');
  else {
    expect(warningsIn(result.stderr)).toBe('');
    expect(result.code).toBe(0);
  }
  return onlyRunDir(root, nameOf(file), readdirSync);
}

/** Re-runs a folder's experiment.resolved.yaml from elsewhere, with two workers; its summary.json. */
export async function rerunResolved(dir: string, name: string): Promise<string> {
  const again = tempDir();
  const rerun = await pipesim(['run', path.join(dir, 'experiment.resolved.yaml'), '--workers', '2', '--out', again, '--no-progress']);
  expect(warningsIn(rerun.stderr)).toBe('');
  expect(rerun.code).toBe(0);
  return readFileSync(path.join(onlyRunDir(again, name, readdirSync), 'summary.json'), 'utf8');
}
