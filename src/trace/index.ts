/** Job traces: reading CSV files through a column mapping into typed columns. */
export { describeReading, parseTimestamp, readTrace, type TraceTable } from './read.js';
export { checkMapping, MappedColumnMissing, parseColumnsFlag, TRACE_FIELDS } from './columns.js';
