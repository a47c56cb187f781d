/**
 * How many replications each scenario gets: a fixed number, or a sequential rule that adds
 * replications until the confidence interval of one metric is narrow enough.
 */
import { z } from 'zod';
import { dispatch, isMapping } from './dispatch.js';

export type ReplicationPlan =
  | { mode: 'fixed'; count: number }
  | { mode: 'sequential'; min: number; max: number; batch: number; metric: string; relativeHalfWidth: number };

const count = z.number({ error: 'expected an integer ≥ 1' }).int({ error: 'expected an integer ≥ 1' }).gte(1, { error: 'expected an integer ≥ 1' });

const fixed = count.transform((n): ReplicationPlan => ({ mode: 'fixed', count: n }));

const sequential = z.strictObject({
  min: count.gte(2, { error: 'expected at least 2 replications, since a confidence interval needs two' }).default(5),
  max: count.default(200),
  /** Replications added per scenario between two checks of the precision. */
  batch: count.default(5),
  target: z.strictObject({
    metric: z.string().min(1),
    relativeHalfWidth: z.number().gt(0).lt(1, { error: 'expected a fraction in (0, 1), e.g. 0.05' }),
  }),
}).transform((v, ctx): ReplicationPlan => {
  if (v.max < v.min) {
    ctx.addIssue({ code: 'custom', path: ['max'], message: `expected max ≥ min (${v.min}), got ${v.max}` });
    return z.NEVER;
  }
  return { mode: 'sequential', min: v.min, max: v.max, batch: v.batch, metric: v.target.metric, relativeHalfWidth: v.target.relativeHalfWidth };
});

/** What may be written for `replications:` (for the JSON Schema; the loader uses replicationsSchema). */
export const replicationsInput = z.union([fixed, sequential]);

export const replicationsSchema = dispatch<ReplicationPlan>(
  (input) => (typeof input === 'number' ? fixed : isMapping(input) ? sequential : undefined),
  'expected a number of replications, or { min, max, target: { metric, relativeHalfWidth } }',
);
