/**
 * Sharded sweeps: three shards as separate processes, then merge, give byte-identical
 * aggregates to a single machine, and gather the shards' recordings; shard assignment is a balanced partition; the batch
 * schedulers' environment variables select the shard.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExperiment } from '../../src/experiment/load.js';
import { expectedCost, parseShard, shardFromEnvironment, shardRunIds } from '../../src/experiment/shard.js';
import { onlyRunDir, pipesim, tempDir } from '../helpers/cli.js';

const EXPERIMENT = 'test/fixtures/experiments/small-sweep.yaml';
const FILES = ['summary.json', 'scenarios.csv', 'summary.md'];

it('three shards in separate processes plus merge equal a single run', async () => {
  const single = tempDir();
  expect((await pipesim(['run', EXPERIMENT, '--out', single, '--no-progress'])).code).toBe(0);
  const reference = onlyRunDir(single, 'small-sweep', readdirSync);

  const shared = tempDir();
  const shards = await Promise.all([1, 2, 3].map((i) => pipesim(['run', EXPERIMENT, '--shard', `${i}/3`, '--workers', '1', '--timeseries', '1d', '--out', shared, '--no-progress'])));
  for (const s of shards) {
    expect(s.code).toBe(0);
    expect(s.stderr).toMatch(/When every shard is: pipesim merge /);
  }
  const runDir = onlyRunDir(shared, 'small-sweep', readdirSync);
  expect(readdirSync(runDir).sort()).toEqual(['shard-1-of-3', 'shard-2-of-3', 'shard-3-of-3']);
  const counts = [1, 2, 3].map((i) => readFileSync(path.join(runDir, `shard-${i}-of-3`, 'runs.jsonl'), 'utf8').trim().split('\n').length);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(24);

  const merged = await pipesim(['merge', runDir]);
  expect(merged.code).toBe(0);
  for (const file of FILES) expect(readFileSync(path.join(runDir, file), 'utf8')).toBe(readFileSync(path.join(reference, file), 'utf8'));
  // Recordings are gathered too, every shard's tagged with the sweep's one run name.
  expect(readdirSync(path.join(runDir, 'timeseries')).sort()).toEqual(['s0-r0.lp', 's1-r0.lp', 's2-r0.lp', 's3-r0.lp']);
  const runLines = readFileSync(path.join(runDir, 'runs.lp'), 'utf8').trim().split('\n');
  expect(runLines).toHaveLength(24);
  for (const l of runLines) expect(l).toContain(`,run=${path.basename(runDir)},`);

  // A lost shard is reported as missing runs, not silently aggregated.
  rmSync(path.join(runDir, 'shard-2-of-3'), { recursive: true });
  const partial = await pipesim(['merge', runDir]);
  expect(partial.code).toBe(4);
  expect(partial.stderr).toMatch(new RegExp(`${counts[1]} run\\(s\\) missing`));
});

describe('shard assignment', () => {
  it('partitions the runs and balances their expected cost', async () => {
    const experiment = await loadExperiment(EXPERIMENT, { set: [['replications', 20]] });
    const shards = [0, 1, 2].map((index) => shardRunIds(experiment, { index, count: 3 }));
    const all = shards.flatMap((s) => [...s]);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(4 * 20);
    const cost = (ids: Set<string>) => [...ids].reduce((sum, id) => sum + expectedCost(experiment.scenarios[Number(/^s(\d+)/.exec(id)![1])]!.scenario), 0);
    const costs = shards.map(cost);
    expect(Math.max(...costs) / Math.min(...costs)).toBeLessThan(1.1);
  });

  it('reads i/n and the batch schedulers\' variables', () => {
    expect(parseShard('2/3')).toEqual({ index: 1, count: 3 });
    expect(() => parseShard('4/3')).toThrow(/1 ≤ i ≤ n/);
    expect(shardFromEnvironment({ JOB_COMPLETION_INDEX: '0', PIPESIM_SHARDS: '4' })).toEqual({ index: 0, count: 4 });
    expect(shardFromEnvironment({ SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '5' })).toEqual({ index: 2, count: 5 });
    expect(shardFromEnvironment({})).toBeUndefined();
    expect(() => shardFromEnvironment({ JOB_COMPLETION_INDEX: '1' })).toThrow(/PIPESIM_SHARDS/);
  });
});
