/**
 * Merges the shard folders of a sharded sweep into one run: every shard's runs.jsonl, one
 * record per run id, aggregated exactly as a single machine would (the same summary.json,
 * byte for byte), their time series, events and run metrics (line protocol), and a list of
 * the runs still missing.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { loadExperiment } from './load.js';
import { MANIFEST, readManifest, readRuns, RESOLVED_FILE } from '../output/results-dir.js';
import { sortRuns } from '../stats/index.js';
import { runIdOf, type RunResult } from '../core/records.js';
import { writeOutputs, type ExperimentOutcome } from './coordinator.js';
import { ReplicationDriver } from './plan.js';
import { ResultsFolder } from './results-folder.js';

export interface MergeOutcome extends Omit<ExperimentOutcome, 'interrupted' | 'overran' | 'fromCache'> {
  shards: number;
  /** Planned run ids with no result in any shard. */
  missing: string[];
  /** Records in the shards that are not runs of this experiment (left out). */
  foreign: number;
}

export async function mergeShards(dir: string): Promise<MergeOutcome> {
  const shardDirs = existsSync(dir) ? readdirSync(dir).filter((d) => /^shard-\d+-of-\d+$/.test(d) && existsSync(path.join(dir, d, MANIFEST))).sort() : [];
  if (shardDirs.length === 0) throw new UserError(`${dir} holds no shard folders (shard-<i>-of-<n>/)`, 'give the folder that --shard runs write into, e.g. results/<experiment>/sharded-<hash>/');
  const first = path.join(dir, shardDirs[0] as string);
  const manifest = readManifest(first);
  const experiment = await loadExperiment(path.join(first, RESOLVED_FILE), { baseDir: manifest.baseDir });
  const byId = new Map<string, RunResult>();
  for (const shard of shardDirs) for (const run of readRuns(path.join(dir, shard))) if (!byId.has(run.runId)) byId.set(run.runId, run);
  const driver = new ReplicationDriver(experiment, experiment.baseDir, byId.values());
  // Records that are not runs of this experiment (another seed, input or model) are left out.
  const runs = sortRuns(driver.allResults());
  const recorded = new Set(runs.map((r) => r.runId));
  const plan = experiment.replications;
  const missing = plan.mode === 'fixed'
    ? experiment.scenarios.flatMap((s) => Array.from({ length: plan.count }, (_, r) => runIdOf(s.index, r))).filter((id) => !recorded.has(id))
    : [];
  const folder = ResultsFolder.open(dir, experiment, { ...manifest, createdAt: new Date().toISOString() });
  try {
    folder.writeRuns(runs);
    folder.mergeShards(shardDirs.map((d) => path.join(dir, d)));
    const complete = missing.length === 0 && driver.finished;
    const outcome = writeOutputs(folder, experiment, driver, complete);
    folder.setStatus(complete ? 'complete' : 'interrupted');
    return { ...outcome, shards: shardDirs.length, missing, foreign: driver.foreign.length };
  } finally {
    folder.close();
  }
}

