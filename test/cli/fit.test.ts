/** `pipesim fit` as a user runs it: files written, the experiment runs, bad input explained. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { pipesim, tempDir } from '../helpers/cli.js';

it('fits the synthetic trace, writes the experiment, its fit report and JSON, and the experiment runs', async () => {
  const dir = tempDir();
  const out = path.join(dir, 'mine.yaml');
  const result = await pipesim(['fit', 'experiments/traces/synthetic-jobs.csv', '-o', out]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('interarrival (operational time');
  expect(result.stdout).toContain('pool gpu: peak 40 units in use over the whole trace (recorded start and end)');
  expect(result.stdout).toContain(`Wrote ${out}`);
  for (const f of ['mine.yaml', 'mine.fit.html', 'mine.fit.json']) expect(existsSync(path.join(dir, f)), f).toBe(true);
  const yaml = readFileSync(out, 'utf8');
  expect(yaml).toMatch(/^# Fitted by `pipesim fit /);
  expect(yaml).toContain('model: by-tenant');
  const json = JSON.parse(readFileSync(path.join(dir, 'mine.fit.json'), 'utf8'));
  expect(json.arrivals).toBe(10239);
  expect(json.load.total.model.unitHoursPerDay / json.load.total.trace.unitHoursPerDay).toBeCloseTo(1, 3);
  expect(json.interarrival.candidates.map((c: { family: string }) => c.family)).toEqual(['exponential', 'weibull', 'exp-weibull', 'lognormal', 'gamma']);

  const run = await pipesim(['run', out, '--horizon', '2d', '--out', dir, '--no-progress']);
  expect(run.code).toBe(0);

  const again = await pipesim(['fit', 'experiments/traces/synthetic-jobs.csv', '-o', out]);
  expect(again.code).toBe(2);
  expect(again.stderr).toContain(`${out} exists`);
  expect(again.stderr).toContain('hint: pass --force');
});

it('explains a trace it cannot use: the file, what is missing, and no stack trace', async () => {
  const dir = tempDir();
  const trace = path.join(dir, 'jobs.csv');
  writeFileSync(trace, 'when,runtime\n2024-01-01 00:00:00,5\n');
  const missing = await pipesim(['fit', trace, '-o', path.join(dir, 'x.yaml')]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain(`${trace}: no submission-time column`);
  expect(missing.stderr).toContain('hint: map one with --columns submit=<column>; the header has: when, runtime');
  expect(missing.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);

  const mapped = await pipesim(['fit', trace, '--columns', 'submit=when,duration=runtime', '-o', path.join(dir, 'x.yaml')]);
  expect(mapped.code).toBe(2);
  expect(mapped.stderr).toContain('1 arrival(s); a fit needs at least 3 jobs');

  const badFlag = await pipesim(['fit', trace, '--max-ks', 'zero']);
  expect(badFlag.code).toBe(2);
  expect(badFlag.stderr).toContain("--max-ks: expected a number > 0, got 'zero'");
});

it('reports skipped rows and arrivals without a duration with their line numbers, and still fits the rest', async () => {
  const dir = tempDir();
  const trace = path.join(dir, 'jobs.csv');
  const rows = Array.from({ length: 200 }, (_, i) => `2024-01-0${1 + (i % 7)} ${String(i % 24).padStart(2, '0')}:00:${String(i % 60).padStart(2, '0')},${60 + i},1`);
  rows.splice(10, 0, '2024-01-01 00:00:00,-3,1', 'garbage,5,1');
  writeFileSync(trace, `submit,duration,gpus\n${rows.join('\n')}\n`);
  const result = await pipesim(['fit', trace, '-o', path.join(dir, 'x.yaml')]);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('201 of 202 rows are arrivals, 200 of them with a usable duration and units');
  expect(result.stdout).toMatch(/1 arrivals \(0\.50%\) kept without the field: negative duration; lines 12/);
  expect(result.stdout).toMatch(/skipped 1 \(0\.50%\), no arrival: submission time in column 'submit': not a date, time or number; lines 13/);
  expect(result.stdout).toMatch(/rows were earlier than the row before them .*sorted by submission time/);
});
