/**
 * What an arrival brings, fitted per task kind: its pool, its units mix (per tenant where a
 * tenant has enough jobs) and its durations per units bucket and tenant. Jobs that used no
 * units (CPU-only jobs in a GPU trace) form a kind of their own on a `cpu` pool.
 *
 * The load is kept by construction: a law fitted to a bucket that pools several units values
 * (or a tenant's sparse buckets) draws durations independently of units, so on its own it
 * would offer E[u]·E[d] unit-seconds per job where the trace offered E[u·d] (large jobs are
 * often short). Each law is therefore scaled, shape unchanged, so that the jobs it serves
 * offer the unit-seconds they offered in the trace; the factor is reported (1 when a law
 * covers one units value and matches its mean).
 */
import { createDistribution, type DistributionSpec } from '../random/index.js';
import { bucketOf } from '../model/durations.js';
import { UNKNOWN_UNITS, type TraceTable } from '../trace/read.js';
import { fitDistribution, scaledSpec, type FitOptions, type FitResult } from './families.js';

export interface UnitsMix { values: number[]; weights: number[] }

/** One duration law and the jobs it serves. */
export interface StratumFit {
  name: string;
  /** Jobs with a usable duration it was fitted to. */
  rows: number;
  fit: FitResult;
  /** Multiplier on the fitted law that keeps the unit-seconds of the jobs it serves. */
  scale: number;
}

export interface KindFit {
  kind: string;
  /** Index into the trace's kind names, or -1 for the kind of jobs that used no units. */
  traceKind: number;
  /** Jobs of no units, run as one unit each on their own pool. */
  zeroUnits: boolean;
  pool: string;
  /** Arrivals of this kind in the fitted window, and those with a usable duration and units. */
  arrivals: number;
  rows: number;
  /** Units of every arrival whose units are known. */
  units: UnitsMix;
  /** Units of the tenants without a mix of their own (all tenants when none has one). */
  defaultUnits: UnitsMix;
  /** Tenants with enough jobs of this kind: their own units mix (tenants' mixes differ a lot). */
  unitsByTenant: { name: string; rows: number; units: UnitsMix }[];
  /** Durations of all tenants' jobs, whatever their units (for the summary). */
  durations: FitResult;
  /** Units boundaries: n make n + 1 buckets (≤ b1, ..., > bn). */
  unitsBuckets: number[];
  /** Per units bucket: the law of tenants without their own (scaled to their jobs). */
  buckets: StratumFit[];
  /** Tenants with enough jobs: per bucket, their own law (shared by buckets too sparse to fit alone). */
  byTenant: { name: string; rows: number; buckets: (StratumFit | undefined)[] }[];
}

/** The rows of one kind: which trace kind (or the jobs of no units) and which rows are in it. */
export interface KindRows {
  name: string;
  traceKind: number;
  zeroUnits: boolean;
  pool: string;
  /** Arrivals (trace row indices) of this kind in the fitted window. */
  rows: number[];
}

/** Shares of each units value among `rows` (whose units are known). */
export function unitsMix(units: ArrayLike<number>, rows: readonly number[]): UnitsMix {
  const counts = new Map<number, number>();
  for (const i of rows) counts.set(units[i] as number, (counts.get(units[i] as number) ?? 0) + 1);
  const values = [...counts.keys()].sort((a, b) => a - b);
  return { values, weights: values.map((v) => (counts.get(v) as number) / rows.length) };
}

/**
 * Units boundaries such that every bucket holds at least `minRows` jobs: each units value with
 * that many jobs gets its own law; sparser consecutive values are merged until a bucket is
 * full, and a short last bucket joins the one before.
 */
