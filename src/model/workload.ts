/**
 * The arrival process. Interarrival draws are taken in "operational time", a clock that runs
 * at the rate multiplier of the current hour of the week × the growth factor, and mapped back
 * to simulated time (time-rescaling). So the expected arrivals in every hour of the week are
 * exactly proportional to its multiplier, and growth g multiplies every hour's rate by g,
 * whatever the interarrival distribution. Simulated time 0 is Monday 00:00.
 */
import type { ProfileSpec } from '../config/schema.js';

export const HOURS_PER_WEEK = 168;
const HOUR = 3600;
const WEEK = HOURS_PER_WEEK * HOUR;

/**
 * Business-hours preset. Hourly shape: quiet nights, a morning ramp, a 10:00-17:00 plateau,
 * evening tail; weekends at about a third of a weekday. Chosen to resemble the daily and
 * weekly cycles reported for shared ML clusters (e.g. the Philly trace, Jeon et al. 2019).
 */
const BUSINESS_HOURLY = [
  0.35, 0.3, 0.28, 0.27, 0.28, 0.32, 0.45, 0.7, 1.05, 1.4, 1.6, 1.65,
  1.55, 1.6, 1.65, 1.6, 1.5, 1.3, 1.05, 0.85, 0.7, 0.6, 0.5, 0.42,
];
const BUSINESS_WEEKDAY = [1.1, 1.15, 1.15, 1.1, 1.0, 0.4, 0.35];

/** The 168 hour-of-week multipliers (Monday 00:00 first), normalised to mean 1. */
export function weeklyMultipliers(profile: ProfileSpec): Float64Array {
  const out = new Float64Array(HOURS_PER_WEEK);
  for (let day = 0; day < 7; day++) {
    for (let hour = 0; hour < 24; hour++) {
      let m = 1;
      if (profile === 'business-hours') m = (BUSINESS_HOURLY[hour] as number) * (BUSINESS_WEEKDAY[day] as number);
      else if (profile !== 'flat') {
        if ('matrix' in profile) m = profile.matrix[day]?.[hour] ?? 0;
        else m = (profile.hourly?.[hour] ?? 1) * (profile.weekday?.[day] ?? 1);
      }
      out[day * 24 + hour] = m;
    }
  }
  const mean = out.reduce((a, b) => a + b, 0) / HOURS_PER_WEEK;
  for (let i = 0; i < HOURS_PER_WEEK; i++) out[i] = (out[i] as number) / mean;
  return out;
}

/**
 * Counts per hour of the week (0 = Monday 00:00–01:00) of times that never decrease (a run's
 * arrivals): the hour is worked out again only when a time passes the current hour's end,
 * rather than by a division and a float modulo for every count.
 */
export class HourOfWeekCounts {
  readonly counts = new Float64Array(HOURS_PER_WEEK);
  private hour = 0;
  private hourEnd = 0;

  /** Counts one at time `t` ≥ 0, no earlier than the previous count. */
  add(t: number): void {
    if (t >= this.hourEnd) this.enter(t);
    this.counts[this.hour]!++;
  }

  private enter(t: number): void {
    // Exact: one ulp below an hour's end is, after division by 3600, more than half an ulp below it.
    const hours = Math.floor(t / HOUR);
    this.hour = hours % HOURS_PER_WEEK;
    this.hourEnd = (hours + 1) * HOUR;
  }
}

/** Maps operational-time increments to simulated time under a weekly rate profile. */
export class ArrivalClock {
  private readonly rates: Float64Array;
  /** The rate when it is the same in every hour (a flat profile), else 0. */
  private readonly uniformRate: number;

  /** `multipliers` must have a positive sum (validated in the schema). */
  /** Operational seconds in one week (every hour's rate × 3600). */
  private readonly weekly: number;

  constructor(multipliers: Float64Array, growth: number) {
    this.rates = multipliers.map((m) => m * growth);
    const first = this.rates[0] as number;
    this.uniformRate = this.rates.every((r) => r === first) ? first : 0;
    this.weekly = this.rates.reduce((sum, r) => sum + r, 0) * HOUR;
  }

  /** The simulated time at which `operational` seconds of operational time have passed since `from`. */
  advance(from: number, operational: number): number {
    // Under a flat profile no hour boundary matters: one division, no walk over the hours.
    if (this.uniformRate > 0) return from + operational / this.uniformRate;
    let t = from;
    let left = operational;
    // Whole weeks at once: the walk below then covers at most two weeks of hours, whatever
    // the interarrival (a gap of years under a non-flat profile used to walk every hour).
    if (left > this.weekly) {
      const weeks = Math.floor(left / this.weekly);
      t += weeks * WEEK;
      left = Math.max(0, left - weeks * this.weekly);
      if (!(t < Infinity)) return Infinity;
    }
    for (;;) {
      const hour = Math.floor(t / HOUR);
      const rate = this.rates[hour % HOURS_PER_WEEK] as number;
      const hourEnd = (hour + 1) * HOUR;
      if (rate > 0) {
        const available = (hourEnd - t) * rate;
        if (left <= available) return t + left / rate;
        left -= available;
      }
      t = hourEnd;
    }
  }
}
