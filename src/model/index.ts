/** The AI-ops platform model: what one run simulates. */
export { runScenario } from './run.js';
export { PlatformSimulation, type PlatformRunOutput, type PlatformOptions } from './platform.js';
export { type TaskRecord } from '../core/records.js';
export { loadScenarioInputs, replayArrivals, mondayBefore, type ScenarioInputs } from './replay.js';
export type { MetricMap } from '../core/records.js';
export { weeklyMultipliers, ArrivalClock, HOURS_PER_WEEK } from './workload.js';
export * from './policies/index.js';
