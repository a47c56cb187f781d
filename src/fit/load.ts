/**
 * The load a workload offers, of the trace's fitted window and of the fitted model side by
 * side: arrivals per day and unit-hours per day, per pool, per tenant and per units value. The
 * trace's unit-hours count its jobs with a usable duration and units, scaled up to all its
 * arrivals (jobs whose duration is unknown are taken to be like the rest, as the model takes
 * them). The model's come from its laws' means, not from a simulation, over the same calendar
 * window: a window that is not whole weeks holds more busy hours than an average week (or
 * fewer), and `weekFactor` converts its figures to the long-run average of whole weeks.
 */
import { createDistribution } from '../random/index.js';
import { bucketOf } from '../model/durations.js';
import { UNKNOWN_UNITS } from '../trace/read.js';
import { OperationalClock } from './arrivals.js';
import type { TraceFit } from './fit-trace.js';
import { modelUnits, stratumSpec, type KindFit, type StratumFit, type UnitsMix } from './strata.js';

/** Arrivals and unit-hours per day. */
export interface Load { arrivalsPerDay: number; unitHoursPerDay: number }

export interface LoadRow { label: string; trace: Load; model: Load }

export interface OfferedLoad {
  /** Length of the fitted window in days. */
  days: number;
  /** The window's expected arrivals over those of as many days of whole weeks (the hour × weekday profile's weight of the window). */
  weekFactor: number;
  total: LoadRow;
  pools: LoadRow[];
  tenants: LoadRow[];
  /** Per kind and units value. */
  units: LoadRow[];
}

/** Per label, per kind: the trace's arrivals, and the unit-seconds of those with a usable duration and units. */
class Tally {
  private readonly rows = new Map<string, { byKind: Map<number, { arrivals: number; complete: number; unitSeconds: number }>; model: Load }>();
  private entry(label: string) {
    let r = this.rows.get(label);
    if (!r) this.rows.set(label, (r = { byKind: new Map(), model: { arrivalsPerDay: 0, unitHoursPerDay: 0 } }));
    return r;
  }
  addTrace(label: string, kind: number, unitSeconds: number | undefined): void {
    const byKind = this.entry(label).byKind;
    let k = byKind.get(kind);
    if (!k) byKind.set(kind, (k = { arrivals: 0, complete: 0, unitSeconds: 0 }));
    k.arrivals++;
    if (unitSeconds !== undefined) {
      k.complete++;
      k.unitSeconds += unitSeconds;
    }
  }
  addModel(label: string, load: Load): void {
    const model = this.entry(label).model;
    model.arrivalsPerDay += load.arrivalsPerDay;
    model.unitHoursPerDay += load.unitHoursPerDay;
  }
  /**
   * Per day over `days`; arrivals of kind k scaled by `arrivalScale[k]`. Jobs without a usable
   * duration are taken to be like the complete ones of their kind (kinds differ, so per kind).
   */
  list(days: number, arrivalScale: readonly number[] = []): LoadRow[] {
    return [...this.rows.entries()].map(([label, r]) => {
      let arrivals = 0;
      let unitSeconds = 0;
      for (const [kind, k] of r.byKind) {
        const all = k.arrivals * (arrivalScale[kind] ?? 1);
        arrivals += all;
        if (k.complete > 0) unitSeconds += (k.unitSeconds / k.complete) * all;
      }
      return { label, trace: { arrivalsPerDay: arrivals / days, unitHoursPerDay: unitSeconds / days / 3600 }, model: r.model };
    });
  }
}

const meanOf = (s: StratumFit) => createDistribution(stratumSpec(s)).mean;

