/**
 * Timestamps as traces write them: ISO 8601 (with or without a zone, `-` or `/` between the
 * date's parts), compact `20171209080212`, or a number since the epoch whose unit (s, ms, µs,
 * ns) is told by its magnitude unless the user names it. Impossible dates (2017-02-30) are
 * refused, never rolled over into the next month.
 */

/** How numbers in a time column count: seconds, milliseconds, microseconds or nanoseconds. */
export const TIME_UNITS = { s: 1, ms: 1e3, us: 1e6, ns: 1e9 } as const;
export type TimeUnit = keyof typeof TIME_UNITS;

/**
 * Smallest magnitude read as each finer unit: 1e11 s is the year 5138, 1e11 ms is March 1973,
 * so any epoch time after 1973 falls in exactly one band. Times counted from a trace's own
 * start (small numbers) read as seconds; say `--time-unit` when they are not.
 */
const MAGNITUDE_BANDS: readonly [number, TimeUnit][] = [[1e17, 'ns'], [1e14, 'us'], [1e11, 'ms']];

/** The year 10000 in seconds: later times are a misread unit, not a trace's clock. */
const LATEST = 253_402_300_800;

/** A timestamp read: seconds since 1970-01-01, and the unit a number was read in. */
export type TimestampReading = { seconds: number; unit?: TimeUnit } | { problem: string };

const ISO = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;
/** Date and time to the second: eight digits alone could as well be seconds into a trace. */
const COMPACT = /^(\d{4})(\d{2})(\d{2})T?(\d{2})(\d{2})(\d{2}(?:\.\d+)?)\s*(Z)?$/i;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Seconds of a calendar date and time, or why it is not one. */
function calendar(parts: (string | undefined)[], zone: string | undefined): TimestampReading {
  const [y = '', mo = '', d = '', h = '0', mi = '0', sec = '0'] = parts;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12) return { problem: `no month ${month}` };
  if (day < 1 || day > daysIn(year, month)) return { problem: `impossible date (${y}-${mo.padStart(2, '0')} has no day ${day})` };
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) >= 61) return { problem: 'impossible time of day' };
  let t = Date.UTC(year, month - 1, day, Number(h), Number(mi)) / 1000 + Number(sec);
  if (zone && !/^(Z|UTC|GMT)$/i.test(zone)) {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2)) * 60);
  }
  return { seconds: t };
}

/** The unit a number since the epoch is in, from its magnitude. */
export function unitByMagnitude(value: number): TimeUnit {
  const magnitude = Math.abs(value);
  for (const [from, unit] of MAGNITUDE_BANDS) if (magnitude >= from) return unit;
  return 's';
}

/**
 * Reads `text` as a timestamp. Zone-less times are the trace's wall clock (read as if UTC, so
 * no daylight-saving shift moves them). `unit` fixes how numbers count; without it their
 * magnitude decides.
 */
export function readTimestamp(text: string, unit?: TimeUnit): TimestampReading {
  const s = text.trim();
  if (s === '') return { problem: 'empty' };
  // Compact dates are digits too: they are tried first, and only if they make a real date.
  const compact = COMPACT.exec(s);
  if (compact && /^(19|20)/.test(s) && unit === undefined) {
    const reading = calendar(compact.slice(1, 7), compact[7]);
    if ('seconds' in reading) return reading;
  }
  if (NUMBER.test(s)) {
    const value = Number(s);
    const used = unit ?? unitByMagnitude(value);
    const seconds = value / TIME_UNITS[used];
    if (Math.abs(seconds) >= LATEST) return { problem: `${s} ${used} since 1970 is after the year 9999 (is --time-unit right?)` };
    return { seconds, unit: used };
  }
  const iso = ISO.exec(s);
  if (iso) return calendar(iso.slice(1, 7), iso[7]);
  return { problem: 'not a date, time or number' };
}

/** Seconds since 1970-01-01 for a timestamp, or NaN (for places that need only a yes or no). */
export function parseTimestamp(text: string, unit?: TimeUnit): number {
  const reading = readTimestamp(text, unit);
  return 'seconds' in reading ? reading.seconds : NaN;
}

/** A date for messages, safe for any number (a bad one prints as the number). */
export function formatInstant(seconds: number): string {
  const ms = seconds * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return `${seconds} s`;
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
