/**
 * `pipesim fit`: a complete experiment fitted to a trace of job executions. Jobs become
 * single-task pipelines; the fit covers the arrival process (hour × weekday profile and the
 * interarrival distribution in operational time), the tenant mix, and per task kind its pool,
 * its units mix and its durations per tenant (a family, or the data's quantiles when none fits).
 *
 * Every row with a usable submission time is an arrival; durations and units are fitted from
 * the rows that have them. Everything about the workload comes from the window of steady
 * arrivals: jobs submitted before it (often still running when the log starts) are left out
 * of the arrivals and the durations alike, and reported. The platform's capacity is what the
 * whole trace used.
 */
import type { DistributionSpec } from '../random/index.js';
import { createDistribution } from '../random/index.js';
import { UNKNOWN_UNITS, type TraceTable } from '../trace/read.js';
import { arrivalWindow, dequantise, fitProfile, interarrivals, OperationalClock, type ArrivalProfile, type ArrivalWindow } from './arrivals.js';
import { fitDistribution, scaledSpec, type FitOptions, type FitResult } from './families.js';
import { fitKind, stratumSpec, type KindFit, type KindRows, type UnitsMix } from './strata.js';
import { UserError } from '../core/errors.js';
import { RESERVED_NAMES } from '../core/names.js';

export type { KindFit, StratumFit, UnitsMix } from './strata.js';

export interface TraceFitOptions extends FitOptions {
  /** Seeds the dequantisation of whole-second timestamps. */
  seed?: number;
  /** Tenants with fewer rows of a kind share that kind's overall duration model. */
  minTenantRows?: number;
  /** Fit arrivals over the whole trace instead of its window of steady arrivals. */
  wholeTrace?: boolean;
  /** Leave out (and count) jobs that used no units, instead of modelling them on a cpu pool. */
  dropZeroUnits?: boolean;
}

export interface PoolFit {
  name: string;
  /** Peak units in use at once. */
  capacity: number;
  basis: 'recorded start and end' | 'submission and duration, as if no job waited';
}

export interface TraceFit {
  trace: TraceTable;
  /** First and last submission of the arrival window (the fit of arrivals uses only it). */
  first: number;
  last: number;
  window: ArrivalWindow;
  /** Arrivals fitted: the window's rows, less those of no units when they are dropped. */
  arrivals: number;
  /** Jobs of no units left out by --drop-zero-units. */
  droppedZeroUnits: number;
  profile: ArrivalProfile;
  /** Interarrival times in operational time (what the simulator draws), and their fit. */
  operationalGaps: Float64Array;
  interarrival: FitResult;
  /** The chosen interarrival law, scaled to the sample's mean gap exactly (the arrival rate). */
  interarrivalSpec: DistributionSpec;
  /** The trace's interarrival times as recorded (dequantised), for comparison. */
  wallClockGaps: Float64Array;
  tenants: { name: string; rows: number }[];
  /** Per tenant (in `tenants` order), its arrivals of each kind (in `kinds` order). */
  tenantKinds: number[][];
  frameworks: { name: string; rows: number }[];
  kinds: KindFit[];
  pools: PoolFit[];
}

const DEFAULT_MIN_TENANT_ROWS = 50;
/** Largest relative error of the arrival rate a parametric interarrival model may have. */
const ARRIVAL_RATE_TOLERANCE = 0.02;
/** The pool of jobs that used no units. */
export const ZERO_UNITS_POOL = 'cpu';

/** Pool names: the trace's pool column, else 'gpu' when units are GPUs, else 'pool'. */
function poolNamesOf(trace: TraceTable): string[] {
  if (trace.columns.pool !== undefined) return distinctNames(trace.poolNames);
  return [/gpu/i.test(trace.columns.units ?? '') ? 'gpu' : 'pool'];
}

/** A category value as a YAML-safe name (letters, digits, _ . -). */
export function safeName(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return cleaned === '' ? 'unnamed' : cleaned;
}

/**
 * Safe names for `values`, distinct from each other and from `taken`: two values that clean to
 * one name ('a b', 'a-b'), or a name the schema reserves, get a numbered suffix.
 */
