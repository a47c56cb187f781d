/**
 * Merges the shard folders of a sharded sweep into one run: every shard's runs.jsonl, one
 * record per run id, aggregated exactly as a single machine would (the same summary.json,
 * byte for byte), their time series, events and run metrics (line protocol), and a list of
 * the runs still missing.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { loadExperiment } from './load.js';
import { MANIFEST, readManifest, readRuns, RESOLVED_FILE, RUNS_FILE, runRecord, writeManifest } from '../output/results-dir.js';
import { sortRuns } from '../stats/index.js';
import { runIdOf, type RunResult } from '../core/records.js';
import { writeOutputs, type ExperimentOutcome } from './coordinator.js';
import { ReplicationDriver } from './plan.js';
import { mergeRecordings } from '../output/recordings.js';

export interface MergeOutcome extends Omit<ExperimentOutcome, 'interrupted' | 'overran'> {
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
  const parameters = (i: number) => Object.fromEntries(experiment.scenarios[i]?.overrides ?? []);
  writeFileSync(path.join(dir, RUNS_FILE), runs.map((r) => `${JSON.stringify(runRecord(r, parameters(r.scenarioIndex)))}\n`).join(''));
  writeFileSync(path.join(dir, RESOLVED_FILE), readFileSync(path.join(first, RESOLVED_FILE), 'utf8'));
  mergeRecordings(dir, shardDirs.map((d) => path.join(dir, d)));
  const complete = missing.length === 0 && driver.finished;
  const outcome = writeOutputs(dir, experiment, driver, complete);
  writeManifest(dir, { ...manifest, createdAt: new Date().toISOString(), status: complete ? 'complete' : 'interrupted' });
  return { ...outcome, shards: shardDirs.length, missing, foreign: driver.foreign.length };
}

