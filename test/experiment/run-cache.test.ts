/**
 * The run cache: a sweep grown by one grid value runs only the new scenario's runs and ends with
 * the summary a cold run gives, byte for byte; a forecast run twice takes every run from the
 * cache; --no-cache runs everything and keeps nothing; and the cache never serves a run that is
 * not the one asked for.
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/core/records.js';
import { RunCache } from '../../src/experiment/run-cache.js';
import type { RunSpec } from '../../src/experiment/run-spec.js';
import { pipesim, tempDir } from '../helpers/cli.js';

const SWEEP = ['run', 'experiments/mmc.yaml', '--horizon', '2d', '--replications', '4', '--no-progress'];
const grid = (capacities: number[]) => ['--set', `grid={"platform.pools.server.capacity":[${capacities.join(',')}]}`];
const folders = (root: string) => readdirSync(path.join(root, 'mmc')).sort().map((d) => path.join(root, 'mmc', d));
const summaryOf = (dir: string) => readFileSync(path.join(dir, 'summary.json'), 'utf8');
const manifestOf = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')) as { fromCache?: number };

describe('the run cache', () => {
  it('runs only the new scenario when a grid grows, and gives the cold summary byte for byte', async () => {
    const root = tempDir();
    const first = await pipesim([...SWEEP, ...grid([8, 9]), '--out', root]);
    expect(first.code).toBe(0);
    expect(first.stdout).not.toContain('from the run cache');
    expect((await pipesim(['cache', 'stats', '--out', root])).stdout).toMatch(/^8 run\(s\), /);

    const grown = await pipesim([...SWEEP, ...grid([8, 9, 10]), '--out', root]);
    expect(grown.code).toBe(0);
    expect(grown.stdout).toContain('12 run(s) (8 from the run cache)');
    const [, warm] = folders(root) as [string, string];
    expect(manifestOf(warm).fromCache).toBe(8);
    expect((await pipesim(['cache', 'stats', '--out', root])).stdout).toMatch(/^12 run\(s\), /);

    const coldRoot = tempDir();
    const cold = await pipesim([...SWEEP, ...grid([8, 9, 10]), '--out', coldRoot, '--no-cache']);
    expect(cold.code).toBe(0);
    const [coldDir] = folders(coldRoot) as [string];
    expect(summaryOf(warm)).toBe(summaryOf(coldDir));
    expect(manifestOf(coldDir).fromCache).toBeUndefined();
    // No cache folder beside the results (only the experiment's folder and the index).
    expect(readdirSync(coldRoot)).toEqual(['index.html', 'mmc']);

    // Another seed is another run: nothing from the cache.
    const reseeded = await pipesim([...SWEEP, ...grid([8, 9, 10]), '--seed', '99', '--out', root]);
    expect(reseeded.stdout).not.toContain('from the run cache');

    expect((await pipesim(['cache', 'clear', '--out', root])).stdout).toMatch(/^removed 24 run\(s\)/);
    expect((await pipesim(['cache', 'stats', '--out', root])).stdout).toMatch(/^0 run\(s\), /);
  }, 120_000);

  it('serves a forecast run again from the cache, to the same answer', async () => {
    const args = ['forecast', 'experiments/capacity.yaml', '--horizon', '1d', '--replications', '2', '--set', 'warmup=1h', '--set', 'forecast.growth=[1]', '--set', 'forecast.search.max=24', '--workers', '2', '--no-progress'];
    const root = tempDir();
    const first = await pipesim([...args, '--out', root]);
    expect(first.code).toBe(0);
    expect(first.stdout).not.toContain('From cache');
    const again = await pipesim([...args, '--out', root]);
    expect(again.code).toBe(0);
    const { evaluations, checks } = JSON.parse(readFileSync(path.join(readdirSync(path.join(root, 'capacity')).sort().map((d) => path.join(root, 'capacity', d))[1] as string, 'forecast.json'), 'utf8')) as { evaluations: number; checks: number };
    // Every evaluation, the fresh checks' included, is two runs, each served.
    expect(again.stdout).toContain(`From cache     ${(evaluations + checks) * 2} run(s)`);
    const answers = readdirSync(path.join(root, 'capacity')).sort().map((d) => readFileSync(path.join(root, 'capacity', d, 'forecast.json'), 'utf8'));
    expect(answers[1]).toBe(answers[0]);
  }, 120_000);
});

describe('RunCache', () => {
  const spec = (over: Partial<RunSpec> = {}) => ({ runId: 's3-r1', key: 'ab'.repeat(16), scenarioIndex: 3, replication: 1, seed: 7, baseDir: '.', ...over }) as RunSpec;
  const ok = (over: Partial<RunResult> = {}) => ({
    runId: 's3-r1', key: 'ab'.repeat(16), scenarioIndex: 3, replication: 1, seed: 7, wallSeconds: 1, status: 'ok', metrics: { 'pipeline.wait.mean': 5 }, bottleneck: 'gpu',
    distributions: { pipelineWait: { zeros: 0, minExponent: 0, counts: [] }, arrivalsByHourOfWeek: [] }, events: 10, ...over,
  }) as RunResult;

  it('gives a kept run under the asking run\'s id and scenario index (the key is the content, not the grid place)', () => {
    const cache = new RunCache(path.join(tempDir(), 'cache'));
    cache.put(ok(), {});
    expect(cache.get(spec({ runId: 's0-r1', scenarioIndex: 0 }))).toMatchObject({ runId: 's0-r1', scenarioIndex: 0, metrics: { 'pipeline.wait.mean': 5 } });
    expect(cache.get(spec({ key: 'cd'.repeat(16) }))).toBeUndefined();
    expect(cache.get(spec({ seed: 8 }))).toBeUndefined();
  });

  it('keeps neither failed runs nor runs that record, and ignores a file it cannot read', () => {
    const dir = path.join(tempDir(), 'cache');
    const cache = new RunCache(dir);
    cache.put({ ...ok(), status: 'failed', error: 'boom' } as RunResult, {});
    cache.put(ok({ key: 'ef'.repeat(16) }), { seriesInterval: 3600 });
    expect(cache.stats().runs).toBe(0);
    expect(cache.get(spec({ seriesInterval: 3600 }))).toBeUndefined();
    mkdirSync(path.join(dir, 'ab'), { recursive: true });
    writeFileSync(path.join(dir, 'ab', `${'ab'.repeat(16)}.json`), '{"runId": "s3-r1", "ke');
    expect(cache.get(spec())).toBeUndefined();
  });
});
