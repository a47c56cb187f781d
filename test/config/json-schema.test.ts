/**
 * The experiment file's JSON Schema (`pipesim schema`, experiments/pipesim.schema.json): the
 * committed file is what the loader's rules generate today; every shipped experiment and
 * fixture passes it under an independent validator (ajv, draft 2020-12); mistakes an editor
 * should flag (an unknown field, a wrong type, a bad number) fail it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { experimentJsonSchema } from '../../src/config/json-schema.js';

const committed = JSON.parse(readFileSync('experiments/pipesim.schema.json', 'utf8')) as Record<string, unknown>;
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(committed);
const yamlIn = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => path.join(dir, f));

it('is what the loader\'s rules generate (run `pipesim schema -o experiments/pipesim.schema.json` after changing them)', () => {
  expect(committed).toEqual(JSON.parse(JSON.stringify(experimentJsonSchema())));
});

describe.each([...yamlIn('experiments'), ...yamlIn('test/fixtures/experiments')])('%s', (file) => {
  it('passes the schema, and points an editor at it', () => {
    const ok = validate(parse(readFileSync(file, 'utf8')));
    expect(validate.errors ?? [], file).toEqual([]);
    expect(ok).toBe(true);
    if (file.startsWith('experiments')) expect(readFileSync(file, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./pipesim.schema.json');
  });
});

describe.each(['unknown-field', 'negative-capacity', 'fractional-capacity', 'missing-workload', 'not-a-mapping'])('invalid fixture %s', (name) => {
  it('fails the schema too', () => {
    expect(validate(parse(readFileSync(path.join('test/fixtures/invalid', `${name}.yaml`), 'utf8')))).toBe(false);
  });
});
