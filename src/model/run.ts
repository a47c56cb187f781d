/**
 * runScenario: one replication of one scenario, a pure function of (scenario, seed,
 * replication) and the scheduler: the same inputs always give the same metrics.
 */
import type { Scenario } from '../config/schema.js';
import { RandomStreams } from '../random/index.js';
import { PlatformSimulation, type PlatformOptions, type PlatformRunOutput } from './platform.js';
import type { ScenarioInputs } from './replay.js';
import type { SchedulingPolicy } from './policies/policy.js';

/** Simulates warm-up plus horizon and returns the metrics measured after warm-up. */
export function runScenario(
  scenario: Scenario, scheduler: SchedulingPolicy, seed: number, replication: number, options: PlatformOptions = {}, inputs: ScenarioInputs = {},
): PlatformRunOutput {
  const streams = new RandomStreams(seed, replication, options.antithetic === true);
  return new PlatformSimulation(scenario, scheduler, streams, options, inputs).run();
}
