/**
 * A policy module outside this package (PipeSim installed globally or elsewhere) can
 * `import … from 'pipesim'`, as docs/policies.md shows: as an ES module, and as a .ts file that tsx
 * compiles to CommonJS (no "type": "module" package.json above it).
 */
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { onlyRunDir, pipesim, tempDir } from '../helpers/cli.js';

it('resolves pipesim from policy modules in a folder with no node_modules', async () => {
  const root = tempDir('pipesim-policy-anywhere-');
  const body = "import { orderByKey } from 'pipesim';\nexport default orderByKey('outside', (task, context) => context.tasks.readySince(task));\n";
  writeFileSync(path.join(root, 'as-commonjs.ts'), body);
  writeFileSync(path.join(root, 'as-module.mjs'), body);
  writeFileSync(path.join(root, 'anywhere.yaml'), `horizon: 2d
warmup: 0s
replications: 2
grid: { policy.scheduler: [fifo, ./as-commonjs.ts, ./as-module.mjs] }
platform: { pools: { gpu: { capacity: 2 } } }
workload:
  interarrival: 20m
  structures: { s: { tasks: { t: { kind: t } } } }
tasks: { t: { pool: gpu, duration: 30m } }
`);
  const result = await pipesim(['run', path.join(root, 'anywhere.yaml'), '--out', root, '--no-progress']);
  expect(result.code, result.stderr).toBe(0);
  const dir = onlyRunDir(root, 'anywhere', readdirSync);
  const records = readFileSync(path.join(dir, 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { status: string; scenarioIndex: number; metrics: Record<string, number> });
  expect(records.filter((r) => r.status === 'ok')).toHaveLength(6);
  // Both order by ready time, as FIFO does: the same waits.
  const wait = (s: number) => records.filter((r) => r.scenarioIndex === s).map((r) => r.metrics['pipeline.wait.mean']).sort();
  expect(wait(1)).toEqual(wait(0));
  expect(wait(2)).toEqual(wait(0));
});
