/**
 * Reads an experiment file: YAML (with line numbers for every error), the experiment's own
 * fields, the base scenario, and one validated Scenario per grid point. Nothing runs until
 * all of it is valid; every problem is reported with its file, line and field path.
 */
import type { VarianceReduction } from '../core/records.js';
import path from 'node:path';
import type { z } from 'zod';
import { ConfigError, UNKNOWN_FIELD, UserError, type ConfigProblem } from '../core/errors.js';
import { expandGrid, getPath, gridSchema, gridSize, matchBaselines, mistypedPaths, setPath, splitPath, type Overrides } from './grid.js';
import { replicationsSchema, type ReplicationPlan } from './replications.js';
import type { ForecastSpec } from './forecast.js';
import { experimentMetaSchema, SCENARIO_KEYS, type Scenario } from './schema.js';
import { scenarioSchema } from './scenario.js';
import { located, readLayered } from './layers.js';

export { MAX_EXPERIMENT_BYTES } from './layers.js';
import { parseTimestamp } from '../trace/read.js';
import { digestInputs, isPolicyPath, type InputDigests } from './inputs.js';

/** One point of the grid. */
export interface ScenarioEntry {
  /** Position in the grid (0-based, stable). */
  index: number;
  /** `path=value` pairs that distinguish it; empty without a grid. */
  overrides: Overrides;
  /** Human label, e.g. 'policy.scheduler=sjf, platform.pools.gpu.capacity=16' or 'base'. */
  label: string;
  scenario: Scenario;
}

/** A validated experiment, ready to plan. */
export interface Experiment {
  /** The file as given on the command line. */
  file: string;
  /** Folder against which relative paths in it (policy modules) resolve. */
  baseDir: string;
  name: string;
  description?: string;
  seed: number;
  confidence: number;
  replications: ReplicationPlan;
  scenarios: ScenarioEntry[];
  /** The experiment's fields with every default filled in (for experiment.resolved.yaml). */
  resolved: Record<string, unknown>;
  /** Comparisons written with the results (`compare:`). */
  compare?: CompareSpec;
  /** Selection of the best scenario (`compare.select:`). */
  select?: SelectSpec;
  /** The capacity forecast of `pipesim forecast` (`forecast:`). */
  forecast?: ForecastSpec;
  /** Simulated time 0, seconds since 1970 (timestamps of time series and InfluxDB points). */
  start: number;
  /** Time series: interval and which replications record them; undefined when off. */
  timeseries?: { interval: number; replications: 'all' | number[] };
  /** Task event traces; undefined when off. */
  events?: { sample: number; replications: 'all' | number[] };
  /** Contents digest of every policy module and trace the scenarios read (part of each run's identity). */
  inputs: InputDigests;
  /** `pareto:`: the trade-off metrics whose Pareto front summaries mark. */
  pareto?: { metrics: string[] };
  /** `varianceReduction:`; undefined when neither is on. */
  varianceReduction?: VarianceReduction;
  /** Per-run limits (`limits:`): events before a run fails, wall-clock seconds before it is stopped. */
  limits: { events: number; runSeconds: number };
  /** The `influx:` section (no token: that comes from the environment). */
  influx?: { url?: string | undefined; org?: string | undefined; bucket?: string | undefined };
}

/** Whether `replication` is among `selection`. */
export function selects(selection: 'all' | number[], replication: number): boolean {
  return selection === 'all' || selection.includes(replication);
}

/** Metrics compared when an experiment's `compare:` names none. */
export const DEFAULT_COMPARE_METRICS = ['pipeline.wait.inclusive.mean', 'pipeline.wait.inclusive.p95', 'pipeline.latency.mean'];

/** What to compare, and against what. */
export interface CompareSpec {
  baseline: Overrides;
  metrics: string[];
  rankBy: string;
  /** The smallest relative change that matters (stats/compare.ts DEFAULT_MIN_EFFECT unless given). */
  minEffect: number;
}

/** `compare.select:` as the selection procedure uses it (experiment/selection.ts). */
export interface SelectSpec {
  metric: string;
  /** A share of the best first-stage mean, or an amount in the metric's units. */
  indifference: { relative: number } | { absolute: number };
  confidence: number;
  max: number;
  /** Replications of every scenario before screening: the experiment's `replications`. */
  firstStage: number;
}