export function distinctNames(values: readonly string[], taken: readonly string[] = []): string[] {
  const used = new Set([...RESERVED_NAMES, ...taken]);
  return values.map((value) => {
    const base = safeName(value);
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}-${i}`;
    used.add(name);
    return name;
  });
}

const OVERLAP_RESOLUTION = 0.005;

/** Peak units in use at once by `rows`, each holding `unitsOf(row)`. */
function peakUnits(trace: TraceTable, rows: readonly number[], unitsOf: (row: number) => number): number {
  const times: number[] = [];
  const deltas: number[] = [];
  for (const i of rows) {
    const start = trace.start[i] as number;
    const begin = Number.isFinite(start) ? start : (trace.submit[i] as number);
    // A job ending as another starts, recorded with rounded timestamps, may seem to overlap
    // it by a rounding step: overlaps shorter than OVERLAP_RESOLUTION do not count.
    times.push(begin, begin + Math.max(0, (trace.duration[i] as number) - OVERLAP_RESOLUTION));
    deltas.push(unitsOf(i), -unitsOf(i));
  }
  // Ends before starts at equal times: a job ending as another starts does not overlap it.
  const order = Int32Array.from(times.keys()).sort((a, b) => (times[a] as number) - (times[b] as number) || (deltas[a] as number) - (deltas[b] as number));
  let level = 0;
  let peak = 0;
  for (const i of order) {
    level += deltas[i] as number;
    peak = Math.max(peak, level);
  }
  return peak;
}

export function fitTrace(trace: TraceTable, options: TraceFitOptions = {}): TraceFit {
  if (trace.rows < 3) {
    const skipped = trace.skipped.map((s) => `${s.count} ${s.reason} (lines ${s.lines.join(', ')}${s.count > s.lines.length ? ', ...' : ''})`).join('; ');
    throw new UserError(`${trace.file}: ${trace.rows} arrival(s); a fit needs at least 3 jobs${skipped ? `. Rows skipped: ${skipped}` : ''}`);
  }
  if (trace.complete === 0) throw new UserError(`${trace.file}: no row has both a usable duration and units; durations cannot be fitted`);
  const minTenantRows = options.minTenantRows ?? DEFAULT_MIN_TENANT_ROWS;
  const window = options.wholeTrace ? { from: 0, to: trace.rows, before: 0, after: 0 } : arrivalWindow(trace.submit);
  const inWindow: number[] = [];
  let droppedZeroUnits = 0;
  for (let i = window.from; i < window.to; i++) {
    if (options.dropZeroUnits && trace.units[i] === 0) droppedZeroUnits++;
    else inWindow.push(i);
  }
  if (inWindow.length < 3) throw new UserError(`${trace.file}: fewer than 3 submissions in the trace's steady arrival window (a sparse trace)`, 'fit every row with --whole-trace, or give a longer trace');
  const raw = Float64Array.from(inWindow, (i) => trace.submit[i] as number);
  if (raw[0] === raw[raw.length - 1]) throw new UserError(`${trace.file}: every submission is at the same time; there is no arrival process to fit`);
  const submits = dequantise(raw, trace.wholeSeconds, options.seed ?? 1);
  const profile = fitProfile(submits);
  const clock = new OperationalClock(profile);
  const operationalGaps = interarrivals(submits, clock);
  // The mean interarrival is the arrival rate: a family must match it closely, not within noise,
  // and the chosen law is then scaled to it exactly.
  const interarrival = fitDistribution(operationalGaps, { ...options, meanTolerance: ARRIVAL_RATE_TOLERANCE, meanNoise: false });
  const chosenMean = createDistribution(interarrival.chosen).mean;
  const interarrivalSpec = scaledSpec(interarrival.chosen, chosenMean > 0 ? interarrival.mean / chosenMean : 1);

  const kindRows = strataOf(trace, inWindow);
  const kinds = kindRows.filter((k) => k.rows.some((i) => trace.units[i] !== UNKNOWN_UNITS && Number.isFinite(trace.duration[i] as number)))
    .map((k) => fitKind(trace, k, minTenantRows, options));
  if (kinds.length === 0) throw new UserError(`${trace.file}: no job in the window of steady arrivals has both a usable duration and units; durations cannot be fitted`, 'fit every row with --whole-trace');
  // A kind none of whose jobs has a usable duration cannot be simulated: its arrivals join the others'.
  const tenantKinds = trace.tenantNames.map((_, t) => kinds.map((k) => {
    const rows = (kindRows.find((r) => r.name === k.kind) as KindRows).rows;
    return rows.filter((i) => trace.tenant[i] === t).length;
  }));
  const count = (column: Int32Array, names: string[]) => {
    const counts = new Array<number>(names.length).fill(0);
    for (const i of inWindow) counts[column[i] as number]!++;
    return names.map((name, i) => ({ name, rows: counts[i] as number }));
  };
  const recorded = trace.columns.start !== undefined;
  const withUnits = (filter: (i: number) => boolean) => {
    const rows: number[] = [];
    for (let i = 0; i < trace.rows; i++) if (filter(i) && trace.units[i] !== UNKNOWN_UNITS) rows.push(i);
    return rows;
  };
  const pools = [...new Set(kinds.map((k) => k.pool))].map((name): PoolFit => {
    const onPool = kinds.filter((k) => k.pool === name);
    const zero = onPool.some((k) => k.zeroUnits);
    const traceKinds = new Set(onPool.filter((k) => !k.zeroUnits).map((k) => k.traceKind));
    const rows = withUnits((i) => (trace.units[i] === 0 ? zero : traceKinds.has(trace.kind[i] as number)));
    const unitsOf = (i: number) => (trace.units[i] === 0 ? 1 : (trace.units[i] as number));
    // A pool holds at least its largest job (a job whose duration is unknown too), whatever the overlaps recorded.
    const largest = rows.reduce((m, i) => Math.max(m, unitsOf(i)), 1);
    const timed = rows.filter((i) => Number.isFinite(trace.duration[i] as number));
    return { name, capacity: Math.max(largest, peakUnits(trace, timed, unitsOf)), basis: recorded ? 'recorded start and end' : 'submission and duration, as if no job waited' };
  });
  const tenants = count(trace.tenant, trace.tenantNames);
  return {
    trace,
    first: submits[0] as number,
    last: submits[submits.length - 1] as number,
    window,
    arrivals: inWindow.length,
    droppedZeroUnits,
    profile,
    operationalGaps,
    interarrival,
    interarrivalSpec,
    wallClockGaps: interarrivals(submits),
    tenants,
    tenantKinds,
    frameworks: trace.columns.framework !== undefined ? count(trace.framework, trace.frameworkNames) : [],
    kinds,
    pools,
  };
}

/**
 * The window's arrivals by kind: per trace kind the jobs that used units (or whose units are
 * unknown), on the pool most of them ran on; and one kind for all jobs that used none.
 */
function strataOf(trace: TraceTable, rows: readonly number[]): KindRows[] {
  const poolNames = poolNamesOf(trace);
  const kindNames = distinctNames(trace.kindNames, ['cpu']);
  const strata: KindRows[] = trace.kindNames.map((_, k) => ({ name: kindNames[k] as string, traceKind: k, zeroUnits: false, pool: poolNames[0] as string, rows: [] }));
  const zero: number[] = [];
  for (const i of rows) {
    if (trace.units[i] === 0) zero.push(i);
    else (strata[trace.kind[i] as number] as KindRows).rows.push(i);
  }
  for (const s of strata) {
    const perPool = new Array<number>(poolNames.length).fill(0);
    for (const i of s.rows) perPool[poolNames.length > 1 ? (trace.pool[i] as number) : 0]!++;
    s.pool = poolNames[perPool.indexOf(Math.max(...perPool))] as string;
  }
  const out = strata.filter((s) => s.rows.length > 0);
  if (zero.length > 0) {
    out.push({ name: 'cpu', traceKind: -1, zeroUnits: true, pool: ZERO_UNITS_POOL, rows: zero });
  }
  return out;
}

/** Six significant digits: plenty for fitted parameters, short enough to read. */
const round = (x: number) => Number(x.toPrecision(6));

function roundSpec(spec: DistributionSpec): DistributionSpec {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec)) out[k] = typeof v === 'number' ? round(v) : Array.isArray(v) ? v.map((x: number) => round(x)) : v;
  return out as unknown as DistributionSpec;
}