export function unitsBoundaries(mix: UnitsMix, rows: number, minRows: number): number[] {
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
export function bucketLabels(bounds: number[]): string[] {
  if (bounds.length === 0) return ['all units'];
  return [...bounds.map((b, i) => {
    const from = i === 0 ? 1 : (bounds[i - 1] as number) + 1;
    return from === b ? `${b} units` : `${from}-${b} units`;
  }), `> ${bounds[bounds.length - 1]} units`];
}

/** Units a job of a kind holds in the model: as recorded, or one for the kind of no units. */
export const modelUnits = (zeroUnits: boolean, recorded: number) => (zeroUnits ? 1 : recorded);

/**
 * The factor that makes `spec`, serving `rows`, offer their recorded unit-seconds: the
 * recorded Σ u·d over what the law offers, Σ u · mean.
 */
function loadScale(spec: DistributionSpec, rows: readonly number[], trace: TraceTable, zeroUnits: boolean): number {
  const mean = createDistribution(spec).mean;
  let recorded = 0;
  let units = 0;
  for (const i of rows) {
    const u = modelUnits(zeroUnits, trace.units[i] as number);
    recorded += u * (trace.duration[i] as number);
    units += u;
  }
  return mean > 0 && units > 0 && recorded > 0 ? recorded / (mean * units) : 1;
}

/** A law fitted to `rows` and scaled to keep the unit-seconds of `served` (by default the same rows). */
function stratum(name: string, rows: number[], trace: TraceTable, k: KindRows, options: FitOptions, served: number[] = rows): StratumFit {
  const fit = fitDistribution(rows.map((i) => trace.duration[i] as number), options);
  return { name, rows: rows.length, fit, scale: loadScale(fit.chosen, served.length > 0 ? served : rows, trace, k.zeroUnits) };
}

/** The law a fitted stratum draws from: the chosen model, scaled. */
export const stratumSpec = (s: StratumFit): DistributionSpec => scaledSpec(s.fit.chosen, s.scale);

export function fitKind(trace: TraceTable, k: KindRows, minTenantRows: number, options: FitOptions): KindFit {
  const known = k.rows.filter((i) => trace.units[i] !== UNKNOWN_UNITS);
  const complete = known.filter((i) => Number.isFinite(trace.duration[i] as number));
  if (complete.length === 0) throw new Error(`fitKind: no job of ${k.name} has a usable duration`);
  const unitsOf = k.zeroUnits ? new Int32Array(trace.rows).fill(1) : trace.units;
  const units = unitsMix(unitsOf, known);
  const bounds = k.zeroUnits ? [] : unitsBoundaries(units, known.length, minTenantRows);
  const labels = bucketLabels(bounds);
  const bucket = (i: number) => bucketOf(bounds, unitsOf[i] as number);
  const byBucket = (rows: number[]) => labels.map((_, b) => rows.filter((i) => bucket(i) === b));

  // Tenants with enough jobs of this kind get their own units mix and durations; the rest share the defaults.
  const dense = trace.tenantNames.length < 2 ? [] : trace.tenantNames.map((name, t) => ({ name, t, rows: complete.filter((i) => trace.tenant[i] === t), known: known.filter((i) => trace.tenant[i] === t) }))
    .filter((x) => x.known.length >= minTenantRows && x.rows.length > 0);
  const denseTenants = new Set(dense.map((x) => x.t));
  const sparseKnown = known.filter((i) => !denseTenants.has(trace.tenant[i] as number));
  const sparseComplete = complete.filter((i) => !denseTenants.has(trace.tenant[i] as number));

  const allByBucket = byBucket(complete);
  const sparseByBucket = byBucket(sparseComplete);
  // The default law of a bucket: fitted to every tenant's jobs (its shape), scaled to the jobs it serves.
  // A bucket whose jobs all lack a duration borrows the shape of the kind's (its scale still its own jobs').
  const orAll = (rows: number[]) => (rows.length > 0 ? rows : complete);
  const buckets = labels.map((name, b) => stratum(name, orAll(allByBucket[b] as number[]), trace, k, options, sparseByBucket[b] as number[]));
  const byTenant = dense.map(({ name, rows }) => {
    const mine = byBucket(rows);
    const isDense = (b: number) => (mine[b] as number[]).length >= minTenantRows;
    // The tenant's jobs in buckets too sparse to fit alone are fitted together (or with all
    // its jobs, if still too few): a tenant's own durations beat other tenants'.
    const sparseRows = mine.filter((_, b) => !isDense(b)).flat();
    const pooledRows = sparseRows.length >= minTenantRows ? sparseRows : rows;
    const pooled = sparseRows.length === 0 ? undefined : stratum(sparseRows === pooledRows ? 'other units, pooled' : 'all units, pooled', pooledRows, trace, k, options, sparseRows);
    return { name, rows: rows.length, buckets: labels.map((label, b) => (isDense(b) ? stratum(label, mine[b] as number[], trace, k, options) : pooled)) };
  });
  return {
    kind: k.name,
    traceKind: k.traceKind,
    zeroUnits: k.zeroUnits,
    pool: k.pool,
    arrivals: k.rows.length,
    rows: complete.length,
    units,
    defaultUnits: sparseKnown.length > 0 ? unitsMix(unitsOf, sparseKnown) : units,
    unitsByTenant: dense.map(({ name, known: mine }) => ({ name, rows: mine.length, units: unitsMix(unitsOf, mine) })),
    durations: fitDistribution(complete.map((i) => trace.duration[i] as number), options),
    unitsBuckets: bounds,
    buckets,
    byTenant,
  };
}
