/**
 * Reading traces: mapped and auto-detected columns, CSV and JSONL, timestamps with and
 * without zones, and bad input that is reported with line numbers instead of dropped.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { parseColumnsFlag } from '../../src/trace/columns.js';
import { describeReading, parseTimestamp, readTrace, UNKNOWN_UNITS } from '../../src/trace/read.js';
import { readTimestamp } from '../../src/trace/timestamps.js';
import { tempDir } from '../helpers/cli.js';

const write = (name: string, text: string) => {
  const file = path.join(tempDir(), name);
  writeFileSync(file, text);
  return file;
};

describe('parseTimestamp', () => {
  it('reads zone-less times as the trace clock, zones as offsets, and numbers as seconds', () => {
    expect(parseTimestamp('1970-01-01 00:01:40')).toBe(100);
    expect(parseTimestamp('1970-01-01T00:01:40.5Z')).toBe(100.5);
    expect(parseTimestamp('1970-01-01T02:01:40+02:00')).toBe(100);
    expect(parseTimestamp('1970-01-01T00:01:40-0030')).toBe(1900);
    expect(parseTimestamp('12.25')).toBe(12.25);
    for (const bad of ['', 'yesterday', '2017-13-01 00:00:00', '2017-10-09 25:00:00']) expect(parseTimestamp(bad)).toBeNaN();
  });

  it('reads compact and slashed dates, and refuses impossible ones instead of rolling them over', () => {
    const at = Date.UTC(2017, 11, 9, 8, 2, 12) / 1000;
    expect(parseTimestamp('20171209080212')).toBe(at);
    expect(parseTimestamp('20171209T080212Z')).toBe(at);
    expect(parseTimestamp('2017/12/09 08:02:12')).toBe(at);
    expect(parseTimestamp('2017-12-09T08:02:12 UTC')).toBe(at);
    expect(parseTimestamp('2016-02-29')).toBe(Date.UTC(2016, 1, 29) / 1000);
    expect(readTimestamp('2017-02-30')).toEqual({ problem: 'impossible date (2017-02 has no day 30)' });
    expect(readTimestamp('2017-02-29 10:00')).toEqual({ problem: 'impossible date (2017-02 has no day 29)' });
    // Eight digits alone are seconds into a trace, not a date.
    expect(parseTimestamp('20171209')).toBe(20171209);
  });
});

describe('readTrace', () => {
  it('finds common column names, sorts rows by time and counts those out of order', async () => {
    const file = write('t.csv', 'timestamp,duration,num_gpus,cluster\n2017-10-09 07:00:10,60,1,a\n2017-10-09 07:00:00,30.5,4,b\n2017-10-09 07:00:20,0,2,a\n');
    const t = await readTrace(file);
    expect(t.columns).toEqual({ submit: 'timestamp', duration: 'duration', units: 'num_gpus', tenant: 'cluster' });
    expect(Array.from(t.duration)).toEqual([30.5, 60, 0]);
    expect(Array.from(t.units)).toEqual([4, 1, 2]);
    expect(t.tenantNames).toEqual(['a', 'b']);
    expect(Array.from(t.tenant)).toEqual([1, 0, 0]);
    expect(Array.from(t.line)).toEqual([3, 2, 4]);
    expect(t.outOfOrder).toEqual({ count: 1, firstLine: 3 });
    expect(t.wholeSeconds).toBe(true);
    expect(describeReading(t).join('\n')).toContain('1 rows were earlier than the row before them (first at line 3)');
  });

  it('derives durations from start and end, and reads JSONL with a column mapping', async () => {
    const file = write('t.jsonl', [
      JSON.stringify({ sub: '2024-01-01T00:00:00Z', s: '2024-01-01T00:00:05Z', e: '2024-01-01T00:01:05Z', team: 'x' }),
      '',
      JSON.stringify({ sub: '2024-01-01T00:00:01Z', s: '2024-01-01T00:00:02Z', e: '2024-01-01T00:00:03Z', team: 'y' }),
    ].join('\n'));
    const t = await readTrace(file, parseColumnsFlag('submit=sub,start=s,end=e,tenant=team'));
    expect(Array.from(t.duration)).toEqual([60, 1]);
    expect(Array.from(t.start).map((s, i) => s - t.submit[i]!)).toEqual([5, 1]);
  });

  it('keeps every row with a usable submission time as an arrival, counting what else is unusable with line numbers', async () => {
    const file = write('bad.csv', [
      'submit,duration,gpus',
      '2024-01-01 00:00:00,10,1',
      'not a time,10,1',
      '2024-01-01 00:00:02,-5,1',
      '2024-01-01 00:00:03,abc,1',
      '2024-01-01 00:00:04,10,0',
      '2024-01-01 00:00:05,10,1.5',
      '2024-01-01 00:00:06,10,2',
      '2024-02-30 00:00:07,10,2',
    ].join('\n'));
    const t = await readTrace(file);
    expect(t.rows).toBe(6);
    expect(t.complete).toBe(3);
    expect(Array.from(t.units)).toEqual([1, 1, 1, 0, UNKNOWN_UNITS, 2]);
    expect(Array.from(t.duration).map((d) => (Number.isNaN(d) ? null : d))).toEqual([10, null, null, 10, 10, 10]);
    expect(Object.fromEntries(t.skipped.map((s) => [s.reason, s.lines]))).toEqual({
      "submission time in column 'submit': not a date, time or number": [3],
      "submission time in column 'submit': impossible date (2024-02 has no day 30)": [9],
    });
    expect(Object.fromEntries(t.incomplete.map((s) => [s.reason, s.lines]))).toEqual({
      'negative duration': [4],
      "unparsable duration in column 'duration'": [5],
      "units not a whole number ≥ 0 in column 'gpus'": [7],
    });
    const text = describeReading(t).join('\n');
    expect(text).toContain('6 of 8 rows are arrivals, 3 of them with a usable duration and units');
    expect(text).toMatch(/skipped 1 \(12\.50%\), no arrival: .*impossible date.*; lines 9/);
    expect(text).toMatch(/1 arrivals \(16\.67%\) kept without the field: negative duration; lines 4/);
  });

  it('reads JSON lines with the union of every object\'s keys, and skips lines that are not objects', async () => {
    const file = write('u.jsonl', [
      JSON.stringify({ submit: 100, gpus: 1 }),
      JSON.stringify({ submit: 200, duration: 5, gpus: 2, user: 'a' }),
      '[1, 2]',
      'null',
      '{not json',
      JSON.stringify({ submit: 300, duration: 7 }),
    ].join('\n'));
    const t = await readTrace(file);
    expect(t.columns).toEqual({ submit: 'submit', units: 'gpus', duration: 'duration', tenant: 'user' });
    expect(t.rows).toBe(3);
    // The first lacks a duration, the last its units: both are arrivals, neither complete.
    expect(t.complete).toBe(1);
    expect(t.tenantNames).toEqual(['unknown', 'a']);
    expect(Object.fromEntries(t.skipped.map((s) => [s.reason, s.lines]))).toEqual({ 'not a JSON object': [3, 4], 'not valid JSON': [5] });
  });

  it('tells epoch seconds, milliseconds, microseconds and nanoseconds apart by magnitude, or as told', async () => {
    const at = Date.UTC(2017, 11, 9, 8, 2, 12) / 1000;
    for (const [unit, scale] of [['s', 1], ['ms', 1e3], ['us', 1e6], ['ns', 1e9]] as const) {
      const file = write(`${unit}.csv`, `submit,duration\n${at * scale},1\n${(at + 1.5) * scale},1\n`);
      const t = await readTrace(file);
      expect(Array.from(t.submit), unit).toEqual([at, at + 1.5]);
      expect(t.timeUnits.submit).toEqual([unit]);
      if (unit !== 's') expect(describeReading(t).join('\n')).toContain('read as');
    }
    const relativeMs = write('rel.csv', 'submit,duration\n0,1\n86400000,1\n');
    expect(Array.from((await readTrace(relativeMs, {}, { timeUnit: 'ms' })).submit)).toEqual([0, 86400]);
    // Told the wrong unit, a time past the year 9999 is refused with the hint, not crashed on.
    const micro = write('micro.csv', `submit,duration\n${at * 1e6},1\n`);
    await expect(readTrace(micro, {}, { timeUnit: 's' })).rejects.toThrow(/after the year 9999 \(is --time-unit right\?\)/);
  });

  it('names the file and the header when a column is missing, and refuses a trace with no usable row', async () => {
    const noSubmit = write('a.csv', 'when,duration\n1,2\n');
    await expect(readTrace(noSubmit)).rejects.toThrow(UserError);
    await expect(readTrace(noSubmit)).rejects.toThrow(`${noSubmit}: no submission-time column`);
    const noDuration = write('b.csv', 'submit,gpus\n1,2\n');
    await expect(readTrace(noDuration)).rejects.toThrow('no duration column, and no start and end columns');
    const wrongMapping = write('c.csv', 'submit,duration\n1,2\n');
    await expect(readTrace(wrongMapping, { units: 'gpus' })).rejects.toThrow("column 'gpus' (mapped to units) is not in the header");
    const allBad = write('d.csv', 'submit,duration\nx,1\ny,2\n');
    await expect(readTrace(allBad)).rejects.toThrow(/no row has a usable submission time: 2 submission time .*lines 2, 3/);
    await expect(readTrace(path.join(tempDir(), 'missing.csv'))).rejects.toThrow('cannot read the trace');
  });

  it('rejects unknown fields in --columns', () => {
    expect(() => parseColumnsFlag('submitted=x')).toThrow("unknown field 'submitted'");
    expect(() => parseColumnsFlag('submit')).toThrow('expected field=column pairs');
  });
});
