/**
 * A mutation fuzz over the experiment loader: each shipped experiment is mutated at random
 * (seeded) — a value replaced by an edge case, a key deleted, misspelt or duplicated, a number
 * scaled by powers of ten — and loaded. Every mutant must load or be refused with a UserError
 * (a clear message, exit 2), never throw anything else; a sample of the accepted ones is
 * simulated briefly under an event budget, and must end with metrics that are finite, or NaN
 * only for a statistic of samples it never had (a mean wait with nothing completed).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import seedrandom from 'seedrandom';
import { parse, stringify } from 'yaml';
import { loadExperiment } from '../../src/experiment/load.js';
import { UserError } from '../../src/config/index.js';
import { loadScheduler, runScenario } from '../../src/model/index.js';
import { loadScenarioInputs } from '../../src/model/replay.js';
import { tempDir } from './cli.js';

const EXPERIMENTS = path.resolve('experiments');
const EDGE_VALUES: unknown[] = [0, -1, 1, 0.5, -0.5, 1e300, -1e300, 1e-300, 1e12, Number.NaN, Infinity, -Infinity, '', 'abc', '5m', '-5m', '0s', '1e300d',
  null, true, [], [0], {}, { dist: 'exponential', mean: '1s' }, { dist: 'lognormal', mean: 1, cv: 1e6 }, 'fifo', '__proto__', 'x'.repeat(1000)];

type Tree = Record<string, unknown> | unknown[];
const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null;

/** Every path to a node (maps and lists included), depth-first. */
function paths(node: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (!isTree(node)) return out;
  for (const [k, v] of Object.entries(node)) {
    const p = [...at, Array.isArray(node) ? Number(k) : k];
    out.push(p);
    paths(v, p, out);
  }
  return out;
}

function parentOf(root: Tree, p: (string | number)[]): Tree {
  let node: unknown = root;
  for (const k of p.slice(0, -1)) node = (node as Record<string | number, unknown>)[k];
  return node as Tree;
}

/** One random mutation of `doc` (a deep copy is changed and returned). */
export function mutate(doc: Tree, rng: () => number): Tree {
  const copy = structuredClone(doc);
  const all = paths(copy);
  const target = all[Math.floor(rng() * all.length)] as (string | number)[];
  const parent = parentOf(copy, target) as Record<string | number, unknown>;
  const key = target[target.length - 1] as string | number;
  const value = parent[key];
  const pick = <T>(list: readonly T[]) => list[Math.floor(rng() * list.length)] as T;
  switch (Math.floor(rng() * 6)) {
    case 0: parent[key] = structuredClone(pick(EDGE_VALUES)); break;
    case 1: if (Array.isArray(parent)) parent.splice(Number(key), 1); else delete parent[key]; break;
    case 2: if (!Array.isArray(parent)) { delete parent[key]; parent[`${String(key)}x`] = value; } break;
    case 3: parent[key] = typeof value === 'number' ? value * 10 ** Math.floor(rng() * 13 - 6) : structuredClone(pick(EDGE_VALUES)); break;
    case 4: parent[key] = structuredClone(copy[pick(Object.keys(copy)) as keyof typeof copy]); break;
    default: if (typeof value === 'number') parent[key] = -value; else if (typeof value === 'string') parent[key] = `-${value}`; else parent[key] = null;
  }
  return copy;
}

export interface FuzzTally { mutants: number; accepted: number; refused: number; simulated: number }

/** Mutates every shipped experiment `perFile` times (seed `seed`); simulates every `simulateEvery`-th accepted mutant. */
export async function fuzzLoader(perFile: number, seed: string, simulateEvery: number): Promise<FuzzTally> {
  const rng = seedrandom.xor4096(seed);
  const dir = tempDir('pipesim-fuzz-');
  const tally: FuzzTally = { mutants: 0, accepted: 0, refused: 0, simulated: 0 };
  for (const name of readdirSync(EXPERIMENTS).filter((f) => f.endsWith('.yaml')).sort()) {
    const doc = parse(readFileSync(path.join(EXPERIMENTS, name), 'utf8')) as Tree;
    for (let i = 0; i < perFile; i++) {
      const mutant = mutate(doc, rng);
      const file = path.join(dir, `${name.replace('.yaml', '')}-${i}.yaml`);
      writeFileSync(file, stringify(mutant));
      tally.mutants++;
      let experiment;
      try {
        experiment = await loadExperiment(file, { baseDir: EXPERIMENTS });
      } catch (error) {
        if (!(error instanceof UserError)) throw new Error(`${file}: the loader threw ${String(error)}, not a UserError\n${stringify(mutant)}`, { cause: error });
        tally.refused++;
        continue;
      }
      tally.accepted++;
      if (tally.accepted % simulateEvery !== 0) continue;
      tally.simulated++;
      const { scenario } = experiment.scenarios[0]!;
      const brief = { ...scenario, horizon: Math.min(scenario.horizon, 86400), warmup: Math.min(scenario.warmup, 6 * 3600) };
      const scheduler = await loadScheduler(brief.policy.scheduler, experiment.baseDir);
      let metrics: Record<string, number>;
      try {
        metrics = runScenario(brief, scheduler, experiment.seed, 0, { eventBudget: 100_000 }, await loadScenarioInputs(brief)).metrics;
      } catch (error) {
        if (error instanceof Error && error.name === 'EventBudgetExceeded') continue;
        throw new Error(`${file}: an accepted mutant's run threw ${String(error)}\n${stringify(mutant)}`, { cause: error });
      }
      for (const [metric, value] of Object.entries(metrics)) {
        const sampleStatistic = /wait|latency|staleness|slowdown|fairness/.test(metric);
        if (Number.isNaN(value) ? !sampleStatistic : !Number.isFinite(value) || value < 0) {
          throw new Error(`${file}: metric ${metric} = ${value} in a brief run of an accepted mutant\n${stringify(mutant)}`);
        }
      }
    }
  }
  return tally;
}
