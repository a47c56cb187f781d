/** The coordinator side of experiments: planning, dispatch to workers, results. */
export { defaultWorkers, MAX_WORKERS } from './run-pool.js';
export { runExperiment, summarise, type CoordinatorOptions, type ExperimentOutcome, type Progress } from './coordinator.js';
export { ReplicationDriver, type Precision } from './plan.js';
export { executeRun } from './worker.js';
