/**
 * A replayed trace with rows it cannot run: the run replays the rest and says what it left
 * out, by reason with line numbers, on the terminal and in run.json; never silently.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { pipesim, tempDir } from '../helpers/cli.js';

it('replays 150 of 200 rows and names the 50 it cannot, by reason with line numbers', async () => {
  const dir = tempDir();
  const rows: string[] = [];
  for (let i = 0; i < 200; i++) {
    const t = `2024-01-01 ${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`;
    // Lines are i + 2: rows 0-9 lack a time, 10-29 a duration, 30-49 used no GPU.
    rows.push(i < 10 ? `soon,60,1` : i < 30 ? `${t},n/a,1` : i < 50 ? `${t},60,0` : `${t},60,1`);
  }
  writeFileSync(path.join(dir, 'jobs.csv'), `submit,duration,gpus\n${rows.join('\n')}\n`);
  writeFileSync(path.join(dir, 'replay.yaml'), [
    'name: replay-rows', 'horizon: 1d', 'warmup: 0', 'replications: 1',
    'platform: { pools: { gpu: { capacity: 8 } } }',
    'workload: { replay: { trace: jobs.csv } }',
    'tasks: { job: { pool: gpu } }',
  ].join('\n'));
  const result = await pipesim(['run', path.join(dir, 'replay.yaml'), '--out', dir, '--no-progress', '--no-cache']);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stderr).toContain('jobs.csv: replaying 150 of its 200 rows (kept in run.json)');
  expect(result.stderr).toMatch(/10 rows skipped, no submission time: .*not a date, time or number; lines 2, 3, 4, 5, 6, \.\.\./);
  expect(result.stderr).toMatch(/20 arrivals not replayed: duration unknown; lines 12, 13, 14, 15, 16, \.\.\./);
  expect(result.stderr).toMatch(/20 arrivals not replayed: 0 units .*; lines 32, 33, 34, 35, 36, \.\.\./);
  const folder = result.stdout.match(/Results: (\S+)/)?.[1] ?? result.stderr.match(/Results go to (\S+)/)?.[1];
  expect(folder).toBeDefined();
  const manifest = JSON.parse(readFileSync(path.join(folder!, 'run.json'), 'utf8'));
  expect(manifest.replays).toHaveLength(1);
  expect(manifest.replays[0]).toMatchObject({ rows: 200, arrivals: 190, replayed: 150 });
  expect(manifest.replays[0].notReplayed.map((r: { count: number }) => r.count)).toEqual([20, 20]);
  const summary = JSON.parse(readFileSync(path.join(folder!, 'summary.json'), 'utf8'));
  expect(summary.scenarios[0].metrics['pipeline.arrived'].mean).toBe(150);
});
