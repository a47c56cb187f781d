/** The coordinator side of experiments: loading, planning, dispatch to workers, results. */
export { loadExperiment, type LoadedExperiment } from './load.js';
export { defaultWorkers, MAX_WORKERS } from './run-pool.js';
export { runExperiment, summarise, type CoordinatorOptions, type ExperimentOutcome, type Progress } from './coordinator.js';
export { ReplicationDriver } from './plan.js';
export { type Precision } from '../output/documents.js';
export { executeRun } from './worker.js';
export { ResultsFolder, EVALUATIONS_FILE } from './results-folder.js';
