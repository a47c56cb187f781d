/**
 * The files an experiment reads besides itself — policy modules and replayed traces — and a
 * digest of each one's contents, so that a run's identity changes when they change (an edited
 * policy must never reuse results computed with the old one).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Scenario } from './schema.js';

/** Absolute path → sha256 of its contents (hex). */
/** True when `scheduler` names a module path rather than a built-in policy. */
export function isPolicyPath(scheduler: string): boolean {
  return /[/\\]/.test(scheduler) || /\.(m?[jt]s|cjs|cts)$/.test(scheduler);
}

export type InputDigests = ReadonlyMap<string, string>;

/** The absolute paths of the files `scenario` reads, resolved against `baseDir`. */
export function inputFiles(scenario: Scenario, baseDir: string): string[] {
  const files: string[] = [];
  if (isPolicyPath(scenario.policy.scheduler)) files.push(path.resolve(baseDir, scenario.policy.scheduler));
  if (scenario.workload.replay) files.push(path.resolve(baseDir, scenario.workload.replay.trace));
  return files;
}

/** Digests of every file the scenarios read (each file read once). */
export function digestInputs(scenarios: readonly Scenario[], baseDir: string): Map<string, string> {
  const digests = new Map<string, string>();
  for (const scenario of scenarios) {
    for (const file of inputFiles(scenario, baseDir)) {
      // A file that cannot be read gets no digest of its contents: experiment/load.ts reports it, at its field.
      if (!digests.has(file)) digests.set(file, existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : 'missing');
    }
  }
  return digests;
}
