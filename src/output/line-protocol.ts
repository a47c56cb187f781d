/**
 * InfluxDB line protocol for what a run records: time series, task events, per-run metrics
 * and scenario aggregates. The same lines go to the results folder (importable as they are,
 * e.g. `influx write --file`) and to a server, so `pipesim push` rewrites exactly what a live
 * run wrote: same measurements, tags and timestamps, hence no duplicates.
 *
 * Measurements: pipesim_pool (utilisation, queue per pool and interval), pipesim_platform
 * (arrivals, in_flight, network_bytes, completed, wait_mean per interval), pipesim_task (one
 * per recorded task, at its start), pipesim_run (every metric of a run, at its end) and
 * pipesim_scenario (<metric>_mean / _low / _high, at the end). Field and tag keys use
 * underscores for dots (pool.gpu.utilisation → pool_gpu_utilisation), which every
 * line-protocol consumer accepts as a name.
 */
import type { RunSeries, TaskRecord, MetricMap } from '../core/records.js';

/** Tags every line of a run carries. */
export type Tags = Record<string, string>;

/** A key as a line-protocol (and Prometheus-style) name. */
export const keyName = (key: string) => key.replace(/[^A-Za-z0-9_]/g, '_');

const escapeTag = (v: string) => v.replace(/([,= \\])/g, '\\$1').replace(/\n/g, ' ');

/** Nanoseconds since 1970 for simulated time `t` after `startSeconds` (microsecond resolution). */
export function timestampNs(startSeconds: number, t: number): bigint {
  return BigInt(Math.round((startSeconds + t) * 1e6)) * 1000n;
}

/** The tags part of a line (`,k=v` sorted by key), rendered once for the many lines that share it. */
export function tagText(tags: Tags): string {
  return Object.keys(tags).sort().map((k) => `,${keyName(k)}=${escapeTag(tags[k] === '' ? '-' : (tags[k] as string))}`).join('');
}

/** One line; NaN and infinite fields are left out (line protocol has no NaN); undefined if none remain. */
export function line(measurement: string, tags: Tags | string, fields: Record<string, number>, ns: bigint): string | undefined {
  let fieldText = '';
  for (const k in fields) {
    const v = fields[k] as number;
    if (Number.isFinite(v)) fieldText += `${fieldText === '' ? '' : ','}${keyName(k)}=${v}`;
  }
  return fieldText === '' ? undefined : `${measurement}${typeof tags === 'string' ? tags : tagText(tags)} ${fieldText} ${ns}`;
}

/** Tags of a run: experiment, results folder, scenario label and parameters, replication. */
export function runTags(experiment: string, runDir: string, scenario: string, parameters: Record<string, unknown>, replication?: number): Tags {
  const tags: Tags = { experiment, run: runDir, scenario };
  for (const [k, v] of Object.entries(parameters)) tags[k] = typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (replication !== undefined) tags.replication = String(replication);
  return tags;
}

/** A run's series, one line at a time (a year at one-minute resolution is a million lines). */
export function* seriesLines(series: RunSeries, tags: Tags, startSeconds: number): Generator<string> {
  const poolTags = series.pools.map((pool) => tagText({ ...tags, pool }));
  const platformTags = tagText(tags);
  for (let i = 0; i < series.arrivals.length; i++) {
    const ns = timestampNs(startSeconds, (series.first + i + 1) * series.interval);
    for (let p = 0; p < poolTags.length; p++) {
      const l = line('pipesim_pool', poolTags[p] as string, { utilisation: series.utilisation[p]?.[i] as number, queue: series.queue[p]?.[i] as number }, ns);
      if (l) yield l;
    }
    const l = line('pipesim_platform', platformTags, {
      arrivals: series.arrivals[i] as number, in_flight: series.inFlight[i] as number, network_bytes: series.networkBytes[i] as number,
      completed: series.completed[i] as number, wait_mean: series.waitMean[i] as number,
    }, ns);
    if (l) yield l;
  }
}

/**
 * Task events, one line at a time, in the order recorded (as tasks end), each at its start
 * time: the millisecond in the timestamp's upper digits, and the event's number in the run
 * (`first` + index, modulo a million) in its nanoseconds, so that no two points of a run fall
 * on one timestamp and overwrite each other, whether the events come in one piece or in chunks.
 */
export function* eventLines(events: readonly TaskRecord[], tags: Tags, startSeconds: number, first = 0): Generator<string> {
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as TaskRecord;
    const ns = BigInt(Math.round((startSeconds + e.startedAt) * 1e3)) * 1_000_000n + BigInt((first + i) % 1_000_000);
    const l = line('pipesim_task', { ...tags, pool: e.pool, kind: e.kind, tenant: e.tenant }, {
      pipeline_arrived: e.pipelineArrivedAt, ready: e.readyAt, start: e.startedAt, end: e.endedAt,
      wait: e.startedAt - e.readyAt, units: e.units, measured: e.measured ? 1 : 0,
    }, ns);
    if (l) yield l;
  }
}

export function runLines(metrics: MetricMap, tags: Tags, startSeconds: number, endSeconds: number): string[] {
  const l = line('pipesim_run', tags, metrics, timestampNs(startSeconds, endSeconds));
  return l ? [l] : [];
}

export function scenarioLines(metrics: Record<string, { mean: number; low: number; high: number; n: number }>, tags: Tags, startSeconds: number, endSeconds: number): string[] {
  const fields: Record<string, number> = {};
  for (const [name, m] of Object.entries(metrics)) {
    fields[`${name}_mean`] = m.mean;
    fields[`${name}_low`] = m.low;
    fields[`${name}_high`] = m.high;
    fields[`${name}_n`] = m.n;
  }
  const l = line('pipesim_scenario', tags, fields, timestampNs(startSeconds, endSeconds));
  return l ? [l] : [];
}
