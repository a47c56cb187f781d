/** Streaming accumulators that keep summary statistics without storing samples. */

/** Mean and variance by Welford's algorithm (numerically stable, mergeable by Chan et al.). */
export class Welford {
  count = 0;
  mean = 0;
  private m2 = 0;

  /** Adds one observation. */
  add(x: number): void {
    this.count++;
    const delta = x - this.mean;
    this.mean += delta / this.count;
    this.m2 += delta * (x - this.mean);
  }

  /** Unbiased sample variance (n − 1 denominator); NaN with fewer than two observations. */
  get variance(): number {
    return this.count > 1 ? this.m2 / (this.count - 1) : NaN;
  }

  /** Merges another accumulator into this one (Chan, Golub & LeVeque). */
  merge(other: Welford): void {
    if (other.count === 0) return;
    const n = this.count + other.count;
    const delta = other.mean - this.mean;
    this.m2 += other.m2 + (delta * delta * this.count * other.count) / n;
    this.mean += (delta * other.count) / n;
    this.count = n;
  }
}

/**
 * A running mean as sum and count: cheaper than Welford on the hot path, where only the mean
 * is needed (the relative rounding error of a sum of n positives is at most n·ε, ~1e-9 here).
 */
export class Mean {
  count = 0;
  sum = 0;

  add(x: number): void {
    this.count++;
    this.sum += x;
  }

  /** NaN when empty. */
  get mean(): number {
    return this.count > 0 ? this.sum / this.count : NaN;
  }
}

/**
 * Time-weighted average of a piecewise-constant level (busy units, queue length): the
 * integral of the level over time divided by the elapsed time since `reset`.
 */
export class TimeWeighted {
  private level = 0;
  private lastTime = 0;
  private startTime = 0;
  private area = 0;

  /** The level changes to `level` at time `now` (now never decreases). */
  set(now: number, level: number): void {
    this.area += this.level * (now - this.lastTime);
    this.lastTime = now;
    this.level = level;
  }

  /** The level changes by `delta` at time `now`. */
  add(now: number, delta: number): void {
    this.set(now, this.level + delta);
  }

  /** Current level. */
  get current(): number {
    return this.level;
  }

  /** Forgets the past (warm-up deletion): averaging restarts at `now`, keeping the level. */
  reset(now: number): void {
    this.area = 0;
    this.lastTime = now;
    this.startTime = now;
  }

  /** Integral of the level from the last reset to `now`. */
  integral(now: number): number {
    return this.area + this.level * (now - this.lastTime);
  }

  /** Time average from the last reset to `now`; the current level if no time has passed. */
  mean(now: number): number {
    const elapsed = now - this.startTime;
    return elapsed > 0 ? this.integral(now) / elapsed : this.level;
  }
}

/**
 * Time integrals of levels that their owner keeps in a typed array (busy units, queue length
 * per pool). A change of level i by Δ at time t subtracts Δ·t from its term, so that the
 * integral from 0 to `now` is term + level·now: a change costs one multiply-add on a typed
 * array, not a copy of the level and of the time of the last change as in `TimeWeighted`.
 * A term stays of the order of level·now, so its rounding stays relative to the integral.
 */
export class LevelIntegrals {
  private readonly terms: Float64Array;
  private readonly atReset: Float64Array;
  private resetTime = 0;

  /** `levels` is read, never written: its owner changes it and reports each change here. */
  constructor(private readonly levels: ArrayLike<number>) {
    this.terms = new Float64Array(levels.length);
    this.atReset = new Float64Array(levels.length);
  }

  /**
   * Level i changes by `delta` at time `now` (now never decreases). Kept within V8's 27 bytes
   * of bytecode that it inlines whatever its budget: called out of line, `now` would be boxed.
   */
  changed(i: number, now: number, delta: number): void {
    this.terms[i]! -= delta * now;
  }

  /** Integral of level i from time 0 to `now`; a reset does not change it. */
  integral(i: number, now: number): number {
    return (this.terms[i] as number) + (this.levels[i] as number) * now;
  }

  /** Averages restart at `now` (warm-up deletion). */
  reset(now: number): void {
    for (let i = 0; i < this.terms.length; i++) this.atReset[i] = this.integral(i, now);
    this.resetTime = now;
  }

  /** Time average of level i from the last reset to `now`; its current value if no time has passed. */
  mean(i: number, now: number): number {
    const elapsed = now - this.resetTime;
    return elapsed > 0 ? (this.integral(i, now) - (this.atReset[i] as number)) / elapsed : (this.levels[i] as number);
  }
}
