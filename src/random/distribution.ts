/**
 * Distribution: the interface every family implements (sampler plus analytic mean, variance
 * and CDF, so tests compare samples with theory), and the samplers' shared helpers.
 */
import type { Rng } from './streams.js';

/** A probability distribution over numbers, with its analytic moments and CDF. */
export interface Distribution {
  /** Family name as written in YAML (`dist:`). */
  readonly family: string;
  /** Expected value (may be Infinity where the family has no finite mean). */
  readonly mean: number;
  /** Variance (may be Infinity). */
  readonly variance: number;
  /** Draws one value using `rng`; consumes a family-specific number of uniforms. */
  sample(rng: Rng): number;
  /**
   * Fills `out` with successive draws: the same values, consuming the same uniforms, as
   * `out.length` calls of `sample`. Each family writes its own loop, so that the sampler is
   * inlined into it (a loop shared by all families would call through a megamorphic site).
   */
  fill(rng: Rng, out: Float64Array): void;
  /** P(X ≤ x). */
  cdf(x: number): number;
}

/** Uniform in (0, 1]: safe for log() in inverse-transform sampling. */
export function openUniform(rng: Rng): number {
  return 1 - rng();
}

/** One standard normal draw by Box–Muller, using two uniforms (the second variate is dropped
 * so that each call consumes a fixed number of draws and streams never hold hidden state). */
export function standardNormal(rng: Rng): number {
  const u1 = openUniform(rng);
  const u2 = rng();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
