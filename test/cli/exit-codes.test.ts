/** Exit codes and error output of the CLI as a user sees them: one message, no stack. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipesim, tempDir } from '../helpers/cli.js';

const invalid = (name: string) => path.join('test/fixtures/invalid', `${name}.yaml`);

describe.each([
  ['an invalid field', ['run', invalid('negative-capacity')], /negative-capacity\.yaml:\d+: platform\.pools\.gpu\.capacity: expected an integer ≥ 1, got -2/],
  ['a YAML syntax error', ['run', invalid('yaml-syntax')], /yaml-syntax\.yaml:\d+: \(top level\): YAML syntax error/],
  ['a missing file', ['run', 'experiments/nope.yaml'], /experiments\/nope\.yaml: cannot read the experiment file/],
  ['a missing policy module', ['run', invalid('missing-policy-module')], /policy\.scheduler: policy module .* does not exist/],
  ['an unknown option', ['run', 'experiments/mmc.yaml', '--wrokers', '2'], /unknown option '--wrokers'/],
  ['a bad --workers', ['run', 'experiments/mmc.yaml', '--workers', 'many'], /--workers expects a whole number ≥ 1, got 'many'/],
  ['a bad --set', ['run', 'experiments/mmc.yaml', '--set', 'horizon'], /--set expects field\.path=value/],
  ['a --set that breaks a field', ['run', 'experiments/mmc.yaml', '--set', 'platform.pools.server.capacity=0'], /platform\.pools\.server\.capacity: expected an integer ≥ 1, got 0/],
])('%s', (_name, args, message) => {
  it('exits 2 with one clear message and no stack trace', async () => {
    const result = await pipesim([...args, '--out', tempDir()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(result.stdout).toBe('');
  });
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
