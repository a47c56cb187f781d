/**
 * What runs record besides metrics, without a server: time series on by default for a single
 * run and off for sweeps, task events when asked, all as valid line protocol; and the report
 * charts a run's utilisation over time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { line, runTags } from '../../src/output/line-protocol.js';
import { readLines } from '../../src/output/recordings.js';
import { onlyRunDir, pipesim, tempDir } from '../helpers/cli.js';

describe('line protocol', () => {
  it('escapes tags, sorts them, drops NaN fields, and names keys with underscores', () => {
    const tags = runTags('exp', '2026-01-01T00-00-00', 'capacity=8, scheduler=sjf', { 'platform.pools.gpu.capacity': 8 }, 2);
    expect(line('pipesim_run', tags, { 'pipeline.wait.mean': 1.5, 'tenant.a.wait.mean': NaN }, 1000n)).toBe(
      'pipesim_run,experiment=exp,platform_pools_gpu_capacity=8,replication=2,run=2026-01-01T00-00-00,scenario=capacity\\=8\\,\\ scheduler\\=sjf pipeline_wait_mean=1.5 1000',
    );
    expect(line('m', {}, { a: NaN }, 1n)).toBeUndefined();
  });
});

describe('recordings in the results folder', () => {
  const runOnce = async (args: string[], experiment = 'experiments/mmc.yaml', name = 'mmc') => {
    const out = tempDir();
    const result = await pipesim(['run', experiment, '--horizon', '2d', '--out', out, '--no-progress', ...args]);
    expect(result.code).toBe(0);
    return onlyRunDir(out, name, readdirSync);
  };

  it('a single run records hourly time series by default, and its report charts them', async () => {
    const dir = await runOnce([]);
    const series = readLines(path.join(dir, 'timeseries', 's0-r0.lp'));
    // 2 days after a 2-day warm-up: 96 hours, one pool line and one platform line each.
    expect(series.length).toBe(2 * 96);
    expect(series[0]).toMatch(/^pipesim_pool,experiment=mmc,pool=server,replication=0,run=[^ ]+,scenario=base utilisation=[\d.e-]+,queue=[\d.e-]+ 1704070800000000000$/);
    expect(readFileSync(path.join(dir, 'report.html'), 'utf8')).toContain('"id":"series-utilisation"');
    expect(readLines(path.join(dir, 'runs.lp'))).toHaveLength(1);
  });

  it('--timeseries off records none; a sweep records none unless asked', async () => {
    expect(readdirSync(await runOnce(['--timeseries', 'off']))).not.toContain('timeseries');
    const sweep = await runOnce(['--replications', '2'], 'test/fixtures/experiments/small-sweep.yaml', 'small-sweep');
    expect(readdirSync(sweep)).not.toContain('timeseries');
    expect(readLines(path.join(sweep, 'runs.lp')).length).toBeGreaterThan(2);
  });

  it('--events records about the asked share of tasks, each with its wait', async () => {
    const all = readLines(path.join(await runOnce(['--events', '1']), 'events', 's0-r0.lp'));
    const half = readLines(path.join(await runOnce(['--events', '0.5']), 'events', 's0-r0.lp'));
    expect(Math.abs(half.length / all.length - 0.5)).toBeLessThan(0.05);
    for (const l of all.slice(0, 50)) {
      const wait = Number(/wait=([^,]+)/.exec(l)![1]);
      const ready = Number(/ready=([^,]+)/.exec(l)![1]);
      const start = Number(/start=([^,]+)/.exec(l)![1]);
      expect(wait).toBeCloseTo(start - ready, 9);
    }
    const stamps = all.map((l) => BigInt(l.split(' ').at(-1)!));
    expect(new Set(stamps).size).toBe(stamps.length);
  });
});
