/**
 * An experiment file and the files it `extends:`: read, parsed and merged before validation,
 * so "the baseline, but …" is a few lines. The file's own fields override its base's (mappings
 * merge key by key; lists and values replace; a null removes a field, and is otherwise as if absent). Relative paths in a base file (policy modules,
 * traces) are rewritten against the extending file's folder, so they name the same files.
 * Every layer keeps its parsed source, so a problem points at the file that holds the value.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, UserError, type ConfigProblem } from '../core/errors.js';
import { splitPath, type Overrides } from './grid.js';
import { parseSource, type YamlSource } from './yaml-source.js';

/** Experiment files are a few kB; past this one is a mistake (a trace pasted in), refused before parsing. */
export const MAX_EXPERIMENT_BYTES = 8 * 2 ** 20;
/** `extends:` chains longer than this are a loop or a mistake. */
const MAX_DEPTH = 8;

export interface Layer {
  file: string;
  source: YamlSource;
}

export interface LayeredExperiment {
  /** The extending file first, then its base, its base's base… */
  layers: Layer[];
  /** The merged fields, without `extends`. */
  raw: Record<string, unknown>;
}

/** Reads `file` and every file it extends; throws UserError/ConfigError with the file at fault. */
export async function readLayered(file: string, seen: string[] = []): Promise<LayeredExperiment> {
  const absolute = path.resolve(file);
  if (seen.includes(absolute)) throw new UserError(`${file}: extends itself (${[...seen, absolute].map((f) => path.basename(f)).join(' → ')})`);
  if (seen.length >= MAX_DEPTH) throw new UserError(`${file}: more than ${MAX_DEPTH} levels of extends:`);
  const source = parseSource(file, await readText(file));
  let raw: unknown;
  try {
    raw = source.doc.toJS();
  } catch (error) {
    // yaml refuses documents whose aliases expand past its limit (a "billion laughs" file).
    throw new ConfigError(file, [{ path: [], line: 1, message: `the YAML cannot be read: ${error instanceof Error ? error.message : String(error)}` }]);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(file, [{ path: [], line: 1, message: 'expected a mapping of experiment fields (see experiments/annotated.yaml)' }]);
  const own = raw as Record<string, unknown>;
  const layer: Layer = { file, source };
  if (own.extends === undefined) return { layers: [layer], raw: withoutNulls(own) };
  if (typeof own.extends !== 'string' || own.extends === '') {
    throw new ConfigError(file, located([{ path: ['extends'], message: 'expected the path of the experiment file this one builds on, e.g. baseline.yaml' }], [layer], []));
  }
  const baseFile = path.resolve(path.dirname(absolute), own.extends);
  // Named as the extending file was: relative to here if it was, else absolute.
  const base = await readLayered(path.isAbsolute(file) ? baseFile : path.relative(process.cwd(), baseFile), [...seen, absolute]);
  const { extends: _extends, ...fields } = own;
  return { layers: [layer, ...base.layers], raw: withoutNulls(merge(rebase(base.raw, path.dirname(baseFile), path.dirname(absolute)), fields) as Record<string, unknown>) };
}

async function readText(file: string): Promise<string> {
  try {
    const bytes = (await stat(file)).size;
    if (bytes > MAX_EXPERIMENT_BYTES) {
      throw new UserError(`${file}: an experiment file of ${(bytes / 2 ** 20).toFixed(0)} MiB is more than the ${MAX_EXPERIMENT_BYTES / 2 ** 20} MiB an experiment needs`, 'recorded jobs belong in a trace file (workload.replay.trace), not in the experiment');
    }
    return await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    if (existsSync(path.join(file, 'run.json'))) throw new UserError(`${file} is a results folder, not an experiment file`, `to continue it: pipesim run --resume ${file}`);
    const reason = (error as NodeJS.ErrnoException).code === 'EISDIR' ? 'a folder, not a file' : 'does it exist?';
    throw new UserError(`${file}: cannot read the experiment file (${reason})`);
  }
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field written as null is as if absent (in a mapping; list items are left alone). */
function withoutNulls(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v !== null) out[k] = isMap(v) ? withoutNulls(v) : v;
  }
  return out;
}

/** `over` on top of `under`: mappings merge key by key, anything else replaces; a null removes the field (e.g. `policy: { fallback: null }`). */
function merge(under: unknown, over: unknown): unknown {
  if (!isMap(under) || !isMap(over)) return over;
  const out: Record<string, unknown> = { ...under };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else out[k] = k in under ? merge(under[k], v) : v;
  }
  return out;
}

/** A base file's relative policy and trace paths, rewritten to name the same files from `toDir`. */
function rebase(raw: Record<string, unknown>, fromDir: string, toDir: string): Record<string, unknown> {
  if (fromDir === toDir) return raw;
  const move = (p: unknown) => (typeof p === 'string' && /[/\\]/.test(p) && !path.isAbsolute(p) ? path.relative(toDir, path.resolve(fromDir, p)) || '.' : p);
  const out = structuredClone(raw);
  const policy = out.policy;
  if (isMap(policy)) policy.scheduler = move(policy.scheduler);
  const workload = out.workload;
  if (isMap(workload) && isMap(workload.replay)) workload.replay.trace = move(workload.replay.trace);
  const grid = out.grid;
  if (isMap(grid) && Array.isArray(grid['policy.scheduler'])) grid['policy.scheduler'] = grid['policy.scheduler'].map(move);
  if (typeof out.baseDir === 'string') out.baseDir = move(out.baseDir);
  return out;
}

/**
 * Adds to each problem the file and line that hold the value (the extending file first, then
 * its bases), or marks it as coming from the command line when a `--set` path covers it.
 */
export function located(problems: ConfigProblem[], layers: readonly Layer[], set: Overrides): ConfigProblem[] {
  const given = set.map(([p]) => splitPath(p).map(String));
  return problems.map((p) => {
    if (p.line !== undefined) return p;
    const at = p.path.map(String);
    if (given.some((g) => g.length <= at.length && g.every((k, i) => k === at[i]))) return { ...p, fromCommandLine: true };
    for (let depth = p.path.length; depth >= 0; depth--) {
      for (const [i, layer] of layers.entries()) {
        const node = layer.source.nodeAt(p.path.slice(0, depth));
        if (node?.range) return { ...p, line: layer.source.lines.linePos(node.range[0]).line, ...(i > 0 ? { file: layer.file } : {}) };
      }
    }
    return p;
  });
}
