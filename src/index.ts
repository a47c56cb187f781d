/**
 * PipeSim's public API: for policy authors (the SchedulingPolicy interface and `orderByKey`)
 * and for programmatic use (load an experiment, run one scenario, run a whole experiment).
 */
export type { RunSpec } from './experiment/run-spec.js';
export type { RunResult, MetricMap } from './core/records.js';
export { loadExperiment } from './experiment/load.js';
export { scenarioSchema, ConfigError, UserError, type Experiment, type Scenario, type ScenarioEntry } from './config/index.js';
export {
  runScenario, orderByKey, fifo, sjf, priority, fairShare, srtf, las, preemptivePriority, BUILT_IN_SCHEDULERS,
  type SchedulingPolicy, type TaskQueue, type TaskInfo, type PolicyContext, type PoolView, type TenantInfo,
  type PreemptionRule, type PolicySettings, type PlacementRequest, type NodeView,
} from './model/index.js';
export { runExperiment, type CoordinatorOptions, type ExperimentOutcome } from './experiment/index.js';
export { RandomStreams, createDistribution, type Distribution, type DistributionSpec } from './random/index.js';
export { aggregate, confidenceInterval, type ScenarioSummary, type Interval } from './stats/index.js';
export { kimNelson, type SelectionOptions, type SelectionResult } from './stats/selection.js';
export { paretoFront, type ParetoPoint } from './stats/pareto.js';
