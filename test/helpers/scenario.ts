/** Builds scenarios in code for tests, through the real schema (so defaults and units apply). */
import { scenarioSchema } from '../../src/config/scenario.js';
import { type Scenario } from '../../src/config/schema.js';

export { mmcScenario } from '../../scripts/mmc.js';

/** Parses a YAML-shaped object into a Scenario, throwing with zod's issues if invalid. */
export function scenario(raw: unknown): Scenario {
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues, null, 2));
  return parsed.data;
}
