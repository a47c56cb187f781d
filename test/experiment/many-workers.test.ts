/**
 * Many worker threads start safely. piscina require()s its worker file before trying import();
 * with our worker an ES module, that was Node 20's require() of ESM, which aborted V8 when
 * many threads started at once ("v8::Module::IsGraphAsync must be used on an instantiated
 * module": 1 in 8 sweeps at 100 threads, 4 in 12 in the issue's tries). The pool now enters
 * through a CommonJS shim that import()s the worker; and a pool never starts more threads than
 * a sweep has runs. The 64-thread sweeps are in many-workers.slow.test.ts.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipesim, tempDir } from '../helpers/cli.js';
import { loadExperiment } from '../../src/experiment/load.js';
import { ReplicationDriver } from '../../src/experiment/plan.js';
import { createRunPool, runLimited } from '../../src/experiment/run-pool.js';
import type { RunSpec } from '../../src/experiment/run-spec.js';

describe('worker threads', () => {
  it('are entered through CommonJS: require() of the entry loads no ES module and yields the run function', () => {
    const entry = path.resolve('dist/src/experiment/worker-entry.cjs');
    const probe = spawnSync(process.execPath, ['-e', `const run = require(${JSON.stringify(entry)}); process.stdout.write(JSON.stringify([typeof run, Object.keys(require.cache)]))`]);
    expect(probe.status).toBe(0);
    const [kind, loaded] = JSON.parse(probe.stdout.toString()) as [string, string[]];
    expect(kind).toBe('function');
    expect(loaded).toEqual([entry]);
  });

  it('start as runs need them: two runs on a pool of 16 start at most two threads', async () => {
    const experiment = await loadExperiment('test/fixtures/experiments/small-sweep.yaml', { set: [['horizon', '1d']] });
    const driver = new ReplicationDriver(experiment, experiment.baseDir);
    const pool = createRunPool(16);
    try {
      const specs = [driver.next(), driver.next()].map((s) => s as RunSpec);
      const results = await Promise.all(specs.map((spec) => runLimited(pool, spec, { runSeconds: 60 })));
      expect(results.map((r) => r.status)).toEqual(['ok', 'ok']);
      expect(pool.threads.length).toBeGreaterThanOrEqual(1);
      expect(pool.threads.length).toBeLessThanOrEqual(2);
    } finally {
      await pool.destroy();
    }
  });

  it('are capped: --workers above 256 is refused before anything starts', async () => {
    const result = await pipesim(['run', 'test/fixtures/experiments/small-sweep.yaml', '--workers', '1000000000', '--out', tempDir()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--workers expects at most 256 threads, got 1000000000/);
  });
});
