/**
 * Parameter grids: `grid:` maps field paths to value lists (a cartesian product, axes in the
 * order written); `grid.together:` lists groups of fields that vary in lockstep (one axis per
 * group). Expansion yields each scenario's overrides in a stable order.
 */
import { z } from 'zod';
import { UserError } from '../core/errors.js';

/** One grid axis: the fields it sets and, per step, their values. */
export interface GridAxis {
  paths: string[];
  /** steps[i][j] is the value of paths[j] at step i. */
  steps: unknown[][];
}

/** The overrides of one scenario: field path → value, in axis order. */
export type Overrides = [path: string, value: unknown][];

const valueList = z.array(z.unknown()).min(1, { error: 'expected a non-empty list of values' });

/** What may be written for `grid:`: field path → list of values, or `together:` a list of such groups (for the JSON Schema). */
export const gridAxisValues = z.record(z.string(), z.array(z.unknown()).min(1));

export const gridSchema = z.record(z.string(), z.unknown()).transform((raw, ctx): GridAxis[] => {
  const axes: GridAxis[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'together') {
      const groups = z.array(z.record(z.string(), valueList)).safeParse(value);
      if (!groups.success) {
        for (const issue of groups.error.issues) ctx.addIssue({ code: 'custom', path: ['together', ...issue.path], message: issue.message === 'Invalid input: expected array, received object' ? 'expected a list of { field.path: [values] } groups' : issue.message });
        continue;
      }
      groups.data.forEach((group, g) => {
        const paths = Object.keys(group);
        const lengths = new Set(paths.map((p) => (group[p] as unknown[]).length));
        if (paths.length === 0) ctx.addIssue({ code: 'custom', path: ['together', g], message: 'expected at least one field' });
        else if (lengths.size > 1) ctx.addIssue({ code: 'custom', path: ['together', g], message: `fields that vary together need value lists of one length, got lengths ${[...lengths].join(', ')}` });
        else axes.push({ paths, steps: (group[paths[0] as string] as unknown[]).map((_, i) => paths.map((p) => (group[p] as unknown[])[i])) });
      });
      continue;
    }
    const list = valueList.safeParse(value);
    if (!list.success) {
      ctx.addIssue({ code: 'custom', path: [key], message: 'expected a non-empty list of values' });
      continue;
    }
    axes.push({ paths: [key], steps: list.data.map((v) => [v]) });
  }
  return axes;
});

/** Number of scenarios the axes produce. */
export function gridSize(axes: readonly GridAxis[]): number {
  return axes.reduce((n, a) => n * a.steps.length, 1);
}

/** The overrides of every scenario, last axis varying fastest. */
export function expandGrid(axes: readonly GridAxis[]): Overrides[] {
  let out: Overrides[] = [[]];
  for (const axis of axes) {
    const next: Overrides[] = [];
    for (const prefix of out) {
      for (const step of axis.steps) next.push([...prefix, ...axis.paths.map((p, j) => [p, step[j]] as [string, unknown])]);
    }
    out = next;
  }
  return out;
}

/** Splits 'platform.pools.gpu.capacity' into keys; numeric segments index arrays. */
export function splitPath(path: string): (string | number)[] {
  return path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}

/** The value at `path` in a plain object, or undefined. */
export function getPath(root: unknown, path: readonly (string | number)[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** A deep copy of `root` with `value` set at `path`, creating missing objects on the way. */
export function setPath(root: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const base = root !== null && typeof root === 'object' ? root : {};
  const copy: Record<string | number, unknown> = Array.isArray(base) ? [...base] as never : { ...(base as object) };
  copy[head] = setPath((base as Record<string | number, unknown>)[head], rest, value);
  return copy;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The baseline of each scenario: the scenario with the same grid values except the baseline's
 * fields (undefined for the baselines themselves). A UserError if a baseline field is not a
 * grid field or its value is not in the grid.
 */
export function matchBaselines(scenarios: readonly { index: number; overrides: Overrides }[], baseline: Overrides): (number | undefined)[] {
  const gridPaths = new Set(scenarios.flatMap((s) => s.overrides.map(([p]) => p)));
  for (const [path, value] of baseline) {
    if (!gridPaths.has(path)) throw new UserError(`baseline field '${path}' is not varied by the grid (grid fields: ${[...gridPaths].join(', ') || 'none'})`);
    if (!scenarios.some((s) => s.overrides.some(([p, v]) => p === path && same(v, value)))) {
      const values = [...new Set(scenarios.flatMap((s) => s.overrides.filter(([p]) => p === path).map(([, v]) => JSON.stringify(v))))];
      throw new UserError(`baseline value ${path}=${JSON.stringify(value)} is not in the grid (values: ${values.join(', ')})`);
    }
  }
  return scenarios.map((s) => {
    const target = s.overrides.map(([p, v]) => [p, baseline.find(([bp]) => bp === p)?.[1] ?? v] as const);
    if (same(target, s.overrides)) return undefined;
    return scenarios.find((o) => same(o.overrides, target))?.index;
  });
}

/** Levenshtein distance, for "did you mean" (short field names only). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length] as number;
}

/**
 * The override paths that step through a mapping the file does not have while a sibling of
 * nearly the same name exists (`platform.pools.gpux.capacity` next to `gpu`): a typo that would
 * otherwise add a new entry and leave the intended one unchanged. Returns [path, message] pairs.
 */
export function mistypedPaths(raw: unknown, overrides: Overrides): [string, string][] {
  const out: [string, string][] = [];
  for (const [p] of overrides) {
    const keys = splitPath(p);
    let node: unknown = raw;
    for (let depth = 0; depth < keys.length - 1; depth++) {
      if (node === null || typeof node !== 'object' || Array.isArray(node)) break;
      const key = String(keys[depth]);
      const here = node as Record<string, unknown>;
      if (!Object.hasOwn(here, key)) {
        const near = Object.keys(here).filter((k) => editDistance(k, key) <= Math.max(1, Math.floor(key.length / 3)));
        if (near.length > 0) {
          const where = keys.slice(0, depth).join('.') || 'the top level';
          out.push([p, `no '${key}' under ${where}: did you mean ${near.map((k) => `'${k}'`).join(' or ')}? (to add a new '${key}', write it in the file)`]);
        }
        break;
      }
      node = here[key];
    }
  }
  return out;
}