/** `compare:` as written back to experiment.resolved.yaml: an indifference in the form it was given. */
function resolvedCompare(compare: NonNullable<z.output<typeof experimentMetaSchema>['compare']>): Record<string, unknown> {
  if (!compare.select) return compare;
  const i = compare.select.indifference;
  return { ...compare, select: { ...compare.select, indifference: 'relative' in i ? `${+(i.relative * 100).toPrecision(12)}%` : i.absolute } };
}

export interface LoadOptions {
  /** Allow grids of more than MAX_RUNS_WITHOUT_CONFIRMATION runs, and experiments past the budget of model/estimate.ts. */
  yes?: boolean;
  /** Overrides from the command line (`--set path=value`, `--seed`), applied before validation. */
  set?: Overrides;
  /** Folder for relative policy paths; default: the file's folder. */
  baseDir?: string;
  /** --timeseries: an interval in seconds for replication 0 of every scenario, or false for none. */
  timeseries?: number | false;
  /** --events: the share of tasks to record in replication 0 of every scenario. */
  events?: number;
  /** The present, for `start: now` (milliseconds since 1970; default: the clock). */
  now?: number;
}

/** Sweeps larger than this need --yes. */
export const MAX_RUNS_WITHOUT_CONFIRMATION = 100_000;

/** Fields whose values must not be echoed in error messages. */
const SECRET_FIELD = /token|password|secret/i;
const HIDDEN = Symbol('hidden');

/** Renders a YAML value briefly for 'got …'. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === HIDDEN) return 'a value (not shown)';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'a list' : 'a mapping';
}

/** Turns zod issues into problems with readable messages and the values found. */
export function problemsFrom(issues: readonly z.core.$ZodIssue[], raw: unknown, prefix: (string | number)[] = []): ConfigProblem[] {
  return issues.flatMap((issue): ConfigProblem[] => {
    const at = [...prefix, ...(issue.path as (string | number)[])];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...at, key], message: UNKNOWN_FIELD }));
    }
    // A record's key that fails its schema: that schema's reason, not zod's "Invalid key in record".
    if (issue.code === 'invalid_key' && issue.issues[0]) return [{ path: at, message: `${issue.issues[0].message}` }];
    const found = getPath(raw, issue.path as (string | number)[]);
    // A secret written in a file is reported by where it is, never by what it is.
    const value = found !== undefined && SECRET_FIELD.test(String(at[at.length - 1] ?? '')) ? HIDDEN : found;
    const typeMatch = /^Invalid input: expected (\w+), received (\w+)/.exec(issue.message);
    if (typeMatch) {
      const expected = typeMatch[1] === 'object' ? 'a mapping' : typeMatch[1] === 'array' ? 'a list' : `a ${typeMatch[1]}`;
      return [{ path: at, message: value === undefined ? `missing (expected ${expected})` : `expected ${expected}, got ${describe(value)}` }];
    }
    if (issue.code === 'invalid_value' && 'values' in issue) {
      return [{ path: at, message: `expected one of ${issue.values.map(String).join(', ')}, got ${describe(value)}` }];
    }
    const scalar = value === null || (typeof value !== 'object' && value !== undefined);
    const message = !/\bgot\b/.test(issue.message) && scalar ? `${issue.message}, got ${describe(value)}` : issue.message;
    return [{ path: at, message }];
  });
}

/**
 * How labels show policy paths: by the module's file name ('./policies/shortest-training-first.ts'
 * reads 'shortest-training-first'), unless two paths share one.
 */
function valueNames(values: readonly unknown[]): Map<string, string> {
  const paths = [...new Set(values.filter((v): v is string => typeof v === 'string' && isPolicyPath(v)))];
  const name = (p: string) => path.basename(p).replace(/\.(m?[jt]s|cjs|cts)$/, '');
  return new Map(paths.filter((p) => paths.filter((o) => name(o) === name(p)).length === 1).map((p) => [p, name(p)]));
}

