/**
 * Task-duration models: a plain distribution; `size-linear` (pre-processing time grows with
 * the asset's size, times multiplicative noise); `stratified` (a distribution per framework
 * and asset-size bucket, as training times are fitted from traces); `by-tenant` (a distribution
 * per tenant, as `pipesim fit` writes). Each gives a draw and the expected value for the same
 * pipeline, which SJF-style policies use.
 */
import type { DurationModelSpec } from '../config/schema.js';
import { createDistribution, DrawBlock, type Distribution, type DistributionSpec, type Rng } from '../random/index.js';

const GB = 1e9;

/** Picks the distribution of one task's duration (stratified and by-tenant models). */
type Pick = (assetSizeBytes: number, framework: number, tenant: number, units: number) => Distribution;

/**
 * A task kind's duration model bound to the stream one source of pipelines draws that kind's
 * durations from, which nothing else reads. One class for every model keeps the hot path's
 * calls monomorphic. A plain distribution's draws are made ahead in a DrawBlock and read
 * inline; the other models go through `sampleModel` and `expectedModel`, out of line, so
 * that the plain case stays small enough for V8 to inline into the arrival path.
 */
export class DurationDraws {
  private constructor(
    /** Plain: the distribution's draws. Size-linear: the noise factor's draws. */
    private readonly block: DrawBlock | undefined,
    /** The block's distribution's mean. */
    private readonly mean: number,
    private readonly plain: boolean,
    /** Size-linear: the draw multiplies base + perGB × the asset's size in GB. */
    private readonly base: number,
    private readonly perGB: number,
    /** Stratified and by-tenant: the distribution of each task, drawn from `rng`. */
    private readonly pick: Pick | undefined,
    private readonly rng: Rng,
  ) {}

  /** Durations drawn from `distribution`. */
  static plain(distribution: Distribution, rng: Rng): DurationDraws {
    return new DurationDraws(new DrawBlock(distribution, rng), distribution.mean, true, 0, 0, undefined, rng);
  }

  /** Durations (base + perGB × size in GB) × a draw of `noise`, never below 0. */
  static sizeLinear(base: number, perGB: number, noise: Distribution, rng: Rng): DurationDraws {
    return new DurationDraws(new DrawBlock(noise, rng), noise.mean, false, base, perGB, undefined, rng);
  }

  /** Durations drawn from the distribution `pick` gives for each task. */
  static picked(pick: Pick, rng: Rng): DurationDraws {
    return new DurationDraws(undefined, NaN, false, 0, 0, pick, rng);
  }

  /** Draws a duration in seconds for a task of a pipeline with this asset size, framework and tenant, on `units` units. */
  sample(assetSizeBytes: number, framework: number, tenant: number, units: number): number {
    return this.plain ? (this.block as DrawBlock).take() : this.sampleModel(assetSizeBytes, framework, tenant, units);
  }

  /** The expected duration for that task (what SJF-style policies see). */
  expected(assetSizeBytes: number, framework: number, tenant: number, units: number): number {
    return this.plain ? this.mean : this.expectedModel(assetSizeBytes, framework, tenant, units);
  }

  private sampleModel(assetSizeBytes: number, framework: number, tenant: number, units: number): number {
    const block = this.block;
    if (block !== undefined) return Math.max(0, this.scale(assetSizeBytes) * block.take());
    return (this.pick as Pick)(assetSizeBytes, framework, tenant, units).sample(this.rng);
  }

  private expectedModel(assetSizeBytes: number, framework: number, tenant: number, units: number): number {
    if (this.block !== undefined) return this.scale(assetSizeBytes) * this.mean;
    return (this.pick as Pick)(assetSizeBytes, framework, tenant, units).mean;
  }

  private scale(assetSizeBytes: number): number {
    return this.base + (this.perGB * assetSizeBytes) / GB;
  }
}

/** A compiled duration model: binds it to the stream of one source of pipelines. */
export type DurationModel = (rng: Rng) => DurationDraws;

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
    return (rng) => DurationDraws.plain(d, rng);
  }
  switch (spec.model) {
    case 'size-linear': {
      const noise = createDistribution(spec.noise);
      return (rng) => DurationDraws.sizeLinear(spec.base, spec.perGB, noise, rng);
    }
    case 'stratified': {
      const fallback = spec.byFramework.default?.map(createDistribution);
      const strata: Distribution[][] = frameworks.map((fw) => {
        const specific = spec.byFramework[fw];
        return specific ? specific.map(createDistribution) : (fallback as Distribution[]);
      });
      const bounds = Float64Array.from(spec.sizeBuckets);
      const pick: Pick = (size, framework) => (strata[framework] as Distribution[])[bucketOf(bounds, size)] as Distribution;
      return (rng) => DurationDraws.picked(pick, rng);
    }
    case 'by-tenant': {
      const fallback = spec.byTenant.default;
      // A tenant the model does not list (only possible in a replay's extra tenants) uses the first listed.
      const first = Object.values(spec.byTenant)[0] as DistributionSpec[];
      const byTenant = tenants.map((t) => (spec.byTenant[t] ?? fallback ?? first).map(createDistribution));
      const bounds = Int32Array.from(spec.unitsBuckets);
      const pick: Pick = (_size, _framework, tenant, units) => (byTenant[tenant] as Distribution[])[bucketOf(bounds, units)] as Distribution;
      return (rng) => DurationDraws.picked(pick, rng);
    }
  }
}
