/**
 * Sweeps across machines with existing batch schedulers: `--shard i/n` (or Kubernetes
 * Indexed Jobs' JOB_COMPLETION_INDEX, or Slurm arrays' SLURM_ARRAY_TASK_ID/COUNT) runs a
 * deterministic 1/n of the runs, balanced by expected cost, into its own folder under a
 * run folder that every shard derives from the experiment alone (no coordination needed).
 * `pipesim merge` then aggregates the shards into exactly what one machine would produce.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { UserError } from '../core/errors.js';
import type { Experiment } from '../config/load.js';
import type { Scenario } from '../config/schema.js';
import { createDistribution } from '../random/index.js';
import { runIdOf } from '../core/records.js';

/** Shard `index` (0-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses '2/3' (1-based on the command line, as people count). */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const i = Number(match?.[1]);
  const n = Number(match?.[2]);
  if (!match || !(n >= 1) || !(i >= 1 && i <= n)) throw new UserError(`--shard expects i/n with 1 ≤ i ≤ n, e.g. 2/3; got '${text}'`);
  return { index: i - 1, count: n };
}

/** The shard from the batch scheduler's environment, if any: Kubernetes first, then Slurm. */
export function shardFromEnvironment(env: NodeJS.ProcessEnv = process.env): Shard | undefined {
  const k8s = env.JOB_COMPLETION_INDEX;
  if (k8s !== undefined) {
    const count = Number(env.PIPESIM_SHARDS ?? env.JOB_COMPLETIONS);
    const index = Number(k8s);
    if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) {
      throw new UserError(`JOB_COMPLETION_INDEX=${k8s} needs the shard count in PIPESIM_SHARDS (or JOB_COMPLETIONS), got '${env.PIPESIM_SHARDS ?? env.JOB_COMPLETIONS ?? ''}'`);
    }
    return { index, count };
  }
  const slurm = env.SLURM_ARRAY_TASK_ID;
  if (slurm !== undefined) {
    const min = Number(env.SLURM_ARRAY_TASK_MIN ?? 0);
    const count = Number(env.SLURM_ARRAY_TASK_COUNT);
    const index = Number(slurm) - min;
    if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) {
      throw new UserError(`SLURM_ARRAY_TASK_ID=${slurm} with SLURM_ARRAY_TASK_COUNT=${env.SLURM_ARRAY_TASK_COUNT ?? ''} does not name a shard`);
    }
    return { index, count };
  }
  return undefined;
}

/**
 * The run folder name every shard of this experiment derives: a hash of the resolved
 * experiment, less the folder it was read from (shards run from different checkouts).
 */
export function shardedRunName(experiment: Experiment): string {
  const { baseDir: _where, ...what } = experiment.resolved;
  return `sharded-${createHash('sha256').update(stringify(what)).digest('hex').slice(0, 12)}`;
}

/** Relative expected cost of one run of `scenario`: simulated pipelines × tasks per pipeline. */
export function expectedCost(scenario: Scenario): number {
  const w = scenario.workload;
  const structures = Object.values(w.structures);
  const totalWeight = structures.reduce((a, s) => a + s.weight, 0) || 1;
  const tasks = structures.reduce((a, s) => a + (s.weight / totalWeight) * Object.values(s.tasks).reduce((n, t) => n + t.fanOut, 0), 0);
  const synthetic = w.interarrival ? ((scenario.horizon + scenario.warmup) * w.growth / createDistribution(w.interarrival).mean) * Math.max(1, tasks) : 0;
  // A replayed trace's size is not known without reading it; its runs cost alike, so a constant keeps the balance.
  return synthetic + (w.replay ? 1 : 0);
}

/**
 * The run ids of shard `shard`: runs sorted by expected cost (longest first, ties by id) and
 * each given to the shard with the least cost so far (LPT), so shards finish together.
 */
export function shardRunIds(experiment: Experiment, shard: Shard): Set<string> {
  const plan = experiment.replications;
  if (plan.mode !== 'fixed') throw new UserError('sharding needs a fixed number of replications (a sequential plan decides as it goes, on one machine)');
  if (experiment.select) throw new UserError('sharding needs a fixed number of replications: compare.select decides as it goes, on one machine (or through --queue)');
  const runs = experiment.scenarios.flatMap((s) => {
    const cost = expectedCost(s.scenario);
    return Array.from({ length: plan.count }, (_, r) => ({ id: runIdOf(s.index, r), s: s.index, r, cost }));
  });
  runs.sort((a, b) => b.cost - a.cost || a.s - b.s || a.r - b.r);
  const load = new Array<number>(shard.count).fill(0);
  const mine = new Set<string>();
  for (const run of runs) {
    let target = 0;
    for (let k = 1; k < shard.count; k++) if ((load[k] as number) < (load[target] as number)) target = k;
    load[target] = (load[target] as number) + run.cost;
    if (target === shard.index) mine.add(run.id);
  }
  return mine;
}
