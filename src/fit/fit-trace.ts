/**
 * `pipesim fit`: a complete experiment fitted to a trace of job executions. Jobs become
 * single-task pipelines; the fit covers the arrival process (hour × weekday profile and the
 * interarrival distribution in operational time), the tenant mix, and per task kind its pool,
 * its units mix and its durations per tenant (a family, or the data's quantiles when none fits).
 */
import type { DistributionSpec } from '../random/index.js';
import type { TraceTable } from '../trace/read.js';
import { arrivalWindow, dequantise, fitProfile, interarrivals, OperationalClock, type ArrivalProfile, type ArrivalWindow } from './arrivals.js';
import { fitDistribution, type FitOptions, type FitResult } from './families.js';
import { bucketOf } from '../model/durations.js';
import { UserError } from '../core/errors.js';

export interface TraceFitOptions extends FitOptions {
  /** Seeds the dequantisation of whole-second timestamps. */
  seed?: number;
  /** Tenants with fewer rows of a kind share that kind's overall duration model. */
  minTenantRows?: number;
  /** Fit arrivals over the whole trace instead of its window of steady arrivals. */
  wholeTrace?: boolean;
}

export interface StratumFit {
  name: string;
  rows: number;
  fit: FitResult;
}

export interface UnitsMix { values: number[]; weights: number[] }

/** Shares of each units value among `rows`. */
function unitsMix(trace: TraceTable, rows: readonly number[]): UnitsMix {
  const counts = new Map<number, number>();
  for (const i of rows) counts.set(trace.units[i] as number, (counts.get(trace.units[i] as number) ?? 0) + 1);
  const values = [...counts.keys()].sort((a, b) => a - b);
  return { values, weights: values.map((v) => (counts.get(v) as number) / rows.length) };
}

export interface KindFit {
  kind: string;
  /** Index into the trace's kind names. */
  traceKind: number;
  pool: string;
  rows: number;
  units: UnitsMix;
  /** Tenants with enough jobs of this kind: their own units mix (tenants' mixes differ a lot). */
  unitsByTenant: { name: string; rows: number; units: UnitsMix }[];
  /** Durations of all tenants' jobs, whatever their units (for the summary). */
  durations: FitResult;
  /** Units boundaries: n make n + 1 buckets (≤ b1, ..., > bn); jobs on more units run longer. */
  unitsBuckets: number[];
  /** Per units bucket, all tenants. */
  buckets: StratumFit[];
  /** Tenants with enough jobs: per bucket, their own fit (shared by buckets too sparse to fit alone). */
  byTenant: { name: string; rows: number; buckets: (StratumFit | undefined)[] }[];
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
  profile: ArrivalProfile;
  /** Interarrival times in operational time (what the simulator draws), and their fit. */
  operationalGaps: Float64Array;
  interarrival: FitResult;
  /** The trace's interarrival times as recorded (dequantised), for comparison. */
  wallClockGaps: Float64Array;
  tenants: { name: string; rows: number }[];
  frameworks: { name: string; rows: number }[];
  kinds: KindFit[];
  pools: PoolFit[];
}

const DEFAULT_MIN_TENANT_ROWS = 50;
/** Largest relative error of the arrival rate a parametric interarrival model may have. */
const ARRIVAL_RATE_TOLERANCE = 0.02;

/** Pool names: the trace's pool column, else 'gpu' when units are GPUs, else 'pool'. */
function poolNamesOf(trace: TraceTable): string[] {
  if (trace.columns.pool !== undefined) return trace.poolNames.map(safeName);
  return [/gpu/i.test(trace.columns.units ?? '') ? 'gpu' : 'pool'];
}

/** A category value as a YAML-safe name (letters, digits, _ . -). */
export function safeName(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return cleaned === '' ? 'unnamed' : cleaned;
}

const OVERLAP_RESOLUTION = 0.005;

/** Peak concurrent units per pool. */
function peakUnits(trace: TraceTable, poolCount: number): { peaks: number[]; recorded: boolean } {
  const recorded = trace.columns.start !== undefined && trace.start.every((s) => Number.isFinite(s));
  const n = trace.rows;
  const peaks = new Array<number>(poolCount).fill(0);
  for (let pool = 0; pool < poolCount; pool++) {
    const times: number[] = [];
    const deltas: number[] = [];
    for (let i = 0; i < n; i++) {
      if (poolCount > 1 && trace.pool[i] !== pool) continue;
      const begin = recorded ? (trace.start[i] as number) : (trace.submit[i] as number);
      // A job ending as another starts, recorded with rounded timestamps, may seem to overlap
      // it by a rounding step: overlaps shorter than OVERLAP_RESOLUTION do not count.
      times.push(begin, begin + Math.max(0, (trace.duration[i] as number) - OVERLAP_RESOLUTION));
      deltas.push(trace.units[i] as number, -(trace.units[i] as number));
    }
    // Ends before starts at equal times: a job ending as another starts does not overlap it.
    const order = Int32Array.from(times.keys()).sort((a, b) => (times[a] as number) - (times[b] as number) || (deltas[a] as number) - (deltas[b] as number));
    let level = 0;
    for (const i of order) {
      level += deltas[i] as number;
      peaks[pool] = Math.max(peaks[pool] as number, level);
    }
  }
  return { peaks, recorded };
}

