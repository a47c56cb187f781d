/**
 * The work (unit-seconds) one synthetic pipeline offers each pool, in expectation over the
 * whole arrival law: tenant, structure (fan-out copies included), framework, asset size, units
 * and duration. It is what makes the per-pool work control (model/load-controls.ts) see every
 * source of load at once. Exact where the model's laws allow it: a duration's expectation over
 * the asset size comes from the size law's mean (size-linear) or its CDF at the bucket bounds
 * (stratified); a task's units are whole (a draw truncated as an Int32), so E[units × duration]
 * sums over the truncated units' probabilities from the units law's CDF. A kind without a
 * duration model (replayed jobs only) makes its pools' expectation unknown (NaN). Also how
 * fast a pool's excess work fades, for the backlog controls.
 */
import type { Scenario } from '../config/schema.js';
import { createDistribution, type Distribution, type DistributionSpec } from '../random/index.js';
import type { CompiledPlatform, Mix } from './compile.js';
import type { LoadExpectation } from './load-controls.js';

const GB = 1e9;
/** Below the smallest spacing of unit counts: F(v − ε) is the CDF just left of v. */
const EPSILON = 1e-9;
/** Unit counts summed at most (a law with more mass beyond makes the expectation NaN). */
const MAX_UNITS = 100_000;

/** A pool's load above this counts as this much when setting how fast its excess fades. */
const MAX_FADE_LOAD = 0.95;

/**
 * Per pool: the expected work of one synthetic pipeline, and how fast excess work fades: over
 * d / (1 − ρ)², the order of the time a queue at load ρ takes to forget a disturbance (the M/M/1
 * relaxation time in heavy traffic), with d the mean duration of the pool's tasks (weighted by
 * their units) and ρ the expected work per second (arrival rate × work per pipeline) over the
 * capacity. Fixed by the experiment alone, never by what a run draws, so the backlog controls
 * keep their expectation of 0.
 */
export function expectedLoad(scenario: Scenario, compiled: CompiledPlatform): LoadExpectation {
  const { work, units } = expectedOfferedWork(scenario, compiled);
  const interarrival = scenario.workload.interarrival ? createDistribution(scenario.workload.interarrival).mean : NaN;
  const rate = scenario.workload.growth / interarrival;
  const load = Array.from(work, (w, p) => (rate * w) / (compiled.capacity[p] as number));
  const fade = Float64Array.from(work, (w, p) => {
    const duration = w / (units[p] as number);
    const rho = Math.min(MAX_FADE_LOAD, Math.max(0, load[p] as number));
    const seconds = duration / (1 - rho) ** 2;
    return Number.isFinite(seconds) && seconds > 0 ? seconds : 1;
  });
  let busiest = 0;
  load.forEach((l, p) => { if (l > (load[busiest] as number)) busiest = p; });
  return { work, fade, busiest };
}

/** Per pool: the expected unit-seconds and units one synthetic pipeline offers it. */
export function expectedOfferedWork(scenario: Scenario, compiled: CompiledPlatform): { work: Float64Array; units: Float64Array } {
  const work = new Float64Array(compiled.poolNames.length);
  const unitCount = new Float64Array(compiled.poolNames.length);
  const frameworks = compiled.mixes.framework.names;
  const tenants = compiled.tenants.map((t) => t.name);
  const framework = probabilities(compiled.mixes.framework);
  const tenant = probabilities(compiled.mixes.tenant);
  const kindNames = compiled.kinds.map((k) => k.name);
  const meanDuration = kindNames.map((name) => durationMean(scenario.tasks[name]?.duration, compiled.laws.size, frameworks, tenants));
  // E[units × duration] per kind, tenant and framework, by the truncated units' law.
  const unitWork = compiled.kinds.map((kind, k) => tenants.map((_, t) => frameworks.map((_f, f) => {
    const mean = meanDuration[k] as DurationMean;
    return sumOverUnits(kind.units[t] as Distribution, (units) => units * mean(f, t, units));
  })));
  const meanUnits = compiled.kinds.map((kind) => tenants.map((_, t) => sumOverUnits(kind.units[t] as Distribution, (units) => units)));
  tenant.forEach((pt, t) => {
    const structures = compiled.mixes.structureByTenant[t] as Mix;
    probabilities(structures).forEach((ps, s) => {
      const structure = compiled.structures.find((st) => st.name === structures.names[s]);
      if (!structure || ps === 0) return;
      for (const k of structure.kind) {
        const kind = compiled.kinds[k]!;
        framework.forEach((pf, f) => {
          const pool = kind.poolByFramework[f] as number;
          work[pool] = (work[pool] as number) + pt * ps * pf * (unitWork[k]![t]![f] as number);
          unitCount[pool] = (unitCount[pool] as number) + pt * ps * pf * (meanUnits[k]![t] as number);
        });
      }
    });
  });
  return { work, units: unitCount };
}

type DurationMean = (framework: number, tenant: number, units: number) => number;

/** A task's expected duration given its framework, tenant and units, over the asset-size law. */
function durationMean(spec: Scenario['tasks'][string]['duration'], size: Distribution, frameworks: readonly string[], tenants: readonly string[]): DurationMean {
  if (spec === undefined) return () => NaN;
  if ('dist' in spec) {
    const mean = createDistribution(spec).mean;
    return () => mean;
  }
  switch (spec.model) {
    case 'size-linear': {
      const mean = (spec.base + (spec.perGB * size.mean) / GB) * createDistribution(spec.noise).mean;
      return () => mean;
    }
    case 'stratified': {
      const bounds = spec.sizeBuckets;
      // P(bucket b) = F(bound_b) − F(bound_{b−1}): bucketOf puts x ≤ bound_b in bucket b.
      const bucketShares = [...bounds, Infinity].map((b, i) => (b === Infinity ? 1 : size.cdf(b)) - (i === 0 ? 0 : size.cdf(bounds[i - 1] as number)));
      const byFramework = frameworks.map((fw) => {
        const strata = (spec.byFramework[fw] ?? spec.byFramework.default) as DistributionSpec[] | undefined;
        if (!strata) return NaN;
        return bucketShares.reduce((sum, share, b) => sum + share * createDistribution(strata[b] as DistributionSpec).mean, 0);
      });
      return (f) => byFramework[f] as number;
    }
    case 'by-tenant': {
      const first = Object.values(spec.byTenant)[0] as DistributionSpec[];
      const byTenant = tenants.map((t) => (spec.byTenant[t] ?? spec.byTenant.default ?? first).map((d) => createDistribution(d).mean));
      const bounds = spec.unitsBuckets;
      return (_f, t, units) => {
        let bucket = 0;
        while (bucket < bounds.length && units > (bounds[bucket] as number)) bucket++;
        return (byTenant[t] as number[])[bucket] as number;
      };
    }
  }
}

/** E[g(⌊U⌋)] for a units law U ≥ 0, from its CDF; NaN if too much mass lies beyond MAX_UNITS. */
function sumOverUnits(units: Distribution, g: (units: number) => number): number {
  let sum = 0;
  let below = units.cdf(-EPSILON);
  for (let v = 0; v <= MAX_UNITS; v++) {
    const upTo = units.cdf(v + 1 - EPSILON);
    const p = upTo - below;
    if (p > 0) sum += p * g(v);
    below = upTo;
    if (upTo >= 1 - 1e-15) return sum;
  }
  return NaN;
}

/** A mix's category probabilities. */
function probabilities(mix: Mix): number[] {
  return Array.from(mix.cumulative, (c, i) => c - (i === 0 ? 0 : (mix.cumulative[i - 1] as number)));
}
