/** The `forecast:` section of an experiment file: growth factors, pools to size, objective. */
import { z } from 'zod';
import { quantity } from './units.js';

/** The `forecast:` section of an experiment file. */
export const forecastSchema = z.strictObject({
  growth: z.array(z.number().gt(0, { error: 'expected growth factors > 0' })).min(1),
  pools: z.array(z.string()).min(1),
  objective: z.strictObject({
    metric: z.string(),
    /** The interval's upper bound must be at most this (seconds for waits and latencies). */
    max: quantity('duration'),
  }),
  search: z.strictObject({ min: z.number().int().gte(1).default(1), max: z.number().int().gte(1).default(1024) }).default({ min: 1, max: 1024 }),
  replications: z.number().int().gte(2, { error: 'expected at least 2 replications, since the objective is judged on a confidence interval' }).default(5),
});
export type ForecastSpec = z.output<typeof forecastSchema>;
