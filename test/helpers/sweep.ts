/** A small sweep through the built CLI on a given number of worker threads (many-workers tests). */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { onlyRunDir, pipesim, tempDir } from './cli.js';

/** 64 runs (4 scenarios × 16 replications), short: enough work for 64 threads at once. */
const SWEEP = ['run', 'test/fixtures/experiments/small-sweep.yaml', '--horizon', '2d', '--replications', '16', '--no-progress'];

/** The sweep on `workers` threads; its summary.json. */
export async function sweepOn(workers: number): Promise<string> {
  const root = tempDir();
  const result = await pipesim([...SWEEP, '--workers', String(workers), '--out', root]);
  expect(result.stderr).not.toMatch(/FATAL|internal error/);
  expect(result.code).toBe(0);
  return readFileSync(path.join(onlyRunDir(root, 'small-sweep', readdirSync), 'summary.json'), 'utf8');
}
