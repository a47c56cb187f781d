/** Experiment files: schema, units, loading with file/line/path errors. */
export { readExperiment, type Experiment, type ScenarioEntry, type LoadOptions, MAX_RUNS_WITHOUT_CONFIRMATION } from './load.js';
export { scenarioSchema } from './scenario.js';
export { type Scenario } from './schema.js';
export { ConfigError, UserError, formatPath, type ConfigProblem } from '../core/errors.js';
export { parseDuration, parseSize, parseBandwidth, formatDuration, formatSize } from './units.js';
export type { ReplicationPlan } from './replications.js';