/** For each field path, its shortest dotted suffix that no other path ends with ('gpu.capacity'). */
export function shortNames(paths: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of paths) {
    const parts = p.split('.');
    for (let k = 1; k <= parts.length; k++) {
      const suffix = parts.slice(-k).join('.');
      if (k === parts.length || !paths.some((o) => o !== p && (o === suffix || o.endsWith(`.${suffix}`)))) {
        out.set(p, suffix);
        break;
      }
    }
  }
  return out;
}

/** An experiment as its files state it, and how to report a problem found in it later. */
export interface ReadExperiment {
  experiment: Experiment;
  /** The error for problems found by checks beyond the schema (policy modules, traces), each located in its file. */
  invalid(problems: ConfigProblem[]): ConfigError;
}

/**
 * Reads and validates an experiment file against the schema; rejects with ConfigError (exit 2)
 * on any problem. What needs the model (policy modules, replayed traces, the sweep's cost) is
 * checked by experiment/load.ts, which is what commands call.
 */
export async function readExperiment(file: string, options: LoadOptions = {}): Promise<ReadExperiment> {
  const { layers, raw } = await readLayered(file);
  const invalid = (problems: ConfigProblem[]) => new ConfigError(file, located(problems, layers, options.set ?? []));
  const fail = (problems: ConfigProblem[]): never => {
    throw invalid(problems);
  };
  const mistyped = mistypedPaths(raw, options.set ?? []);
  if (mistyped.length > 0) throw new UserError(mistyped.map(([p, message]) => `--set ${p}: ${message}`).join('\n'));
  let top = raw as Record<string, unknown>;
  for (const [p, value] of options.set ?? []) top = setPath(top, splitPath(p), value) as Record<string, unknown>;

  const metaKeys = Object.keys(experimentMetaSchema.shape);
  const metaRaw = Object.fromEntries(Object.entries(top).filter(([k]) => metaKeys.includes(k)));
  const scenarioRaw: unknown = Object.fromEntries(Object.entries(top).filter(([k]) => !metaKeys.includes(k)));

  const meta = experimentMetaSchema.safeParse(metaRaw);
  const problems: ConfigProblem[] = meta.success ? [] : problemsFrom(meta.error.issues, metaRaw);
  const replications = replicationsSchema.safeParse(top.replications ?? 1);
  if (!replications.success) problems.push(...problemsFrom(replications.error.issues, top.replications, ['replications']));
  const grid = gridSchema.safeParse(top.grid ?? {});
  if (!grid.success) problems.push(...problemsFrom(grid.error.issues, top.grid, ['grid']));
  const base = scenarioSchema.safeParse(scenarioRaw);
  if (!base.success) problems.push(...problemsFrom(base.error.issues, scenarioRaw));
  if (problems.length > 0) return fail(problems);
  if (!meta.success || !replications.success || !grid.success || !base.success) throw new Error('unreachable: validation state');

  if ('confidence' in top && replications.data.mode === 'fixed' && replications.data.count < 2) {
    fail([{ path: ['replications'], message: 'confidence intervals need at least 2 replications, got 1' }]);
  }
  for (const axis of grid.data) {
    for (const p of axis.paths) {
      const keys = splitPath(p);
      if (getPath(scenarioRaw, keys) === undefined && getPath(base.data, keys) === undefined) {
        const where = axis.paths.length > 1 ? ['grid', 'together'] : ['grid', p];
        const hint = SCENARIO_KEYS.includes(String(keys[0])) ? '' : ` (grid fields are scenario fields: ${SCENARIO_KEYS.join(', ')})`;
        problems.push({ path: where, message: `no field '${p}' in the scenario to vary${hint}` });
      }
    }
  }
  if (problems.length > 0) return fail(problems);

  const scenarioCount = gridSize(grid.data);
  const runsPerScenario = replications.data.mode === 'fixed' ? replications.data.count : replications.data.max;
  if (scenarioCount * runsPerScenario > MAX_RUNS_WITHOUT_CONFIRMATION && !options.yes) {
    throw new UserError(`${file}: the grid makes ${scenarioCount} scenarios × ${runsPerScenario} replications = ${scenarioCount * runsPerScenario} runs, more than ${MAX_RUNS_WITHOUT_CONFIRMATION}`, 'pass --yes to run it anyway');
  }

  const fileDir = path.dirname(path.resolve(file));
  const baseDir = options.baseDir ?? (meta.data.baseDir !== undefined ? path.resolve(fileDir, meta.data.baseDir) : fileDir);
  const short = shortNames(grid.data.flatMap((a) => a.paths));
  const shown = valueNames(grid.data.flatMap((a) => a.steps.flat()));
  const scenarios: ScenarioEntry[] = [];
  for (const [index, overrides] of expandGrid(grid.data).entries()) {
    let variant: unknown = scenarioRaw;
    for (const [p, value] of overrides) variant = setPath(variant, splitPath(p), value);
    const label = overrides.length === 0 ? 'base' : overrides.map(([p, v]) => `${short.get(p) ?? p}=${typeof v === 'string' ? shown.get(v) ?? v : typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', ');
    const parsed = overrides.length === 0 ? base : scenarioSchema.safeParse(variant);
    if (!parsed.success) {
      const found = problemsFrom(parsed.error.issues, variant);
      fail(found.map((p) => ({ ...p, message: `${p.message} (in grid scenario ${label})` })));
      return undefined as never;
    }
    scenarios.push({ index, overrides, label, scenario: parsed.data });
  }

  let compare: CompareSpec | undefined;
  if (meta.data.compare?.baseline) {
    const metrics = meta.data.compare.metrics ?? DEFAULT_COMPARE_METRICS;
    compare = { baseline: Object.entries(meta.data.compare.baseline), metrics, rankBy: meta.data.compare.rankBy ?? (metrics[0] as string), minEffect: meta.data.compare.minEffect };
    try {
      matchBaselines(scenarios, compare.baseline);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      fail([{ path: ['compare', 'baseline'], message: error.message }]);
    }
  }

  const varianceReduction = meta.data.varianceReduction;
  if (varianceReduction?.antithetic) {
    const plan = replications.data;
    const counts: [(string | number)[], string, number][] = plan.mode === 'fixed'
      ? [[['replications'], 'replications', plan.count]]
      : [[['replications', 'min'], 'min', plan.min], [['replications', 'max'], 'max', plan.max], [['replications', 'batch'], 'batch', plan.batch]];
    if (meta.data.forecast) counts.push([['forecast', 'replications'], 'forecast replications', meta.data.forecast.replications]);
    for (const [where, what, n] of counts) {
      if (n % 2 !== 0) problems.push({ path: where, message: `antithetic replications come in pairs: expected an even number of ${what}, got ${n}` });
    }
    if (problems.length > 0) fail(problems);
  }

  const chosen = meta.data.compare?.select;
  let select: SelectSpec | undefined;
  if (chosen) {
    const plan = replications.data;
    if (plan.mode !== 'fixed') problems.push({ path: ['replications'], message: 'compare.select decides how many replications each scenario gets: give a fixed number (its first stage, e.g. 10), not a precision target' });
    else if (plan.count < 2) problems.push({ path: ['replications'], message: `compare.select needs a first stage of at least 2 replications, got ${plan.count}` });
    else if (chosen.max < plan.count) problems.push({ path: ['compare', 'select', 'max'], message: `expected at least the first stage's ${plan.count} replications, got ${chosen.max}` });
    if (scenarios.length < 2) problems.push({ path: ['compare', 'select'], message: 'selecting the best needs at least two scenarios (a grid:)' });
    if (meta.data.varianceReduction?.antithetic) problems.push({ path: ['varianceReduction', 'antithetic'], message: 'compare.select works on single replications; antithetic pairs are not supported with it' });
    if (problems.length > 0) fail(problems);
    select = { metric: chosen.metric, indifference: chosen.indifference, confidence: chosen.confidence, max: chosen.max, firstStage: (plan as { count: number }).count };
  }

  const forecast = meta.data.forecast;
  if (forecast) {
    const pools = Object.keys(base.data.platform.pools);
    forecast.pools.forEach((p, i) => {
      if (!pools.includes(p)) problems.push({ path: ['forecast', 'pools', i], message: `expected one of the pools (${pools.join(', ')}), got '${p}'` });
      else if (base.data.platform.pools[p]?.nodes) problems.push({ path: ['forecast', 'pools', i], message: `pool '${p}' has nodes: the forecast sizes counted pools (grid over its nodes' count to compare sizes)` });
    });
    if (forecast.search.max < forecast.search.min) problems.push({ path: ['forecast', 'search', 'max'], message: `expected max ≥ min (${forecast.search.min}), got ${forecast.search.max}` });
    if (problems.length > 0) fail(problems);
  }

  // Replayed traces: absolute paths (workers and the resolved file run from anywhere).
  for (const entry of scenarios) {
    const replay = entry.scenario.workload.replay;
    if (replay) replay.trace = path.resolve(baseDir, replay.trace);
  }

  // Time series are on by default for a single exploration (one run), off for sweeps.
  const singleRun = scenarioCount === 1 && replications.data.mode === 'fixed' && replications.data.count === 1;
  const declared = meta.data.timeseries;
  const timeseries = options.timeseries !== undefined
    ? (options.timeseries === false ? undefined : { interval: options.timeseries, replications: [0] })
    : declared === false ? undefined : declared ?? (singleRun ? { interval: 3600, replications: [0] } : undefined);
  const events = options.events !== undefined ? { sample: options.events, replications: [0] } : meta.data.events;

  const name = meta.data.name ?? path.basename(file).replace(/\.ya?ml$/i, '');
  const start = meta.data.start === 'now' ? anchorNearNow(Math.max(...scenarios.map((s) => s.scenario.warmup + s.scenario.horizon)), options.now ?? Date.now()) : meta.data.start;
  const resolved = {
    name, ...(meta.data.description ? { description: meta.data.description } : {}),
    baseDir,
    seed: meta.data.seed,
    // One replication has no interval: writing its level would make the resolved file invalid.
    ...(replications.data.mode === 'fixed' && replications.data.count < 2 && !('confidence' in top) ? {} : { confidence: meta.data.confidence }),
    replications: top.replications ?? 1,
    ...(top.grid ? { grid: top.grid } : {}), ...(meta.data.compare ? { compare: resolvedCompare(meta.data.compare) } : {}),
    ...(top.forecast ? { forecast: top.forecast } : {}),
    start,
    limits: meta.data.limits,
    ...(varianceReduction ? { varianceReduction } : {}),
    ...(meta.data.pareto ? { pareto: meta.data.pareto } : {}),
    ...(timeseries ? { timeseries } : {}), ...(events ? { events } : {}), ...(meta.data.influx ? { influx: meta.data.influx } : {}),
    ...base.data,
  };
  const experiment: Experiment = {
    file, baseDir, name, ...(meta.data.description ? { description: meta.data.description } : {}),
    seed: meta.data.seed, confidence: meta.data.confidence, replications: replications.data, scenarios, resolved,
    inputs: digestInputs(scenarios.map((s) => s.scenario), baseDir),
    ...(compare ? { compare } : {}),
    ...(select ? { select } : {}),
    ...(forecast ? { forecast } : {}),
    start: parseTimestamp(start),
    limits: meta.data.limits,
    ...(varianceReduction && (varianceReduction.controlVariates || varianceReduction.antithetic) ? { varianceReduction } : {}),
    ...(meta.data.pareto ? { pareto: meta.data.pareto } : {}),
    ...(timeseries ? { timeseries } : {}), ...(events ? { events } : {}), ...(meta.data.influx ? { influx: meta.data.influx } : {}),
  };
  return { experiment, invalid };
}

const WEEK_MS = 7 * 86400_000;
/** 1970-01-05 was a Monday: Mondays 00:00 UTC are this far from a multiple of a week since 1970. */
const MONDAY_OFFSET_MS = 4 * 86400_000;

/** The latest Monday 00:00 UTC from which `spanSeconds` of simulated time end at `nowMs` or before, as an ISO date. */
export function anchorNearNow(spanSeconds: number, nowMs: number): string {
  const latest = nowMs - spanSeconds * 1000;
  const monday = Math.floor((latest - MONDAY_OFFSET_MS) / WEEK_MS) * WEEK_MS + MONDAY_OFFSET_MS;
  return new Date(monday).toISOString();
}