/** A units mix as a units spec: a constant, or categorical. */
const mixSpec = (m: UnitsMix) => (m.values.length === 1 ? m.values[0] : { dist: 'categorical', values: m.values, weights: m.weights.map(round) });

/** A kind's task: its pool, units (per tenant where fitted) and duration laws (scaled to keep the load). */
function taskOf(k: KindFit, key: (tenant: string) => string): Record<string, unknown> {
  const units = k.zeroUnits ? 1 : k.unitsByTenant.length === 0 ? mixSpec(k.defaultUnits) : {
    byTenant: { ...Object.fromEntries(k.unitsByTenant.map((t) => [key(t.name), mixSpec(t.units)])), default: mixSpec(k.defaultUnits) },
  };
  const overall = k.buckets.map((b) => roundSpec(stratumSpec(b)));
  const duration = k.byTenant.length === 0 && k.unitsBuckets.length === 0 ? overall[0] : {
    model: 'by-tenant',
    ...(k.unitsBuckets.length > 0 ? { unitsBuckets: k.unitsBuckets } : {}),
    byTenant: {
      ...Object.fromEntries(k.byTenant.map((t) => [key(t.name), t.buckets.map((b, i) => (b ? roundSpec(stratumSpec(b)) : overall[i]))])),
      default: overall,
    },
  };
  return { pool: k.pool, units, duration };
}

