/**
 * Every invalid experiment in test/fixtures/invalid/ is rejected with one clear message that
 * names the file, the line and the field path; line 1 of each fixture says what is expected.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, UserError } from '../../src/config/index.js';
import { loadExperiment } from '../../src/experiment/load.js';

const dir = path.resolve('test/fixtures/invalid');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

describe.each(fixtures)('%s', (name) => {
  const file = path.join(dir, name);
  const expectation = /^# expect: (.*?): (.*)$/.exec(readFileSync(file, 'utf8').split('\n')[0]!);
  it('is rejected with the file, a line, the field path and the reason', async () => {
    expect(expectation, 'fixture line 1 must be `# expect: <path>: <message>`').not.toBeNull();
    const [, fieldPath, message] = expectation!;
    const error = await loadExperiment(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).message;
    const escaped = fieldPath!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(text).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+(?::\\d+)?: ${fieldPath === '' ? '\\(top level\\)' : escaped}: `, 'm'));
    expect(text).toContain(message);
  });
});

it('reports every problem of a file at once, each on its own line', async () => {
  const error = (await loadExperiment(path.join(dir, 'unknown-field.yaml'), { set: [['horizon', -5]] }).catch((e: unknown) => e)) as ConfigError;
  expect(error.problems.map((p) => p.path.join('.')).sort()).toEqual(['horizon', 'platform.pools.gpu.capcity']);
  expect(error.message.split('\n')).toHaveLength(2);
});

it('never echoes a secret written in a file', async () => {
  const error = await loadExperiment('test/fixtures/invalid/influx-token-in-file.yaml').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as Error).message).not.toContain('abc');
});

describe('experiments past the budget (test/fixtures/oversized)', () => {
  const oversized = path.resolve('test/fixtures/oversized');
  it.each(readdirSync(oversized).filter((f) => f.endsWith('.yaml')).sort())('%s is refused with its estimate unless --yes', async (name) => {
    const file = path.join(oversized, name);
    const expected = /^# expect: (.*)$/.exec(readFileSync(file, 'utf8').split('\n')[0]!)?.[1];
    const error = await loadExperiment(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain(expected);
    expect((error as UserError).message).toMatch(/estimate: about \S+ events over \d+ run\(s\)/);
    const accepted = await loadExperiment(file, { yes: true });
    expect(accepted.estimate.events).toBeGreaterThan(0);
  });
});

it('reports a YAML syntax error once, at the line and column where the parser stopped', async () => {
  const error = (await loadExperiment(path.join(dir, 'yaml-syntax.yaml')).catch((e: unknown) => e)) as ConfigError;
  // Line 4 opens a flow map it never closes; the parser finds out at the "- oops" of line 5.
  expect(error.problems).toHaveLength(1);
  expect(error.problems[0]).toMatchObject({ line: 5, column: 3 });
  expect(error.message.split('\n')).toHaveLength(1);
});

it('names a value from the command line as such, not by a line of the file', async () => {
  const error = (await loadExperiment('experiments/mmc.yaml', { set: [['platform.pools.server.capacity', 0]] }).catch((e: unknown) => e)) as ConfigError;
  expect(error.message).toBe('command line: platform.pools.server.capacity: expected an integer ≥ 1, got 0 (a value given on the command line, not in experiments/mmc.yaml)');
});
