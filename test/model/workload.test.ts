/**
 * The arrival process: the hour-of-week profile and the growth factor are reproduced, by the
 * arrival clock alone and through the whole model.
 */
import { describe, expect, it } from 'vitest';
import { fifo, RandomStreams, runScenario } from '../../src/index.js';
import { ArrivalClock, HOURS_PER_WEEK, weeklyMultipliers } from '../../src/model/index.js';
import { HourOfWeekCounts } from '../../src/model/workload.js';
import { jStat, createDistribution } from '../../src/random/index.js';
import { scenario } from '../helpers/scenario.js';

const WEEK = 7 * 86400;

function countsByHourOfWeek(times: readonly number[]): number[] {
  const counts = new Array<number>(HOURS_PER_WEEK).fill(0);
  for (const t of times) counts[Math.floor(t / 3600) % HOURS_PER_WEEK]!++;
  return counts;
}

describe('HourOfWeekCounts', () => {
  it('counts each time in the hour of the week that holds it, hour ends and week wraps included', () => {
    const rng = new RandomStreams(3, 0).stream('hours');
    const times: number[] = [0, 3599.999999, 3600, 7200];
    let t = 7200;
    while (t < 3 * WEEK) {
      t += rng() < 0.05 ? 3600 * Math.floor(rng() * 30) : rng() * 900;
      times.push(t);
      if (rng() < 0.1) times.push(Math.ceil(t / 3600) * 3600);
      t = times[times.length - 1]!;
    }
    const counts = new HourOfWeekCounts();
    for (const time of times) counts.add(time);
    expect(Array.from(counts.counts)).toEqual(countsByHourOfWeek(times));
    expect(times[times.length - 1]).toBeGreaterThan(2 * WEEK);
    expect(counts.counts.reduce((a, b) => a + b, 0)).toBe(times.length);
  });
});

describe('weekly profile', () => {
  it('normalises presets and explicit vectors to mean 1, Monday 00:00 first', () => {
    const business = weeklyMultipliers('business-hours');
    expect(business.reduce((a, b) => a + b, 0) / HOURS_PER_WEEK).toBeCloseTo(1, 12);
    // Wednesday 11:00 is busier than Wednesday 03:00 and than Sunday 11:00.
    expect(business[2 * 24 + 11]!).toBeGreaterThan(3 * business[2 * 24 + 3]!);
    expect(business[2 * 24 + 11]!).toBeGreaterThan(2 * business[6 * 24 + 11]!);
    const explicit = weeklyMultipliers({ hourly: Array.from({ length: 24 }, (_, h) => (h < 12 ? 1 : 3)), weekday: [1, 1, 1, 1, 1, 0, 0] });
    expect(explicit[5 * 24 + 13]).toBe(0);
    expect(explicit[13]! / explicit[2]!).toBeCloseTo(3, 12);
  });

  it('Poisson arrivals through the clock match the profile hour by hour (chi-square, p = 0.001)', () => {
    const multipliers = weeklyMultipliers('business-hours');
    const clock = new ArrivalClock(multipliers, 1);
    const exp = createDistribution({ dist: 'exponential', mean: 120 });
    const rng = new RandomStreams(5, 0).stream('arrivals');
    const weeks = 100;
    const times: number[] = [];
    for (let t = clock.advance(0, exp.sample(rng)); t < weeks * WEEK; t = clock.advance(t, exp.sample(rng))) times.push(t);
    const counts = countsByHourOfWeek(times);
    const expectedPerHour = (weeks * 3600) / 120;
    const chi2 = counts.reduce((s, c, h) => s + (c - expectedPerHour * multipliers[h]!) ** 2 / (expectedPerHour * multipliers[h]!), 0);
    expect(chi2).toBeLessThan(jStat.chisquare.inv(0.999, HOURS_PER_WEEK - 1));
    expect(times.length / (weeks * WEEK / 120)).toBeCloseTo(1, 1);
  });
});

describe('arrivals in the model', () => {
  const base = (growth: number) => scenario({
    horizon: `${100 * 7}d`, warmup: 0,
    platform: { pools: { cpu: { capacity: 1000 } } },
    workload: {
      // Bursty interarrivals (shape < 1), as PipeSim fits them.
      interarrival: { dist: 'exp-weibull', shape: 0.7, exponent: 1.4, mean: '4m' },
      profile: 'business-hours', growth,
      structures: { one: { tasks: { t: { kind: 't' } } } },
    },
    tasks: { t: { pool: 'cpu', duration: '1m' } },
  });
  const arrivalTimes = (growth: number) => {
    const times: number[] = [];
    runScenario(base(growth), fifo, 3, 0, { onArrival: (t) => times.push(t) });
    return times;
  };

  it('reproduces the hourly and weekday shape of the profile (within 5% per marginal cell)', () => {
    const times = arrivalTimes(1);
    const multipliers = weeklyMultipliers('business-hours');
    const counts = countsByHourOfWeek(times);
    const total = times.length;
    // Observed vs expected arrivals per group of hours of the week (an hour of day, or a day).
    const relativeErrors = (groups: number, groupOf: (hourOfWeek: number) => number) => {
      const observed = new Array<number>(groups).fill(0);
      const expected = new Array<number>(groups).fill(0);
      for (let h = 0; h < HOURS_PER_WEEK; h++) {
        observed[groupOf(h)]! += counts[h]!;
        expected[groupOf(h)]! += (total * multipliers[h]!) / HOURS_PER_WEEK;
      }
      return observed.map((o, g) => Math.abs(o / expected[g]! - 1));
    };
    for (const e of relativeErrors(24, (h) => h % 24)) expect(e).toBeLessThan(0.05);
    for (const e of relativeErrors(7, (h) => Math.floor(h / 24))) expect(e).toBeLessThan(0.05);
  });

  it('growth 1.5 gives 1.5 times the arrivals, with the same profile', () => {
    const one = arrivalTimes(1).length;
    const grown = arrivalTimes(1.5).length;
    // Same operational-time draws (common random numbers), so the ratio is tight.
    expect(grown / one).toBeGreaterThan(1.49);
    expect(grown / one).toBeLessThan(1.51);
  });
});

describe('ArrivalClock with gaps of weeks to ages', () => {
  /** The plain hour-by-hour walk, independent of the clock's shortcut. */
  function walk(rates: Float64Array, from: number, operational: number): number {
    let t = from;
    let left = operational;
    for (;;) {
      const hour = Math.floor(t / 3600);
      const rate = rates[hour % HOURS_PER_WEEK] as number;
      const end = (hour + 1) * 3600;
      if (rate > 0 && left <= (end - t) * rate) return t + left / rate;
      if (rate > 0) left -= (end - t) * rate;
      t = end;
    }
  }

  it('matches the hour walk for gaps of several weeks, and returns at once for absurd ones', () => {
    const multipliers = weeklyMultipliers('business-hours');
    const clock = new ArrivalClock(multipliers, 1);
    for (const [from, weeks] of [[0, 3.5], [12_345.6, 10.2], [86_400 * 3 + 7, 52.9]] as const) {
      const operational = weeks * 7 * 86400;
      const expected = walk(multipliers, from, operational);
      expect(Math.abs(clock.advance(from, operational) - expected)).toBeLessThan(1e-6 * expected);
    }
    // A year of years: bounded work, a finite answer far away, and Infinity past double range.
    const far = clock.advance(0, 1e15);
    expect(far).toBeGreaterThan(1e14);
    expect(Number.isFinite(far)).toBe(true);
    expect(clock.advance(0, 1e308 * 10)).toBe(Infinity);
  });
});
