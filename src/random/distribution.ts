/**
 * Distribution: the interface every family implements (sampler plus analytic mean, variance
 * and CDF, so tests compare samples with theory), and the samplers' shared helpers.
 */
import type { Rng } from './streams.js';
import { normalQuantile } from './normal-quantile.js';
import { standardExponentialZiggurat, standardNormalZiggurat } from './ziggurat.js';

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

/** Half a step of the uniforms' 2^-32 grid: keeps inverse-transform arguments strictly inside (0, 1). */
const HALF_STEP = 2 ** -33;

/**
 * One standard exponential draw: by the ziggurat, or by inversion (−log(1 − u), one uniform)
 * on a stream read by inversion, whose mirrored twin then gives the antithetic draw.
 */
export function standardExponential(rng: Rng): number {
  return rng.inversion === true ? -Math.log(openUniform(rng)) : standardExponentialZiggurat(rng);
}

/** One standard normal draw: by the ziggurat, or by inversion (Φ⁻¹(u), one uniform) on a stream read by inversion. */
export function standardNormal(rng: Rng): number {
  return rng.inversion === true ? normalQuantile(openUniform(rng) - HALF_STEP) : standardNormalZiggurat(rng);
}