export function offeredLoad(fit: TraceFit): OfferedLoad {
  const t = fit.trace;
  const days = (fit.last - fit.first) / 86400;
  const pools = new Tally();
  const tenants = new Tally();
  const units = new Tally();
  const total = new Tally();
  const unitsLabel = (k: KindFit, u: number) => (k.zeroUnits ? `${k.kind}: 0 units (1 on pool ${k.pool})` : `${k.kind}: ${u} units`);

  // The trace: every arrival in the window, by the kind it was fitted as.
  const kindOf = (i: number) => fit.kinds.findIndex((k) => (k.zeroUnits ? t.units[i] === 0 : t.units[i] !== 0 && k.traceKind === t.kind[i]));
  const arrivalsOfKind = fit.kinds.map(() => 0);
  const knownOfKind = fit.kinds.map(() => 0);
  for (let i = fit.window.from; i < fit.window.to; i++) {
    const ki = kindOf(i);
    if (ki < 0) continue;
    const k = fit.kinds[ki] as KindFit;
    const u = t.units[i] as number;
    const known = u !== UNKNOWN_UNITS;
    const unitSeconds = known && Number.isFinite(t.duration[i] as number) ? modelUnits(k.zeroUnits, u) * (t.duration[i] as number) : undefined;
    arrivalsOfKind[ki]!++;
    total.addTrace('all', ki, unitSeconds);
    pools.addTrace(k.pool, ki, unitSeconds);
    tenants.addTrace(t.tenantNames[t.tenant[i] as number] as string, ki, unitSeconds);
    if (known) {
      knownOfKind[ki]!++;
      units.addTrace(unitsLabel(k, u), ki, unitSeconds);
    }
  }

  // The model: its rate, the tenants' weights and kinds, the units mixes and the laws' means.
  const clock = new OperationalClock(fit.profile);
  const weekFactor = (clock.at(fit.last) - clock.at(fit.first)) / (fit.last - fit.first);
  const rate = (86400 / createDistribution(fit.interarrivalSpec).mean) * weekFactor;
  const arrivals = fit.tenants.reduce((a, x) => a + x.rows, 0);
  for (const tenant of fit.tenants) {
    const kindsOf = fit.tenantKinds[t.tenantNames.indexOf(tenant.name)] as number[];
    const ofKinds = kindsOf.reduce((a, b) => a + b, 0);
    const kindTotal = fit.kinds.reduce((a, k) => a + k.arrivals, 0);
    fit.kinds.forEach((k, ki) => {
      // As the fitted experiment draws them: the tenant's own kind shares when there are several kinds.
      const share = fit.kinds.length === 1 ? 1 : ofKinds > 0 ? (kindsOf[ki] as number) / ofKinds : k.arrivals / kindTotal;
      const perDay = rate * (tenant.rows / arrivals) * share;
      if (perDay === 0) return;
      const own = k.byTenant.find((x) => x.name === tenant.name);
      const mix: UnitsMix = k.unitsByTenant.find((x) => x.name === tenant.name)?.units ?? k.defaultUnits;
      mix.values.forEach((u, vi) => {
        const b = bucketOf(k.unitsBuckets, modelUnits(k.zeroUnits, u));
        const law = own?.buckets[b] ?? (k.buckets[b] as StratumFit);
        const load = { arrivalsPerDay: perDay * (mix.weights[vi] as number), unitHoursPerDay: (perDay * (mix.weights[vi] as number) * modelUnits(k.zeroUnits, u) * meanOf(law)) / 3600 };
        total.addModel('all', load);
        pools.addModel(k.pool, load);
        tenants.addModel(tenant.name, load);
        units.addModel(unitsLabel(k, u), load);
      });
    });
  }
  // Jobs of unknown units are taken to have the units of the rest of their kind, as the model draws them.
  const unknownUnits = arrivalsOfKind.map((a, k) => (knownOfKind[k] as number) > 0 ? a / (knownOfKind[k] as number) : 1);
  return { days, weekFactor, total: total.list(days)[0] as LoadRow, pools: pools.list(days), tenants: tenants.list(days), units: units.list(days, unknownUnits) };
}

const fixed = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toPrecision(3));
/** The model's figure against the trace's, as a signed percentage ('0.0%' when they agree to 0.05%). */
export function relativeGap(model: number, trace: number): string {
  if (!(trace > 0)) return 'n/a';
  const change = 100 * (model / trace - 1);
  return Math.abs(change) < 0.05 ? '0.0%' : `${change > 0 ? '+' : '−'}${Math.abs(change).toFixed(1)}%`;
}
const gap = relativeGap;

/** The offered-load table as text lines (largest rows first within each group, at most `limit` each). */
export function describeLoad(load: OfferedLoad, limit = 12): string[] {
  const line = (r: LoadRow) => `  ${r.label.padEnd(28)} arrivals/day ${fixed(r.trace.arrivalsPerDay).padStart(8)} trace, ${fixed(r.model.arrivalsPerDay).padStart(8)} model (${gap(r.model.arrivalsPerDay, r.trace.arrivalsPerDay)}); unit-hours/day ${fixed(r.trace.unitHoursPerDay).padStart(8)} trace, ${fixed(r.model.unitHoursPerDay).padStart(8)} model (${gap(r.model.unitHoursPerDay, r.trace.unitHoursPerDay)})`;
  const group = (title: string, rows: LoadRow[]) => {
    const sorted = [...rows].sort((a, b) => b.trace.unitHoursPerDay - a.trace.unitHoursPerDay);
    return [title, ...sorted.slice(0, limit).map(line), ...(sorted.length > limit ? [`  ... and ${sorted.length - limit} more (all in the .fit.json)`] : [])];
  };
  return [
    `offered load over the fitted window (${fixed(load.days)} days), trace beside the fitted model over the same days (× ${(1 / load.weekFactor).toFixed(3)} for the average of whole weeks):`,
    line({ ...load.total, label: 'all' }),
    ...group(' per pool', load.pools),
    ...group(' per tenant', load.tenants),
    ...group(' per units value', load.units),
  ];
}
