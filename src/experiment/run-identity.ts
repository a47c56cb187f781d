/**
 * A run's identity: one key over everything that determines its result — the resolved
 * scenario, the seed, the replication, what it records, the contents of the policy module and
 * trace it reads, and the model's version. Two runs with the same key give the same record
 * (a run is a pure function of these), so the key decides when a stored result may stand in
 * for a run: a queued job, a resumed folder's record, a cached result.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Experiment } from '../config/load.js';
import type { Scenario } from '../config/schema.js';
import { isPolicyPath } from '../config/inputs.js';
import type { RunSpec } from './run-spec.js';

/**
 * Bumped whenever a change to the model alters what a run computes, so that results stored
 * by an older model (the run cache, a resumed folder, a queue) are never taken for new ones.
 * Kept honest by test/experiment/model-version.test.ts: the digest of reference runs is stored
 * with the version in test/fixtures/model-version.json, and a change to it fails without a bump.
 */
export const MODEL_VERSION = 4;

/** JSON with object keys sorted at every level and non-finite numbers spelled out. */
function canonical(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : `"${String(value)}"`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/**
 * The scenario's part of a run's identity: its canonical JSON, with each file it reads
 * replaced by its contents' digest (paths differ between machines, contents must not).
 */
export function scenarioIdentity(scenario: Scenario, baseDir: string, inputs: Experiment['inputs']): string {
  const digest = (file: string) => {
    const known = inputs.get(path.resolve(baseDir, file));
    if (known === undefined) throw new Error(`no digest for ${file}: the experiment's inputs were not read`);
    return `sha256:${known}`;
  };
  const out = structuredClone(scenario);
  if (isPolicyPath(out.policy.scheduler)) out.policy.scheduler = digest(out.policy.scheduler);
  if (out.workload.replay) out.workload.replay.trace = digest(out.workload.replay.trace);
  return canonical(out);
}

/** What, besides its scenario, decides a run's result. */
export type RunSettings = Pick<RunSpec, 'seed' | 'replication' | 'seriesInterval' | 'eventSample' | 'eventBudget' | 'controls' | 'antithetic'>;

/** The identity key of a run of the scenario whose identity is `scenario` (hex, 128 bits). */
export function runKey(scenario: string, run: RunSettings): string {
  const rest = canonical({ model: MODEL_VERSION, seed: run.seed, replication: run.replication, seriesInterval: run.seriesInterval, eventSample: run.eventSample, eventBudget: run.eventBudget, controls: run.controls, antithetic: run.antithetic });
  return createHash('sha256').update(`${rest}\n${scenario}`).digest('hex').slice(0, 32);
}
