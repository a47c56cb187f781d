/** The coordinator side of experiments: planning, dispatch to workers, results. */
export { runExperiment, summarise, defaultWorkers, type CoordinatorOptions, type ExperimentOutcome, type Progress } from './coordinator.js';
export { ReplicationDriver, type Precision } from './plan.js';
export { executeRun } from './worker.js';
