/**
 * `extends:`: an experiment as "the baseline, but …". The merge is checked against merging the
 * two YAML documents by hand; problems point at the file that holds the value; relative paths
 * in a base elsewhere still name its files; a loop of extends is an error, not a hang.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { expect, it } from 'vitest';
import { ConfigError, UserError } from '../../src/config/index.js';
import { loadExperiment } from '../../src/experiment/load.js';
import { tempDir } from '../helpers/cli.js';

it('experiments/capacity.yaml is baseline.yaml with its own fields on top, as a hand-merged copy is', async () => {
  const base = parse(readFileSync('experiments/baseline.yaml', 'utf8')) as Record<string, unknown>;
  const own = parse(readFileSync('experiments/capacity.yaml', 'utf8')) as Record<string, unknown>;
  delete own.extends;
  // Every field capacity.yaml sets is a top-level one, so a shallow merge is the whole merge.
  const flat = path.join('experiments', '.capacity-flattened.test.yaml');
  writeFileSync(flat, stringify({ ...base, ...own }));
  try {
    const [layered, flattened] = await Promise.all([loadExperiment('experiments/capacity.yaml'), loadExperiment(flat)]);
    expect(layered.resolved).toEqual({ ...flattened.resolved, name: 'capacity' });
    expect(layered.scenarios.map((s) => s.scenario)).toEqual(flattened.scenarios.map((s) => s.scenario));
    expect(layered.forecast).toEqual(flattened.forecast);
  } finally {
    (await import('node:fs')).rmSync(flat);
  }
});

function write(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

const BASE = `platform:
  pools:
    gpu: { capacity: 2 }
workload:
  interarrival: 10m
  structures: { s: { tasks: { t: { kind: t } } } }
tasks:
  t: { pool: gpu, duration: 5m }
policy: { scheduler: ./policies/first.ts }
`;
const POLICY = "import { orderByKey } from 'pipesim';\nexport default orderByKey('first', (task, context) => context.tasks.readySince(task));\n";

it('merges mappings key by key, points each problem at the file holding the value, and rebases paths', async () => {
  const root = tempDir();
  const base = write(path.join(root, 'shared', 'base.yaml'), BASE.replace('capacity: 2', 'capacity: -2'));
  write(path.join(root, 'shared', 'policies', 'first.ts'), POLICY);
  const child = write(path.join(root, 'mine', 'child.yaml'), 'extends: ../shared/base.yaml\nhorizon: -1d\nworkload:\n  growth: 2\n');
  const error = (await loadExperiment(child).catch((e: unknown) => e)) as ConfigError;
  expect(error).toBeInstanceOf(ConfigError);
  const lines = error.message.split('\n');
  expect(lines).toHaveLength(2);
  expect(lines).toContain(`${base}:3: platform.pools.gpu.capacity: expected an integer ≥ 1, got -2`);
  expect(lines.some((l) => l.startsWith(`${child}:2: horizon: `))).toBe(true);

  write(base, BASE);
  const ok = await loadExperiment(path.join(root, 'mine', 'child.yaml'), { set: [['horizon', '1d']] });
  const scenario = ok.scenarios[0]!.scenario;
  expect(scenario.workload.growth).toBe(2);
  expect(scenario.workload.structures).toHaveProperty('s');
  expect(path.resolve(ok.baseDir, scenario.policy.scheduler)).toBe(path.join(root, 'shared', 'policies', 'first.ts'));
});

it('refuses a loop of extends and a missing base, with the files named', async () => {
  const root = tempDir();
  write(path.join(root, 'a.yaml'), 'extends: b.yaml\n');
  write(path.join(root, 'b.yaml'), 'extends: a.yaml\n');
  const loop = await loadExperiment(path.join(root, 'a.yaml')).catch((e: unknown) => e);
  expect(loop).toBeInstanceOf(UserError);
  expect((loop as Error).message).toMatch(/extends itself \(a\.yaml → b\.yaml → a\.yaml\)/);
  write(path.join(root, 'c.yaml'), 'extends: nowhere.yaml\n');
  const missing = await loadExperiment(path.join(root, 'c.yaml')).catch((e: unknown) => e);
  expect((missing as Error).message).toMatch(/nowhere\.yaml: cannot read the experiment file/);
});

it('a null removes an inherited field (and is as if absent in a file of its own)', async () => {
  const root = tempDir();
  write(path.join(root, 'base.yaml'), BASE.replace('policy: { scheduler: ./policies/first.ts }', 'policy: { scheduler: fifo, fallback: { from: gpu, to: gpu2, after: 1h } }').replace('gpu: { capacity: 2 }', 'gpu: { capacity: 2 }\n    gpu2: { capacity: 1 }'));
  const inherited = await loadExperiment(write(path.join(root, 'keeps.yaml'), 'extends: base.yaml\n'));
  expect(inherited.scenarios[0]!.scenario.policy.fallback).toMatchObject({ from: 'gpu', to: 'gpu2' });
  const removed = await loadExperiment(write(path.join(root, 'drops.yaml'), 'extends: base.yaml\npolicy: { fallback: null }\nplatform: { pools: { gpu2: null } }\n'));
  const scenario = removed.scenarios[0]!.scenario;
  expect(scenario.policy).not.toHaveProperty('fallback');
  expect(scenario.policy.scheduler).toBe('fifo');
  expect(Object.keys(scenario.platform.pools)).toEqual(['gpu']);
  const own = await loadExperiment(write(path.join(root, 'own.yaml'), `${BASE.replace('policy: { scheduler: ./policies/first.ts }', 'policy: { scheduler: fifo, fallback: null }')}description: null\n`));
  expect(own.scenarios[0]!.scenario.policy).not.toHaveProperty('fallback');
});
