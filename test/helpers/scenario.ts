/** Builds scenarios in code for tests, through the real schema (so defaults and units apply). */
import { scenarioSchema, type Scenario } from '../../src/config/schema.js';

/** Parses a YAML-shaped object into a Scenario, throwing with zod's issues if invalid. */
export function scenario(raw: unknown): Scenario {
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues, null, 2));
  return parsed.data;
}

/** An M/M/c scenario: Poisson arrivals at rate λ, exponential service at rate μ, c servers. */
export function mmcScenario(c: number, lambda: number, mu: number, horizonSeconds: number, warmupSeconds: number): Scenario {
  return scenario({
    horizon: horizonSeconds,
    warmup: warmupSeconds,
    platform: { pools: { server: { capacity: c } } },
    workload: {
      interarrival: { dist: 'exponential', mean: 1 / lambda },
      structures: { single: { tasks: { serve: { kind: 'serve' } } } },
    },
    tasks: { serve: { pool: 'server', duration: { dist: 'exponential', mean: 1 / mu } } },
  });
}
