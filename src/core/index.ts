/** What every layer may import: the run records and the errors that carry an exit code. */
export { type MetricMap, type PowerOfTwoCounts, type ReplayNote, type RowsByReason, type RunCoordinates, type RunDistributions, runIdOf, type RunResult, type RunSeries, type TaskRecord } from './records.js';
export { RESERVED_NAMES } from './names.js';
export { ConfigError, type ConfigProblem, formatPath, RunsFailedError, StoppedError, UNKNOWN_FIELD, UserError } from './errors.js';
