/** JSON lines keep what JSON cannot: NaN and ±Infinity are read back as the numbers written. */
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { appendJsonLine, jsonLine, parseJsonLine, readJsonLines } from '../../src/output/json-lines.js';
import { tempDir } from '../helpers/cli.js';

it('round-trips non-finite numbers at any depth, and leaves other strings alone', () => {
  const value = { a: NaN, b: [Infinity, -Infinity, 1.5], c: { d: NaN, e: 'NaNa', f: null }, g: -0 };
  const back = parseJsonLine(jsonLine(value)) as typeof value;
  expect(back.a).toBeNaN();
  expect(back.b).toEqual([Infinity, -Infinity, 1.5]);
  expect(back.c.d).toBeNaN();
  expect(back.c.e).toBe('NaNa');
  expect(back.c.f).toBeNull();
  expect(jsonLine(value).endsWith('\n')).toBe(true);
});

it('reads every complete line of a file and drops a torn last one', () => {
  const file = path.join(tempDir(), 'x.jsonl');
  expect(readJsonLines(file)).toEqual([]);
  writeFileSync(file, '');
  appendJsonLine(file, { n: 1, interval: { low: -Infinity } });
  appendJsonLine(file, { n: 2 });
  appendFileSync(file, '{"n": 3, "cut');
  expect(readJsonLines(file)).toEqual([{ n: 1, interval: { low: -Infinity } }, { n: 2 }]);
});
