/**
 * `pipesim fit` on a corpus of pathological traces (every case issue #18 met, and more): each
 * gives a correct fit or a clear message naming the file, with exit 0 or 2, never exit 1 and
 * never a stack trace. Run in-process through the CLI's main, as the binary runs it.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { tempDir } from '../helpers/cli.js';
import { csv, knownJobs, START } from '../helpers/trace-corpus.js';

const at = (i: number) => START + i * 600;
const rows = knownJobs(400, 7, 9, 0.2);
const many = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('\n');

/** Name → file text, and what the fit must say (exit 0: a line of its report; exit 2: its message). */
const CORPUS: Record<string, { text: string; code: 0 | 2; says: RegExp }> = {
  'cpu-jobs.csv': { text: csv(rows), code: 0, says: /jobs used no units: modelled as kind cpu, one unit each on pool cpu/ },
  'only-cpu.csv': { text: `submit,duration,gpus\n${many(100, (i) => `${at(i)},60,0`)}\n`, code: 0, says: /pool cpu: peak/ },
  'epoch-ms.csv': { text: csv(rows, (t) => String(Math.round(t * 1000))), code: 0, says: /read as milliseconds since 1970/ },
  'epoch-us.csv': { text: csv(rows, (t) => `${Math.round(t)}000000`), code: 0, says: /read as microseconds since 1970/ },
  'epoch-ns.csv': { text: csv(rows, (t) => `${Math.round(t)}000000000`), code: 0, says: /read as nanoseconds since 1970/ },
  'compact.csv': { text: csv(rows, (t) => new Date(Math.round(t) * 1000).toISOString().slice(0, 19).replace(/[-:T]/g, '')), code: 0, says: /workload fitted over 6\.99\d days, 2017-10-02 00:00/ },
  'feb-30.csv': { text: `${csv(rows)}2017-02-30 10:00:00,60,1,a\n`, code: 0, says: /impossible date \(2017-02 has no day 30\); lines \d+/ },
  'stray-row.csv': { text: csv([{ submit: START - 15 * 86400, duration: 60, units: 1, tenant: 'a' }, ...rows]), code: 0, says: /left out, outside the window of steady arrivals .*: 1 rows before \(lines 2\)/ },
  'bad-durations.csv': { text: `submit,duration,gpus\n${many(300, (i) => `${at(i)},${['n/a', '-5', '60', '1e400', 'NaN'][i % 5]},${['1', '2.0', '1', '-1', ''][i % 5]}`)}\n`, code: 0, says: /kept without the field: unparsable duration/ },
  'optional-key.jsonl': { text: [JSON.stringify({ submit: START, gpus: 1 }), ...rows.slice(0, 300).map((r) => JSON.stringify({ submit: r.submit, duration: r.duration, gpus: r.units, user: r.tenant }))].join('\n'), code: 0, says: /301 of 301 rows are arrivals, 300 of them with a usable duration/ },
  'odd-names.csv': { text: `submit,duration,gpus,user\n${many(300, (i) => `${at(i)},${60 + i},1,${['constructor', 'a b', 'a-b', '__proto__', 'ü', '1e3', 'default'][i % 7]}`)}\n`, code: 0, says: /Wrote/ },
  'zero-durations.csv': { text: `submit,duration\n${many(100, (i) => `${at(i)},0`)}\n`, code: 0, says: /Wrote/ },
  'relative-seconds.csv': { text: `submit,duration\n${many(100, (i) => `${i * 37},60`)}\n`, code: 0, says: /Wrote/ },
  'empty.csv': { text: '', code: 2, says: /empty\.csv: the trace is empty/ },
  'header-only.csv': { text: 'submit,duration,gpus\n', code: 2, says: /header-only\.csv: no row has a usable submission time/ },
  'two-rows.csv': { text: `submit,duration\n${at(0)},5\n${at(1)},5\n`, code: 2, says: /two-rows\.csv: 2 arrival\(s\); a fit needs at least 3 jobs/ },
  'same-time.csv': { text: `submit,duration\n${many(10, () => '2017-10-02 00:00:00,5')}\n`, code: 2, says: /every submission is at the same time/ },
  'no-durations.csv': { text: `submit,duration\n${many(100, (i) => `${at(i)},x`)}\n`, code: 2, says: /no row has both a usable duration and units/ },
  'binary.csv': { text: String.fromCharCode(...Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)), code: 2, says: /binary\.csv: cannot parse the trace: .{10,}/ },
  'json-array.jsonl': { text: `[\n${rows.slice(0, 50).map((r) => JSON.stringify(r)).join(',\n')}\n]\n`, code: 2, says: /json-array\.jsonl: 1 arrival\(s\).*Rows skipped: 51 not valid JSON \(lines 1, 2/ },
  'durations-only-in-lead-in.csv': { text: `submit,duration\n${START - 30 * 86400},60\n${many(200, (i) => `${at(i)},x`)}\n`, code: 2, says: /no job in the window of steady arrivals has both a usable duration and units/ },
  'no-objects.jsonl': { text: '1\n"two"\n[3]\n', code: 2, says: /no line is a JSON object/ },
};

let output: string[];
beforeEach(() => {
  output = [];
  const capture = (chunk: string | Uint8Array) => { output.push(String(chunk)); return true; };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});
afterEach(() => { vi.restoreAllMocks(); });

describe('pathological traces: a correct fit or a clear message, never exit 1', () => {
  const dir = tempDir();
  it.each(Object.keys(CORPUS))('%s', async (name) => {
    const { text, code, says } = CORPUS[name]!;
    const file = path.join(dir, name);
    writeFileSync(file, text, 'latin1');
    const out = path.join(dir, `${name}.yaml`);
    const exit = await main(['fit', file, '-o', out, '--force']);
    const printed = output.join('');
    expect(exit, printed).toBe(code);
    expect(printed).toMatch(says);
    expect(printed).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
    if (code === 0) expect(existsSync(out)).toBe(true);
    else expect(printed).toContain(file);
  }, 30_000);

  it('refuses a unit that puts times past the year 9999, with the hint', async () => {
    const file = path.join(dir, 'micro-as-seconds.csv');
    writeFileSync(file, csv(rows, (t) => `${Math.round(t)}000000`));
    expect(await main(['fit', file, '-o', path.join(dir, 'm.yaml'), '--time-unit', 's'])).toBe(2);
    expect(output.join('')).toMatch(/after the year 9999 \(is --time-unit right\?\)/);
  });

  it('--drop-zero-units leaves jobs of no units out, and counts them', async () => {
    const file = path.join(dir, 'drop.csv');
    writeFileSync(file, csv(rows));
    expect(await main(['fit', file, '-o', path.join(dir, 'drop.yaml'), '--drop-zero-units'])).toBe(0);
    expect(output.join('')).toMatch(/left out by --drop-zero-units: \d+ jobs that used no units/);
    expect(output.join('')).not.toContain('pool cpu');
  });
});