function frameworkWeights(fit: TraceFit): Record<string, number> {
  const seen = fit.frameworks.filter((f) => f.rows > 0);
  const names = distinctNames(seen.map((f) => f.name));
  return Object.fromEntries(seen.map((f, i) => [names[i], round(f.rows / fit.arrivals)]));
}

/** The fitted experiment as plain data for YAML (quantities in seconds, as the schema reads numbers). */
export function fittedExperiment(fit: TraceFit, name: string, traceLabel: string): Record<string, unknown> {
  const days = Math.max(1, Math.ceil((fit.last - fit.first) / 86400));
  const kindArrivals = fit.kinds.reduce((sum, k) => sum + k.arrivals, 0);
  // 'default' is the fallback entry of per-tenant units and durations: with several tenants, none may take it.
  const keys = distinctNames(fit.trace.tenantNames, fit.trace.tenantNames.length > 1 ? ['default'] : []);
  const key = (tenant: string) => keys[fit.trace.tenantNames.indexOf(tenant)] as string;
  // Tenants that ran several kinds in different proportions keep them: the fitted load is per tenant.
  const tenants = Object.fromEntries(fit.tenants.filter((t) => t.rows > 0).map((t) => {
    const own = fit.tenantKinds[fit.trace.tenantNames.indexOf(t.name)] as number[];
    const total = own.reduce((a, b) => a + b, 0);
    const structures = fit.kinds.length > 1 && total > 0 ? { structures: Object.fromEntries(fit.kinds.map((k, i) => [k.kind, round((own[i] as number) / total)])) } : {};
    return [key(t.name), { weight: round(t.rows / fit.arrivals), ...structures }];
  }));
  const structures = Object.fromEntries(fit.kinds.map((k) => [k.kind, { weight: round(k.arrivals / kindArrivals), tasks: { [k.kind]: { kind: k.kind } } }]));
  return {
    name,
    description: `Fitted by pipesim fit from ${traceLabel}: ${fit.arrivals} job arrivals over ${days} days`,
    seed: 1,
    horizon: `${days}d`,
    warmup: '7d',
    platform: { pools: Object.fromEntries(fit.pools.map((p) => [p.name, { capacity: p.capacity }])) },
    workload: {
      interarrival: roundSpec(fit.interarrivalSpec),
      profile: { hourly: fit.profile.hourly.map((x) => round(x)), weekday: fit.profile.weekday.map((x) => round(x)) },
      tenants,
      ...(fit.frameworks.length > 1 ? { frameworks: frameworkWeights(fit) } : {}),
      structures,
    },
    tasks: Object.fromEntries(fit.kinds.map((k) => [k.kind, taskOf(k, key)])),
    policy: { scheduler: 'fifo' },
  };
}
