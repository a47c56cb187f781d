import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandGrid, gridSchema, setPath } from '../../src/config/grid.js';
import { readExperiment, shortNames } from '../../src/config/load.js';
import { tempDir } from '../helpers/cli.js';

describe('grid expansion', () => {
  it('is the cartesian product in the order written, the last axis fastest', () => {
    const axes = gridSchema.parse({ a: [1, 2], b: ['x', 'y', 'z'] });
    expect(expandGrid(axes).map((o) => o.map(([, v]) => v).join(''))).toEqual(['1x', '1y', '1z', '2x', '2y', '2z']);
  });

  it('varies `together` groups in lockstep as one axis', () => {
    const axes = gridSchema.parse({ together: [{ 'p.cpu': [8, 16], 'p.gpu': [2, 4] }], s: ['fifo', 'sjf'] });
    expect(expandGrid(axes)).toEqual([
      [['p.cpu', 8], ['p.gpu', 2], ['s', 'fifo']],
      [['p.cpu', 8], ['p.gpu', 2], ['s', 'sjf']],
      [['p.cpu', 16], ['p.gpu', 4], ['s', 'fifo']],
      [['p.cpu', 16], ['p.gpu', 4], ['s', 'sjf']],
    ]);
  });

  it('rejects lockstep groups of different lengths', () => {
    const result = gridSchema.safeParse({ together: [{ a: [1, 2], b: [1] }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/one length, got lengths 2, 1/);
  });

  it('sets nested fields without touching the original', () => {
    const original = { platform: { pools: { gpu: { capacity: 2 } } } };
    expect(setPath(original, ['platform', 'pools', 'gpu', 'capacity'], 8)).toEqual({ platform: { pools: { gpu: { capacity: 8 } } } });
    expect(original.platform.pools.gpu.capacity).toBe(2);
  });

  it('labels fields by their shortest unambiguous suffix', () => {
    const names = shortNames(['policy.scheduler', 'platform.pools.gpu.capacity', 'platform.pools.cpu.capacity']);
    expect([...names.values()]).toEqual(['scheduler', 'gpu.capacity', 'cpu.capacity']);
  });
});

describe('scenario labels', () => {
  it('name a policy module by its file name, unless two share one', async () => {
    const file = path.join(tempDir(), 'labels.yaml');
    const base = 'name: labels\nhorizon: 1d\nplatform: { pools: { gpu: { capacity: 1 } } }\nworkload: { interarrival: { dist: exponential, mean: 60 }, structures: { s: { tasks: { t: { kind: t } } } } }\ntasks: { t: { pool: gpu, duration: 60 } }\n';
    writeFileSync(file, `${base}grid: { policy.scheduler: [fifo, ./policies/short-first.ts, ../other/long-first.mjs] }\n`);
    expect((await readExperiment(file)).experiment.scenarios.map((s) => s.label)).toEqual(['scheduler=fifo', 'scheduler=short-first', 'scheduler=long-first']);
    writeFileSync(file, `${base}grid: { policy.scheduler: [./a/mine.ts, ./b/mine.ts] }\n`);
    expect((await readExperiment(file)).experiment.scenarios.map((s) => s.label)).toEqual(['scheduler=./a/mine.ts', 'scheduler=./b/mine.ts']);
  });
});
