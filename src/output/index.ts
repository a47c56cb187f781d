/** A results folder on disk and the sinks beside it: run records, summaries, recordings, InfluxDB. */
export { type ComparisonReport, type Evaluation, type Failure, type ForecastReport, type ForecastStep, type Precision, type RecordedEvaluation, type SummaryDocument } from './documents.js';
export { appendRun, createRunDir, isWriteError, type Manifest, MANIFEST, manifestText, newManifest, readManifest, readRuns, repairTornTail, RESOLVED_FILE, runRecord, RUNS_FILE, stoppedByWrite, writeManifest } from './results-dir.js';
export { lockFolder } from './folder-lock.js';
export { outcomeJson, summaryJson, writeAggregates, writeComparison } from './files.js';
export { chunkPoster, EVENT_CHUNK, RecordingStream } from './recording-stream.js';
export { describeInflux, type InfluxOutcome, InfluxSink, influxTarget, type InfluxTarget } from './influx.js';
export { forEachLines, mergeRecordings, readLines, recordingFiles, recordRun, recordScenarios, SCENARIOS_LP, SERIES_DIR } from './recordings.js';
export { readSeries, type RecordedSeries } from './series-read.js';
export { appendJsonLine, readJsonLines } from './json-lines.js';
