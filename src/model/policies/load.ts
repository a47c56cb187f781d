/**
 * Resolves `policy.scheduler`: a built-in name, or a path to a user's .js/.ts module whose
 * default export (or `scheduler` export) is a SchedulingPolicy. TypeScript modules are
 * loaded through tsx, so users need no build step.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../../core/errors.js';
import { importOptional } from '../../core/optional.js';
import { isPolicyPath } from '../../config/inputs.js';
import { fifo } from './fifo.js';
import { sjf } from './sjf.js';
import { priority } from './priority.js';
import { fairShare } from './fair-share.js';
import { las, preemptivePriority, srtf } from './preemptive.js';
import type { SchedulingPolicy } from './policy.js';
import { resolvePipesimFromAnywhere } from './resolve-self.js';

/** Policies available by name in `policy.scheduler`. */
export const BUILT_IN_SCHEDULERS: Readonly<Record<string, SchedulingPolicy>> = {
  fifo, sjf, priority, 'fair-share': fairShare, srtf, las, 'preemptive-priority': preemptivePriority,
};

const loaded = new Map<string, SchedulingPolicy>();

/** Why `value` is not a SchedulingPolicy, or undefined if it is one. */
function whyNotPolicy(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'its default export is not an object';
  const candidate = value as Partial<SchedulingPolicy>;
  if (typeof candidate.name !== 'string') return 'the policy has no string `name`';
  if (typeof candidate.createQueue !== 'function') return 'the policy has no `createQueue(context)` function';
  return undefined;
}

/**
 * The SchedulingPolicy named by `scheduler`; a path is resolved against `baseDir` (the
 * experiment file's folder). Rejects with a UserError if it does not exist or is not a policy.
 */
export async function loadScheduler(scheduler: string, baseDir: string): Promise<SchedulingPolicy> {
  // Own keys only: 'constructor' or '__proto__' must not find Object.prototype's members.
  const builtIn = Object.hasOwn(BUILT_IN_SCHEDULERS, scheduler) ? BUILT_IN_SCHEDULERS[scheduler] : undefined;
  if (builtIn) return builtIn;
  if (!isPolicyPath(scheduler)) {
    throw new UserError(`unknown scheduler '${scheduler}': expected one of ${Object.keys(BUILT_IN_SCHEDULERS).join(', ')} or a path to a policy module (./policies/x.ts)`);
  }
  const file = path.resolve(baseDir, scheduler);
  if (!existsSync(file)) throw new UserError(`policy module ${file} does not exist`);
  // Keyed by contents: a long-lived worker must load an edited module afresh, and Node's own
  // module cache would hand back the old one for the same URL, hence the digest in the query.
  const digest = createHash('sha256').update(readFileSync(file)).digest('hex');
  const version = `${file}?sha256=${digest}`;
  const cached = loaded.get(version);
  if (cached) return cached;
  const url = `${pathToFileURL(file).href}?sha256=${digest}`;
  await resolvePipesimFromAnywhere();
  let module: Record<string, unknown>;
  try {
    if (/\.[cm]?ts$/.test(file)) {
      const { tsImport } = await importOptional(() => import('tsx/esm/api'), ['tsx'], `the TypeScript policy ${scheduler}`);
      module = (await tsImport(url, import.meta.url)) as Record<string, unknown>;
    } else {
      module = (await import(url)) as Record<string, unknown>;
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`policy module ${file} failed to load: ${error instanceof Error ? error.message : String(error)}`);
  }
  let candidate = module.scheduler ?? module.default;
  // A .ts module compiled to CommonJS (outside a "type": "module" package) nests its exports one level down.
  if (whyNotPolicy(candidate) && candidate !== null && typeof candidate === 'object') {
    const nested = candidate as Record<string, unknown>;
    candidate = nested.scheduler ?? nested.default ?? candidate;
  }
  const problem = whyNotPolicy(candidate);
  if (problem) throw new UserError(`policy module ${file} is not a scheduling policy: ${problem}`, 'export default { name, createQueue(context) } (see experiments/policies/)');
  loaded.set(version, candidate as SchedulingPolicy);
  return candidate as SchedulingPolicy;
}
