/**
 * Ziggurat samplers of the standard exponential and the standard normal (Marsaglia & Tsang,
 * "The ziggurat method for generating random variables", J. Stat. Software 5(8), 2000): about
 * 99% of draws take one uniform, a table lookup, a comparison and a product, with no `log`,
 * `sqrt` or `cos`. The rest (a wedge or the tail) take more uniforms, so a stream's draws no
 * longer advance it by a fixed count: see docs/statistics.md, "Random streams", for why that keeps
 * every purpose on a stream of its own and common random numbers intact.
 *
 * One 32-bit uniform gives both the layer (its low bits) and the position in the layer (its
 * high 24 bits). The original shares bits between the two, which correlates them (Doornik,
 * "An improved ziggurat method", 2005); disjoint bits do not.
 */
import type { Rng } from './streams.js';

const TWO_32 = 4294967296;
const TWO_24 = 16777216;

/** Exponential: 256 layers; R is the rightmost layer's edge and V each layer's area. */
const EXP_R = 7.69711747013105;
const EXP_V = 3.949659822581572e-3;
/** Position thresholds below which a draw lies under the density, per layer (in 24-bit units). */
const expK = new Float64Array(256);
/** Layer widths per 24-bit unit of position. */
const expW = new Float64Array(256);
/** The density at each layer's edge. */
const expF = new Float64Array(256);

/** Normal: 128 layers per sign, the sign taken from bit 7. */
const NORMAL_R = 3.442619855899;
const NORMAL_V = 9.91256303526217e-3;
const normalK = new Float64Array(128);
const normalW = new Float64Array(128);
const normalF = new Float64Array(128);

function buildTables(): void {
  // Layer edges x_i from the right (x_last = R) leftwards, each layer of area V (Marsaglia & Tsang, §3).
  let edge = EXP_R;
  let outer = edge;
  const expBase = EXP_V / Math.exp(-edge);
  expK[0] = (edge / expBase) * TWO_24;
  expK[1] = 0;
  expW[0] = expBase / TWO_24;
  expW[255] = edge / TWO_24;
  expF[0] = 1;
  expF[255] = Math.exp(-edge);
  for (let i = 254; i >= 1; i--) {
    edge = -Math.log(EXP_V / edge + Math.exp(-edge));
    expK[i + 1] = (edge / outer) * TWO_24;
    outer = edge;
    expF[i] = Math.exp(-edge);
    expW[i] = edge / TWO_24;
  }

  edge = NORMAL_R;
  outer = edge;
  const normalBase = NORMAL_V / Math.exp(-0.5 * edge * edge);
  normalK[0] = (edge / normalBase) * TWO_24;
  normalK[1] = 0;
  normalW[0] = normalBase / TWO_24;
  normalW[127] = edge / TWO_24;
  normalF[0] = 1;
  normalF[127] = Math.exp(-0.5 * edge * edge);
  for (let i = 126; i >= 1; i--) {
    edge = Math.sqrt(-2 * Math.log(NORMAL_V / edge + Math.exp(-0.5 * edge * edge)));
    normalK[i + 1] = (edge / outer) * TWO_24;
    outer = edge;
    normalF[i] = Math.exp(-0.5 * edge * edge);
    normalW[i] = edge / TWO_24;
  }
}
buildTables();

/** The 32 bits of one uniform (exact for seedrandom's, which are multiples of 2^-32). */
function bitsOf(rng: Rng): number {
  return (rng() * TWO_32) >>> 0;
}

/** A standard exponential draw (mean 1). */
export function standardExponentialZiggurat(rng: Rng): number {
  return exponentialFromBits(bitsOf(rng), rng);
}

/**
 * A standard exponential draw whose first uniform's 32 bits are `bits` (unsigned); further
 * uniforms, when needed, come from `rng`. Lets a loop read the bits straight from the
 * generator (seedrandom's `int32`), skipping the scaling to [0, 1) and back.
 */
export function exponentialFromBits(bits: number, rng: Rng): number {
  const layer = bits & 255;
  const position = bits >>> 8;
  if (position < (expK[layer] as number)) return position * (expW[layer] as number);
  return exponentialSlow(rng, layer, position);
}

/** The rare cases, out of line so that the common one stays small enough to inline. */
function exponentialSlow(rng: Rng, layer: number, position: number): number {
  for (;;) {
    // The base layer's overhang is the tail beyond R, itself exponential (memorylessness).
    if (layer === 0) return EXP_R - Math.log(1 - rng());
    const x = position * (expW[layer] as number);
    const low = expF[layer] as number;
    if (low + rng() * ((expF[layer - 1] as number) - low) < Math.exp(-x)) return x;
    const bits = bitsOf(rng);
    layer = bits & 255;
    position = bits >>> 8;
    if (position < (expK[layer] as number)) return position * (expW[layer] as number);
  }
}

/** A standard normal draw (mean 0, variance 1). */
export function standardNormalZiggurat(rng: Rng): number {
  const bits = bitsOf(rng);
  const layer = bits & 127;
  const position = bits >>> 8;
  if (position < (normalK[layer] as number)) {
    const x = position * (normalW[layer] as number);
    return (bits & 128) === 0 ? x : -x;
  }
  return normalSlow(rng, bits);
}

function normalSlow(rng: Rng, bits: number): number {
  for (;;) {
    const layer = bits & 127;
    const negative = (bits & 128) !== 0;
    const position = bits >>> 8;
    if (position < (normalK[layer] as number)) {
      const x = position * (normalW[layer] as number);
      return negative ? -x : x;
    }
    if (layer === 0) {
      // The tail beyond R by Marsaglia's (1964) method: two exponentials, accepted when y > x²/2.
      let x: number;
      let y: number;
      do {
        x = -Math.log(1 - rng()) / NORMAL_R;
        y = -Math.log(1 - rng());
      } while (y + y < x * x);
      return negative ? -(NORMAL_R + x) : NORMAL_R + x;
    }
    const x = position * (normalW[layer] as number);
    const low = normalF[layer] as number;
    if (low + rng() * ((normalF[layer - 1] as number) - low) < Math.exp(-0.5 * x * x)) return negative ? -x : x;
    bits = bitsOf(rng);
  }
}
