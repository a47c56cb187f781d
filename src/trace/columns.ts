/**
 * Which trace column holds which field. Users map columns by flags (`--columns
 * submit=timestamp,units=num_gpus`) or a small YAML file; fields they leave out are looked up
 * under common names, so well-known traces (e.g. Philly's) read as they are.
 */
import { UserError } from '../core/errors.js';

/** Fields PipeSim understands in a trace of job or task executions. */
export const TRACE_FIELDS = {
  submit: 'submission time (required): a timestamp, or s/ms/µs/ns since 1970 (by magnitude; --time-unit)',
  start: 'start time (optional; gives the recorded waits)',
  end: 'end time (optional)',
  duration: 'run time in seconds (or give start and end)',
  units: 'resource units the job used, e.g. GPUs (default 1; 0: a cpu pool)',
  pool: 'pool the job ran on (default: one pool)',
  kind: 'task kind, e.g. train or serve (default: job)',
  framework: 'framework, e.g. pytorch',
  size: 'data size in bytes',
  tenant: 'user, team or virtual cluster',
  status: 'final status; kept and counted, not filtered',
} as const;

export type TraceField = keyof typeof TRACE_FIELDS;
export type ColumnMapping = Partial<Record<TraceField, string>>;

/** Column names tried, in order, for a field the user did not map. */
const COMMON_NAMES: Record<TraceField, readonly string[]> = {
  submit: ['submit', 'submit_time', 'submitted', 'submission_time', 'timestamp', 'arrival', 'arrival_time'],
  start: ['start', 'start_time', 'started'],
  end: ['end', 'end_time', 'finish', 'finish_time', 'ended'],
  duration: ['duration', 'runtime', 'run_time', 'duration_seconds'],
  units: ['units', 'num_gpus', 'gpus', 'gpu_num', 'num_gpu'],
  pool: ['pool', 'resource', 'partition'],
  kind: ['kind', 'task', 'task_kind', 'job_type'],
  framework: ['framework'],
  size: ['size', 'data_size', 'bytes'],
  tenant: ['tenant', 'user', 'cluster', 'vc', 'team'],
  status: ['status', 'state', 'exit_status'],
};

/** A column the mapping names is not in the trace: the mapping's fault, not the file's. */
export class MappedColumnMissing extends UserError {
  override readonly name = 'MappedColumnMissing';
}

/** Parses `submit=timestamp,units=num_gpus` into a mapping. */
export function parseColumnsFlag(text: string): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [field, column] = pair.split('=').map((s) => s.trim());
    if (!field || !column) throw new UserError(`--columns: expected field=column pairs, got '${pair}'`);
    if (!(field in TRACE_FIELDS)) throw new UserError(`--columns: unknown field '${field}'`, `fields: ${Object.keys(TRACE_FIELDS).join(', ')}`);
    mapping[field as TraceField] = column;
  }
  return mapping;
}

/** Checks a mapping read from YAML (an experiment's `replay.columns` or a mapping file). */
export function checkMapping(value: unknown, where: string): ColumnMapping {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new UserError(`${where}: expected a mapping of field: column`);
  const mapping: ColumnMapping = {};
  for (const [field, column] of Object.entries(value)) {
    if (!(field in TRACE_FIELDS)) throw new UserError(`${where}.${field}: unknown field`, `fields: ${Object.keys(TRACE_FIELDS).join(', ')}`);
    if (typeof column !== 'string' || column === '') throw new UserError(`${where}.${field}: expected a column name`);
    mapping[field as TraceField] = column;
  }
  return mapping;
}

/**
 * Resolves every field to a column index of `header`: explicit mappings must exist; the rest
 * are found by common names or left out. Throws naming the file when a field cannot be found.
 */
export function resolveColumns(header: readonly string[], mapping: ColumnMapping, file: string): Partial<Record<TraceField, number>> {
  const index = new Map(header.map((h, i) => [h.trim().toLowerCase(), i]));
  const out: Partial<Record<TraceField, number>> = {};
  for (const field of Object.keys(TRACE_FIELDS) as TraceField[]) {
    const explicit = mapping[field];
    if (explicit !== undefined) {
      const i = index.get(explicit.toLowerCase());
      if (i === undefined) throw new MappedColumnMissing(`${file}: column '${explicit}' (mapped to ${field}) is not in the header`, `the header has: ${header.join(', ')}`);
      out[field] = i;
      continue;
    }
    for (const name of COMMON_NAMES[field]) {
      const i = index.get(name);
      if (i !== undefined && !Object.values(out).includes(i)) {
        out[field] = i;
        break;
      }
    }
  }
  if (out.submit === undefined) {
    throw new UserError(`${file}: no submission-time column`, `map one with --columns submit=<column>; the header has: ${header.join(', ')}`);
  }
  if (out.duration === undefined && (out.start === undefined || out.end === undefined)) {
    throw new UserError(`${file}: no duration column, and no start and end columns to derive it`, `map one with --columns duration=<column>; the header has: ${header.join(', ')}`);
  }
  return out;
}
