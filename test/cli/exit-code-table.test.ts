/**
 * The exit-code table (src/cli/exit-codes.ts, docs/results.md): a user's mistake is never a
 * 1, and 130 means Ctrl-C only. A policy that throws under `forecast` stops it with 3 (runs
 * failed); a trace too sparse to fit is 2; an incomplete merge is 4 (test/experiment/shard.test.ts).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { pipesim, tempDir } from '../helpers/cli.js';

it('a policy that throws stops a forecast with exit 3 and one message, not an internal error', async () => {
  const root = tempDir();
  const file = path.join(root, 'forecast-throws.yaml');
  writeFileSync(file, `name: forecast-throws
horizon: 5d
warmup: 0s
policy: { scheduler: ${path.resolve('test/fixtures/policies/throws.ts')} }
platform: { pools: { gpu: { capacity: 2 } } }
workload:
  interarrival: { dist: exponential, mean: 10m }
  structures: { job: { tasks: { train: { kind: train } } } }
tasks: { train: { pool: gpu, duration: { dist: exponential, mean: 15m } } }
forecast:
  growth: [1]
  pools: [gpu]
  objective: { metric: pipeline.wait.mean, max: 1h }
  search: { min: 1, max: 4 }
  replications: 2
`);
  const result = await pipesim(['forecast', file, '--out', root]);
  expect(result.code).toBe(3);
  expect(result.stderr).toMatch(/^pipesim: a forecast run failed \(growth 1, .*\): Error: policy bug: queue overflow$/m);
  expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
});

it('a trace too sparse to fit is exit 2 with what to do, not an internal error', async () => {
  const root = tempDir();
  const trace = path.join(root, 'two-jobs.csv');
  writeFileSync(trace, 'submit,duration,gpus\n2024-01-01 00:00:00,60,1\n2024-01-01 01:00:00,60,1\n');
  const result = await pipesim(['fit', trace, '-o', path.join(root, 'fit.yaml')]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/two-jobs\.csv: 2 arrival\(s\); a fit needs at least 3 jobs/);
  expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
});
