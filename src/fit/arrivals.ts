/**
 * Arrival-process fitting. The simulator draws interarrival times in operational time, a clock
 * that runs at the hour-of-week rate multiplier (see model/workload.ts), so the fit works the
 * same way round: it estimates the hourly and weekday multipliers from the trace, maps every
 * submission to operational time, and fits the interarrival distribution there. Simulated back,
 * the model then reproduces both the trace's daily and weekly cycles and its interarrivals.
 */
import seedrandom from 'seedrandom';
import { HOURS_PER_WEEK, weeklyMultipliers } from '../model/workload.js';

const HOUR = 3600;
const DAY = 86400;
/** 1970-01-01 was a Thursday: hour 72 of a Monday-first week. */
const EPOCH_HOUR_OF_WEEK = 72;

/** Hour of day (0-23) and weekday (0 = Monday) of a time in seconds since 1970-01-01. */
export function hourOfDay(t: number): number {
  return Math.floor(t / HOUR) % 24;
}
export function weekday(t: number): number {
  return (Math.floor(t / DAY) + 3) % 7;
}

/** The hourly and weekday multipliers (each normalised to mean 1) with the counts behind them. */
export interface ArrivalProfile {
  hourly: number[];
  weekday: number[];
  /** Arrivals per hour of day and per weekday in the trace, and the hours of each observed. */
  hourlyCounts: number[];
  weekdayCounts: number[];
  hourlyExposure: number[];
  weekdayExposure: number[];
}

const normalise = (v: number[]) => {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return v.map((x) => (mean > 0 ? x / mean : 1));
};

/**
 * Arrival rate per hour of day and per weekday: counts divided by the hours of each that the
 * trace spans (partial weeks at its ends would otherwise bias the weekdays they cover twice).
 * A separable profile (hour × weekday) needs 31 numbers instead of 168, so a single burst
 * does not become a permanent hour-of-week peak.
 */
export function fitProfile(sortedSubmits: Float64Array): ArrivalProfile {
  const hourlyCounts = new Array<number>(24).fill(0);
  const weekdayCounts = new Array<number>(7).fill(0);
  for (const t of sortedSubmits) {
    hourlyCounts[hourOfDay(t)]!++;
    weekdayCounts[weekday(t)]!++;
  }
  const hourlyExposure = new Array<number>(24).fill(0);
  const weekdayExposure = new Array<number>(7).fill(0);
  const first = sortedSubmits[0] as number;
  const last = sortedSubmits[sortedSubmits.length - 1] as number;
  for (let h = Math.floor(first / HOUR); h * HOUR <= last; h++) {
    const covered = (Math.min(last, (h + 1) * HOUR) - Math.max(first, h * HOUR)) / HOUR;
    const t = h * HOUR;
    hourlyExposure[hourOfDay(t)]! += covered;
    weekdayExposure[weekday(t)]! += covered;
  }
  const rate = (counts: number[], exposure: number[]) => counts.map((c, i) => ((exposure[i] as number) > 0 ? c / (exposure[i] as number) : NaN));
  const fill = (v: number[]) => {
    const known = v.filter((x) => Number.isFinite(x));
    const mean = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 1;
    return v.map((x) => (Number.isFinite(x) ? x : mean));
  };
  return {
    hourly: normalise(fill(rate(hourlyCounts, hourlyExposure))),
    weekday: normalise(fill(rate(weekdayCounts, weekdayExposure))),
    hourlyCounts, weekdayCounts, hourlyExposure, weekdayExposure,
  };
}

/** Maps trace times (seconds since 1970) to operational time under a weekly profile. */
export class OperationalClock {
  private readonly multipliers: Float64Array;
  private readonly prefix: Float64Array;
  private readonly week: number;

  constructor(profile: { hourly: number[]; weekday: number[] }) {
    this.multipliers = weeklyMultipliers({ hourly: profile.hourly, weekday: profile.weekday });
    this.prefix = new Float64Array(HOURS_PER_WEEK + 1);
    for (let h = 0; h < HOURS_PER_WEEK; h++) this.prefix[h + 1] = (this.prefix[h] as number) + (this.multipliers[h] as number) * HOUR;
    this.week = this.prefix[HOURS_PER_WEEK] as number;
  }

  /** Operational seconds elapsed from the Monday 00:00 before 1970-01-01 to `t`. */
  at(t: number): number {
    const sinceMonday = t + EPOCH_HOUR_OF_WEEK * HOUR;
    const hours = Math.floor(sinceMonday / HOUR);
    const weeks = Math.floor(hours / HOURS_PER_WEEK);
    const h = hours - weeks * HOURS_PER_WEEK;
    return weeks * this.week + (this.prefix[h] as number) + (sinceMonday - hours * HOUR) * (this.multipliers[h] as number);
  }
}

/**
 * Submission times made continuous: a trace recorded to the whole second has many ties (bursts
 * submitted in the same second), which would put an atom at zero into the interarrival fit.
 * Each time gets a uniform offset within its second (seeded, so the fit is reproducible).
 */
export function dequantise(sortedSubmits: Float64Array, wholeSeconds: boolean, seed: number): Float64Array {
  if (!wholeSeconds) return sortedSubmits;
  const rng = seedrandom.xor4096(`pipesim-fit|${seed}|dequantise`);
  return sortedSubmits.map((t) => t + rng()).sort();
}

/** Interarrival gaps of sorted times, in operational time when `clock` is given. */
export function interarrivals(sortedTimes: Float64Array, clock?: OperationalClock): Float64Array {
  const gaps = new Float64Array(Math.max(0, sortedTimes.length - 1));
  let previous = clock ? clock.at(sortedTimes[0] as number) : (sortedTimes[0] as number);
  for (let i = 1; i < sortedTimes.length; i++) {
    const now = clock ? clock.at(sortedTimes[i] as number) : (sortedTimes[i] as number);
    gaps[i - 1] = now - previous;
    previous = now;
  }
  return gaps;
}

export { arrivalWindow, type ArrivalWindow } from '../trace/window.js';