export function fitTrace(trace: TraceTable, options: TraceFitOptions = {}): TraceFit {
  if (trace.rows < 3) throw new UserError(`${trace.file}: ${trace.rows} usable row(s); a fit needs at least 3 jobs`);
  const minTenantRows = options.minTenantRows ?? DEFAULT_MIN_TENANT_ROWS;
  const window = options.wholeTrace ? { from: 0, to: trace.rows, before: 0, after: 0 } : arrivalWindow(trace.submit);
  if (window.to - window.from < 3) throw new UserError(`${trace.file}: fewer than 3 submissions in the trace's steady arrival window (a sparse trace)`, 'fit every row with --whole-trace, or give a longer trace');
  const submits = dequantise(trace.submit.subarray(window.from, window.to), trace.wholeSeconds, options.seed ?? 1);
  const profile = fitProfile(submits);
  const clock = new OperationalClock(profile);
  const operationalGaps = interarrivals(submits, clock);
  // The mean interarrival is the arrival rate: a family must match it closely, not within noise.
  const interarrival = fitDistribution(operationalGaps, { ...options, meanTolerance: ARRIVAL_RATE_TOLERANCE, meanNoise: false });

  const count = (column: Int32Array, names: string[]) => {
    const counts = new Array<number>(names.length).fill(0);
    for (let i = 0; i < trace.rows; i++) counts[column[i] as number]!++;
    return names.map((name, i) => ({ name, rows: counts[i] as number }));
  };
  const tenants = count(trace.tenant, trace.tenantNames);
  const poolNames = poolNamesOf(trace);
  const kinds: KindFit[] = trace.kindNames.map((kindName, k) => {
    const rowsOf: number[] = [];
    for (let i = 0; i < trace.rows; i++) if (trace.kind[i] === k) rowsOf.push(i);
    const poolRows = new Array<number>(poolNames.length).fill(0);
    for (const i of rowsOf) poolRows[poolNames.length > 1 ? (trace.pool[i] as number) : 0]!++;
    const units = unitsMix(trace, rowsOf);
    const bounds = unitsBoundaries(units, rowsOf.length, Math.max(minTenantRows, Math.ceil(rowsOf.length / 100)));
    const bucketOfUnits = (units: number) => bucketOf(bounds, units);
    const labels = bucketLabels(bounds);
    const durationsOf = (rows: number[]) => rows.map((i) => trace.duration[i] as number);
    const rowsByBucket = labels.map((_, b) => rowsOf.filter((i) => bucketOfUnits(trace.units[i] as number) === b));
    const buckets = labels.map((name, b) => ({ name, rows: (rowsByBucket[b] as number[]).length, fit: fitDistribution(durationsOf(rowsByBucket[b] as number[]), options) }));
    const byTenant: KindFit['byTenant'] = [];
    const unitsByTenant: KindFit['unitsByTenant'] = [];
    trace.tenantNames.forEach((tenantName, t) => {
      const mine = rowsOf.filter((i) => trace.tenant[i] === t);
      if (mine.length < minTenantRows || trace.tenantNames.length < 2) return;
      unitsByTenant.push({ name: tenantName, rows: mine.length, units: unitsMix(trace, mine) });
      const mineByBucket = labels.map((_, b) => mine.filter((i) => bucketOfUnits(trace.units[i] as number) === b));
      const dense = (b: number) => (mineByBucket[b] as number[]).length >= minTenantRows;
      // The tenant's jobs in buckets too sparse to fit alone are fitted together (or with all
      // its jobs, if still too few): a tenant's own durations beat other tenants'.
      const sparseRows = mineByBucket.filter((_, b) => !dense(b)).flat();
      const pooledRows = sparseRows.length >= minTenantRows ? sparseRows : mine;
      const pooled = sparseRows.length === 0 ? undefined : { name: sparseRows === pooledRows ? 'other units, pooled' : 'all units, pooled', rows: pooledRows.length, fit: fitDistribution(durationsOf(pooledRows), options) };
      byTenant.push({
        name: tenantName,
        rows: mine.length,
        buckets: labels.map((name, b) => (dense(b) ? { name, rows: (mineByBucket[b] as number[]).length, fit: fitDistribution(durationsOf(mineByBucket[b] as number[]), options) } : pooled)),
      });
    });
    return {
      kind: safeName(kindName),
      traceKind: k,
      pool: poolNames[poolRows.indexOf(Math.max(...poolRows))] as string,
      rows: rowsOf.length,
      units,
      unitsByTenant,
      durations: fitDistribution(durationsOf(rowsOf), options),
      unitsBuckets: bounds,
      buckets,
      byTenant,
    };
  });
  const { peaks, recorded } = peakUnits(trace, poolNames.length);
  return {
    trace,
    first: submits[0] as number,
    last: submits[submits.length - 1] as number,
    window,
    profile,
    operationalGaps,
    interarrival,
    wallClockGaps: interarrivals(submits),
    tenants,
    frameworks: trace.columns.framework !== undefined ? count(trace.framework, trace.frameworkNames) : [],
    kinds,
    pools: poolNames.map((name, i) => ({ name, capacity: peaks[i] as number, basis: recorded ? 'recorded start and end' : 'submission and duration, as if no job waited' })),
  };
}

