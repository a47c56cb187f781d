/**
 * Reading traces: mapped and auto-detected columns, CSV and JSONL, timestamps with and
 * without zones, and bad input that is reported with line numbers instead of dropped.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { parseColumnsFlag } from '../../src/trace/columns.js';
import { describeReading, parseTimestamp, readTrace } from '../../src/trace/read.js';
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

  it('skips bad rows, counting each reason with its line numbers', async () => {
    const file = write('bad.csv', [
      'submit,duration,gpus',
      '2024-01-01 00:00:00,10,1',
      'not a time,10,1',
      '2024-01-01 00:00:02,-5,1',
      '2024-01-01 00:00:03,abc,1',
      '2024-01-01 00:00:04,10,0',
      '2024-01-01 00:00:05,10,1.5',
      '2024-01-01 00:00:06,10,2',
    ].join('\n'));
    const t = await readTrace(file);
    expect(t.rows).toBe(2);
    const reasons = Object.fromEntries(t.skipped.map((s) => [s.reason, s.lines]));
    expect(reasons).toEqual({
      "unparsable submission time in column 'submit'": [3],
      'negative duration': [4],
      "unparsable duration in column 'duration'": [5],
      "units not a whole number ≥ 1 in column 'gpus'": [6, 7],
    });
    const text = describeReading(t).join('\n');
    expect(text).toContain('2 of 7 rows used');
    expect(text).toMatch(/skipped 2 \(28\.57%\): units not a whole number ≥ 1 in column 'gpus'; lines 6, 7/);
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
    await expect(readTrace(allBad)).rejects.toThrow(/no usable rows: 2 unparsable submission time .*lines 2, 3/);
    await expect(readTrace(path.join(tempDir(), 'missing.csv'))).rejects.toThrow('cannot read the trace');
  });

  it('rejects unknown fields in --columns', () => {
    expect(() => parseColumnsFlag('submitted=x')).toThrow("unknown field 'submitted'");
    expect(() => parseColumnsFlag('submit')).toThrow('expected field=column pairs');
  });
});
