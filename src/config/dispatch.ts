/**
 * A schema that picks the schema to apply by looking at the input (a number or an object, an
 * object's `model:` or `dist:`), so errors come from the one schema that applies instead of
 * a union's "no option matched".
 */
import { z } from 'zod';
import { UNKNOWN_FIELD } from '../core/errors.js';

/**
 * Validates with `choose(input)`; when it returns undefined, reports `message` at the
 * input's own path (or at `field` under it).
 */
export function dispatch<T>(choose: (input: unknown) => z.ZodType<T, unknown> | undefined, message: string, field?: string): z.ZodType<T, unknown> {
  return z.unknown().transform((input, ctx): T => {
    const schema = choose(input);
    if (schema === undefined) {
      ctx.addIssue({ code: 'custom', path: field ? [field] : [], message });
      return z.NEVER;
    }
    const parsed = schema.safeParse(input);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) ctx.addIssue({ code: 'custom', path: [...issue.path, key], message: UNKNOWN_FIELD });
      } else {
        ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
      }
    }
    return z.NEVER;
  }) as unknown as z.ZodType<T, unknown>;
}

/** True for a YAML mapping (not a list, not null). */
export function isMapping(input: unknown): input is Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input);
}
