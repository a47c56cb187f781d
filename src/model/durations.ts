/**
 * Task-duration models: a plain distribution; `size-linear` (pre-processing time grows with
 * the asset's size, times multiplicative noise); `stratified` (a distribution per framework
 * and asset-size bucket, as training times are fitted from traces); `by-tenant` (a distribution
 * per tenant, as `pipesim fit` writes). Each gives a draw and the expected value for the same
 * pipeline, which SJF-style policies use.
 */
import type { DurationModelSpec } from '../config/schema.js';
import { createDistribution, type Distribution, type DistributionSpec, type Rng } from '../random/index.js';

export interface DurationModel {
  /** Draws a duration in seconds for a task of a pipeline with this asset size, framework and tenant, on `units` units. */
  sample(rng: Rng, assetSizeBytes: number, framework: number, tenant: number, units: number): number;
  /** The expected duration for that task. */
  expected(assetSizeBytes: number, framework: number, tenant: number, units: number): number;
}

const GB = 1e9;

/** The bucket of `x` under ascending boundaries: 0 for x ≤ b[0], ..., b.length for x > the last. */
export function bucketOf(bounds: ArrayLike<number>, x: number): number {
  let bucket = 0;
  while (bucket < bounds.length && x > (bounds[bucket] as number)) bucket++;
  return bucket;
}

/** Compiles a duration spec; `frameworks` and `tenants` list names by index. */
export function compileDurationModel(spec: DurationModelSpec, frameworks: readonly string[], tenants: readonly string[]): DurationModel {
  if ('dist' in spec) {
    const d = createDistribution(spec);
    return { sample: (rng) => d.sample(rng), expected: () => d.mean };
  }
  switch (spec.model) {
    case 'size-linear': {
      const noise = createDistribution(spec.noise);
      const { base, perGB } = spec;
      return {
        sample: (rng, size) => Math.max(0, (base + (perGB * size) / GB) * noise.sample(rng)),
        expected: (size) => (base + (perGB * size) / GB) * noise.mean,
      };
    }
    case 'stratified': {
      const fallback = spec.byFramework.default?.map(createDistribution);
      const strata: Distribution[][] = frameworks.map((fw) => {
        const specific = spec.byFramework[fw];
        return specific ? specific.map(createDistribution) : (fallback as Distribution[]);
      });
      const bounds = Float64Array.from(spec.sizeBuckets);
      const pick = (size: number, framework: number) => (strata[framework] as Distribution[])[bucketOf(bounds, size)] as Distribution;
      return {
        sample: (rng, size, framework) => pick(size, framework).sample(rng),
        expected: (size, framework) => pick(size, framework).mean,
      };
    }
    case 'by-tenant': {
      const fallback = spec.byTenant.default;
      // A tenant the model does not list (only possible in a replay's extra tenants) uses the first listed.
      const first = Object.values(spec.byTenant)[0] as DistributionSpec[];
      const byTenant = tenants.map((t) => (spec.byTenant[t] ?? fallback ?? first).map(createDistribution));
      const bounds = Int32Array.from(spec.unitsBuckets);
      const pick = (tenant: number, units: number) => (byTenant[tenant] as Distribution[])[bucketOf(bounds, units)] as Distribution;
      return {
        sample: (rng, _size, _framework, tenant, units) => pick(tenant, units).sample(rng),
        expected: (_size, _framework, tenant, units) => pick(tenant, units).mean,
      };
    }
  }
}
