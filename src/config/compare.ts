/** The `compare:` section of an experiment file: paired comparisons against a baseline, and selection of the best. */
import { z } from 'zod';
import { quantity } from './units.js';

/** The `compare:` section: `baseline:` (paired comparisons), `select:` (the best scenario), or both. */
export const compareSchema = z.strictObject({
  /** Grid values of the baseline, e.g. { policy.scheduler: fifo }. */
  baseline: z.record(z.string(), z.unknown()).refine((b) => Object.keys(b).length > 0, { error: 'expected at least one field: value' }).optional(),
  /**
   * Select the best scenario with a stated chance of being right (Kim–Nelson's fully
   * sequential procedure): the experiment's replications are the first stage, and more are
   * added, one at a time, only to scenarios still in contention. See docs/statistics.md.
   */
  select: z.strictObject({
    metric: z.string(),
    /** The smallest difference worth telling apart: '5%' of the best first-stage mean, or an amount in the metric's units (e.g. 30s). */
    indifference: z.union([
      z.string().regex(/^\d+(\.\d+)?%$/, { error: "expected a percentage like '5%' or an amount like 30s" }).transform((v) => ({ relative: Number(v.slice(0, -1)) / 100 })),
      quantity('duration').transform((v) => ({ absolute: v })),
    ], { error: "expected a percentage like '5%' or an amount in the metric's units like 30s" }).refine((v) => ('relative' in v ? v.relative : v.absolute) > 0, { error: 'expected an indifference > 0' }),
    /** The chance of selecting the best when it is at least `indifference` better than the rest. */
    confidence: z.number().gt(0.5).lt(1).default(0.95),
    /** Replications per scenario at most; at the cap the best mean is taken, without the guarantee. */
    max: z.number().int().gte(2).default(200),
  }).optional(),
  metrics: z.array(z.string()).min(1).optional(),
  rankBy: z.string().optional(),
  /**
   * The smallest relative change worth acting on (0.05: 5% of the baseline's mean). A
   * difference that is significant but smaller is not "better"; one whose interval lies
   * within ± this is "equivalent".
   */
  minEffect: z.number().gt(0, { error: 'expected a relative change > 0, e.g. 0.05 for 5%' }).lt(1, { error: 'expected a relative change < 1, e.g. 0.05 for 5%' }).default(0.05),
}).refine((c) => c.baseline !== undefined || c.select !== undefined, { error: 'expected a baseline: (paired comparisons) or select: (the best scenario), or both' });
