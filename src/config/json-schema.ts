/**
 * The experiment file as a JSON Schema (draft 2020-12), generated from the zod schemas the loader
 * validates with, so that editors complete and check fields (`pipesim schema`; the shipped
 * experiments point at experiments/pipesim.schema.json). It describes what may be written (the
 * input side: '5m' or 300 for a duration). Laws and a few fields checked by custom rules are
 * open here ({}): the loader still checks them, with line numbers.
 */
import { z } from 'zod';
import { gridAxisValues } from './grid.js';
import { replicationsInput } from './replications.js';
import { experimentMetaSchema, scenarioShape } from './schema.js';

export function experimentJsonSchema(): Record<string, unknown> {
  const file = experimentMetaSchema.extend({
    /** Another experiment file this one builds on (config/layers.ts). */
    extends: z.string().min(1).optional(),
    replications: replicationsInput.optional(),
    grid: gridAxisValues.optional(),
  }).extend(scenarioShape.shape);
  const { $schema, required, ...schema } = z.toJSONSchema(file, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  allowNullOptionals(schema);
  return {
    $schema, title: 'PipeSim experiment',
    description: 'An experiment file of PipeSim; every field with its default: experiments/annotated.yaml',
    ...schema,
    // A file that extends another may leave required fields to its base.
    if: { required: ['extends'] }, then: {}, else: { required },
  };
}

/** A field that may be left out may also be written as null (as if absent; over an `extends:` base, it removes the base's). */
function allowNullOptionals(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) allowNullOptionals(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Record<string, unknown>;
  for (const value of Object.values(schema)) allowNullOptionals(value);
  const properties = schema.properties as Record<string, unknown> | undefined;
  if (typeof properties !== 'object' || properties === null) return;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  for (const [key, property] of Object.entries(properties)) {
    if (!required.has(key)) properties[key] = { anyOf: [property, { type: 'null' }] };
  }
}
