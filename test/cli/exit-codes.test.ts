/** Exit codes and error output of the CLI as a user sees them: one message, no stack. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipesim, tempDir, warningsIn } from '../helpers/cli.js';

const invalid = (name: string) => path.join('test/fixtures/invalid', `${name}.yaml`);

describe.each([
  ['an invalid field', ['run', invalid('negative-capacity')], /negative-capacity\.yaml:\d+: platform\.pools\.gpu\.capacity: expected an integer ≥ 1, got -2/],
  ['a YAML syntax error', ['run', invalid('yaml-syntax')], /yaml-syntax\.yaml:\d+:\d+: \(top level\): YAML syntax error/],
  ['a missing file', ['run', 'experiments/nope.yaml'], /experiments\/nope\.yaml: cannot read the experiment file/],
  ['a missing policy module', ['run', invalid('missing-policy-module')], /policy\.scheduler: policy module .* does not exist/],
  ['an unknown option', ['run', 'experiments/mmc.yaml', '--wrokers', '2'], /unknown option '--wrokers'/],
  ['a bad --workers', ['run', 'experiments/mmc.yaml', '--workers', 'many'], /--workers expects a whole number ≥ 1, got 'many'/],
  ['a bad --set', ['run', 'experiments/mmc.yaml', '--set', 'horizon'], /--set expects field\.path=value/],
  ['a --set that breaks a field', ['run', 'experiments/mmc.yaml', '--set', 'platform.pools.server.capacity=0'], /platform\.pools\.server\.capacity: expected an integer ≥ 1, got 0/],
  ['a --set value that is not YAML', ['run', 'experiments/mmc.yaml', '--set', 'x=['], /--set x=\[: the value is not valid YAML/],
  ['an empty --seed', ['run', 'experiments/mmc.yaml', '--seed', ''], /--seed expects a whole number ≥ 0 in decimal, got ''/],
  ['a hexadecimal --seed', ['run', 'experiments/mmc.yaml', '--seed', '0x10'], /--seed expects a whole number ≥ 0 in decimal, got '0x10'/],
  ['an empty --out', ['run', 'experiments/mmc.yaml', '--out', ''], /--out expects a folder, got ''/],
  ['a --set path with a typo', ['run', 'experiments/mmc.yaml', '--set', 'platform.pools.servr.capacity=3'], /--set platform\.pools\.servr\.capacity: no 'servr' under platform\.pools: did you mean 'server'\?/],
  ['a --set value invalid for its field', ['run', 'experiments/mmc.yaml', '--set', 'horizon=-5'], /^pipesim: command line: horizon: .*\(a value given on the command line, not in experiments\/mmc\.yaml\)$/m],
  ['a folder given as the experiment', ['run', 'experiments'], /experiments: cannot read the experiment file \(a folder, not a file\)/],
  ['a folder given as the trace to fit', ['fit', 'experiments', '-o', path.join(tempDir(), 'fit.yaml')], /experiments: is a folder; give the trace file/],
  ['too many workers', ['run', 'experiments/mmc.yaml', '--workers', '1e9'], /--workers expects a whole number ≥ 1, got '1e9'|--workers expects at most 256/],
  ['an unparseable --influx-url with a password in it', ['run', 'experiments/mmc.yaml', '--horizon', '1d', '--influx-url', 'ht!tp://user:s3cret@[bad'], /^pipesim: --influx-url: expected a URL such as http:\/\/host:8086 \(the value given is not shown/],
  ['an --out that is a file', ['run', 'experiments/mmc.yaml', '--horizon', '1d', '--out', 'package.json'], /cannot make a results folder under package\.json: E[A-Z]+/],
])('%s', (_name, args, message) => {
  it('exits 2 with one clear message and no stack trace', async () => {
    const result = await pipesim(args.includes('--out') || args[0] === 'fit' ? args : [...args, '--out', tempDir()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toContain('s3cret');
  });
});

it('points to --resume when given a results folder instead of an experiment file', async () => {
  const folder = tempDir();
  writeFileSync(path.join(folder, 'run.json'), '{}');
  const result = await pipesim(['run', folder]);
  expect(result.code).toBe(2);
  expect(result.stderr).toBe(`pipesim: ${folder} is a results folder, not an experiment file\nhint: to continue it: pipesim run --resume ${folder}\n`);
});

it('reads a bare --horizon as seconds, as the file does', async () => {
  const result = await pipesim(['run', 'experiments/mmc.yaml', '--horizon', '86400', '--json', '--out', tempDir()]);
  expect(warningsIn(result.stderr)).toBe('');
  expect(result.code).toBe(0);
});

it('refuses grids of more than 100,000 runs without --yes, before starting anything', async () => {
  const out = tempDir();
  const result = await pipesim(['run', 'experiments/mmc.yaml', '--replications', '100001', '--out', out]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/100001 runs, more than 100000/);
  expect(result.stderr).toMatch(/hint: pass --yes/);
});

it('--json prints the summary document', async () => {
  const result = await pipesim(['run', 'experiments/mmc.yaml', '--horizon', '2d', '--json', '--out', tempDir()]);
  expect(result.code).toBe(0);
  const summary = JSON.parse(result.stdout);
  expect(summary.experiment).toBe('mmc');
  expect(summary.scenarios[0].metrics['pool.server.utilisation'].mean).toBeGreaterThan(0.5);
});