/**
 * Units boundaries such that every bucket holds at least `minRows` jobs: consecutive units
 * values are merged until a bucket is full; a short last bucket joins the one before.
 */
function unitsBoundaries(mix: UnitsMix, rows: number, minRows: number): number[] {
  const bounds: number[] = [];
  let filled = 0;
  for (const [i, v] of mix.values.entries()) {
    filled += Math.round((mix.weights[i] as number) * rows);
    if (filled >= minRows) {
      bounds.push(v);
      filled = 0;
    }
  }
  // The last bucket is 'more than the last boundary', so the last boundary closed nothing new.
  bounds.pop();
  return bounds;
}

/** '≤ 1', '2-4', '> 8' style labels of the buckets boundaries make. */
function bucketLabels(bounds: number[]): string[] {
  if (bounds.length === 0) return ['all units'];
  return [...bounds.map((b, i) => {
    const from = i === 0 ? 1 : (bounds[i - 1] as number) + 1;
    return from === b ? `${b} units` : `${from}-${b} units`;
  }), `> ${bounds[bounds.length - 1]} units`];
}

/** Six significant digits: plenty for fitted parameters, short enough to read. */
const round = (x: number) => Number(x.toPrecision(6));

function roundSpec(spec: DistributionSpec): DistributionSpec {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec)) out[k] = typeof v === 'number' ? round(v) : Array.isArray(v) ? v.map((x: number) => round(x)) : v;
  return out as unknown as DistributionSpec;
}

/** The fitted experiment as plain data for YAML (quantities in seconds, as the schema reads numbers). */
export function fittedExperiment(fit: TraceFit, name: string, traceLabel: string): Record<string, unknown> {
  const days = Math.max(1, Math.ceil((fit.last - fit.first) / 86400));
  const tenantNames = fit.tenants.map((t) => safeName(t.name));
  const tenants = Object.fromEntries(fit.tenants.map((t, i) => [tenantNames[i], { weight: round(t.rows / fit.trace.rows) }]));
  const structures = Object.fromEntries(fit.kinds.map((k) => [k.kind, { weight: round(k.rows / fit.trace.rows), tasks: { [k.kind]: { kind: k.kind } } }]));
  const tasks = Object.fromEntries(fit.kinds.map((k) => {
    const mixSpec = (m: UnitsMix) => (m.values.length === 1 ? m.values[0] : { dist: 'categorical', values: m.values, weights: m.weights.map(round) });
    const units = k.unitsByTenant.length === 0 ? mixSpec(k.units) : {
      byTenant: { ...Object.fromEntries(k.unitsByTenant.map((t) => [safeName(t.name), mixSpec(t.units)])), default: mixSpec(k.units) },
    };
    const overall = k.buckets.map((b) => roundSpec(b.fit.chosen));
    const duration = k.byTenant.length === 0 && k.unitsBuckets.length === 0 ? overall[0] : {
      model: 'by-tenant',
      ...(k.unitsBuckets.length > 0 ? { unitsBuckets: k.unitsBuckets } : {}),
      byTenant: {
        ...Object.fromEntries(k.byTenant.map((t) => [safeName(t.name), t.buckets.map((b, i) => (b ? roundSpec(b.fit.chosen) : overall[i]))])),
        default: overall,
      },
    };
    return [k.kind, { pool: k.pool, units, duration }];
  }));
  return {
    name,
    description: `Fitted by pipesim fit from ${traceLabel}: ${fit.window.to - fit.window.from} job arrivals over ${days} days`,
    seed: 1,
    horizon: `${days}d`,
    warmup: '7d',
    platform: { pools: Object.fromEntries(fit.pools.map((p) => [p.name, { capacity: p.capacity }])) },
    workload: {
      interarrival: roundSpec(fit.interarrival.chosen),
      profile: { hourly: fit.profile.hourly.map((x) => round(x)), weekday: fit.profile.weekday.map((x) => round(x)) },
      tenants,
      ...(fit.frameworks.length > 1 ? { frameworks: Object.fromEntries(fit.frameworks.map((f) => [safeName(f.name), round(f.rows / fit.trace.rows)])) } : {}),
      structures,
    },
    tasks,
    policy: { scheduler: 'fifo' },
  };
}
