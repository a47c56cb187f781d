/**
 * A mergeable log-linear histogram for quantiles of non-negative values (the HdrHistogram
 * layout): each power of two is split into 64 equal sub-buckets, read straight from the bits
 * of the float (exponent and top six mantissa bits), so adding a value costs no logarithm.
 * A bucket's width is at most 1/64 of its lower bound, so every quantile is returned within a
 * relative error of 1/128. Values ≤ 2^-20 (~1 µs, including exact zeros, common for waits)
 * count in a zero bucket; values ≥ 2^40 (~35,000 years) clamp to the last. Memory is fixed.
 */
import type { PowerOfTwoCounts } from '../core/records.js';

const SUB_BITS = 6;
const SUBS = 1 << SUB_BITS;
const MIN_EXPONENT = -20;
const MAX_EXPONENT = 40;
const BUCKETS = (MAX_EXPONENT - MIN_EXPONENT) * SUBS;
const MIN_VALUE = 2 ** MIN_EXPONENT;
const MAX_VALUE = 2 ** MAX_EXPONENT;
/** The high word of 2^MIN_EXPONENT shifted right to its exponent and top mantissa bits. */
const FIRST_BUCKET_BITS = (1023 + MIN_EXPONENT) << SUB_BITS;
/** Shift of a double's high word that keeps its exponent and top SUB_BITS mantissa bits. */
const HIGH_WORD_SHIFT = 20 - SUB_BITS;
const LAST_BUCKET = BUCKETS - 1;

/** Relative accuracy guaranteed for quantiles of values in (2^-20, 2^40). */
export const HISTOGRAM_RELATIVE_ERROR = 1 / (2 * SUBS);

// One scratch float viewed as two 32-bit words, to read a value's exponent and mantissa.
const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** Adds `b` into `a` (same layout). */
export function addPowerOfTwoCounts(a: PowerOfTwoCounts, b: PowerOfTwoCounts): PowerOfTwoCounts {
  return { zeros: a.zeros + b.zeros, minExponent: a.minExponent, counts: a.counts.map((c, i) => c + (b.counts[i] ?? 0)) };
}

export class LogHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  private zeros = 0;
  /** Observations added, and their sum (for the mean). */
  count = 0;
  sum = 0;

  /** Mean of the observations; NaN when empty. */
  get mean(): number {
    return this.count > 0 ? this.sum / this.count : NaN;
  }

  /** Adds one non-negative observation. */
  add(x: number): void {
    this.count++;
    this.sum += x;
    if (x <= MIN_VALUE) {
      this.zeros++;
      return;
    }
    scratch[0] = x;
    // The biased exponent and the top mantissa bits, read as one number: the bucket counted from 2^MIN_EXPONENT.
    const i = ((words[HIGH] as number) >>> HIGH_WORD_SHIFT) - FIRST_BUCKET_BITS;
    // Values from 2^MAX_EXPONENT up (and NaN) clamp to the last bucket.
    this.counts[i < LAST_BUCKET ? i : LAST_BUCKET]!++;
  }

  /** Adds every observation of `other`; equal to having added them here. */
  merge(other: LogHistogram): void {
    this.count += other.count;
    this.sum += other.sum;
    this.zeros += other.zeros;
    for (let i = 0; i < BUCKETS; i++) this.counts[i] = (this.counts[i] as number) + (other.counts[i] as number);
  }

  /** Lower and upper bound of bucket `i`. */
  private static bounds(i: number): [number, number] {
    const power = 2 ** (Math.floor(i / SUBS) + MIN_EXPONENT);
    const sub = i % SUBS;
    return [power * (1 + sub / SUBS), power * (1 + (sub + 1) / SUBS)];
  }

  /** The q-quantile (0 ≤ q ≤ 1) by the lower-rank rule: a bucket's midpoint; NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(0, Math.ceil(q * this.count) - 1);
    if (rank < this.zeros) return 0;
    let seen = this.zeros;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i] as number;
      if (seen > rank) {
        const [low, high] = LogHistogram.bounds(i);
        return (low + high) / 2;
      }
    }
    return MAX_VALUE;
  }

  /**
   * Counts per power of two: `counts[k]` holds values in [2^(k+minExponent), 2^(k+minExponent+1)),
   * `zeros` those ≤ 2^minExponent. Exact sums of the fine buckets, compact enough to keep per run.
   */
  powersOfTwo(): PowerOfTwoCounts {
    const counts = new Array<number>(MAX_EXPONENT - MIN_EXPONENT).fill(0);
    for (let i = 0; i < BUCKETS; i++) counts[Math.floor(i / SUBS)]! += this.counts[i] as number;
    return { zeros: this.zeros, minExponent: MIN_EXPONENT, counts };
  }

  /** Non-empty buckets as [upper bound, count] pairs (the zero bucket first, as [0, n]). */
  buckets(): [number, number][] {
    const out: [number, number][] = [];
    if (this.zeros > 0) out.push([0, this.zeros]);
    for (let i = 0; i < BUCKETS; i++) {
      const c = this.counts[i] as number;
      if (c > 0) out.push([LogHistogram.bounds(i)[1], c]);
    }
    return out;
  }
}
