/**
 * A run's recorded time series read back from its line-protocol file (series/<run>.lp): per pool
 * utilisation and queue length, and the platform's arrivals, pipelines in flight, network bytes,
 * completions and mean wait, each per sampling interval, at the sample's date.
 */
import { forEachLines, splitLine } from './recordings.js';

export interface RecordedSeries {
  /** Milliseconds since 1970 of each pool sample (the end of its interval). */
  poolTimes: number[];
  pools: Record<string, { utilisation: number[]; queue: number[] }>;
  /** Milliseconds since 1970 of each platform sample. */
  platformTimes: number[];
  platform: { arrivals: number[]; inFlight: number[]; networkBytes: number[]; completed: number[]; waitMean: number[] };
}

/** The value of tag `pool` in a line's measurement-and-tags part. */
const poolTag = (head: string) => (/(?:^|,)pool=((?:\\.|[^,])*)/.exec(head)?.[1] ?? '?').replace(/\\(.)/g, '$1');

/** Field values of a line's field set (integers written with an `i` suffix). */
function fieldsOf(fields: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pair of fields.split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0) out[pair.slice(0, eq)] = Number(pair.slice(eq + 1).replace(/i$/, ''));
  }
  return out;
}

const millis = (ns: string) => Number(BigInt(ns) / 1000000n);

export function readSeries(file: string): RecordedSeries {
  const series: RecordedSeries = {
    poolTimes: [], pools: {}, platformTimes: [],
    platform: { arrivals: [], inFlight: [], networkBytes: [], completed: [], waitMean: [] },
  };
  let firstPool: string | undefined;
  forEachLines(file, (lines) => {
    for (const l of lines) {
      if (l.startsWith('pipesim_pool,')) {
        const [head = '', fields = '', ns = '0'] = splitLine(l);
        const pool = poolTag(head);
        const f = fieldsOf(fields);
        const entry = (series.pools[pool] ??= { utilisation: [], queue: [] });
        entry.utilisation.push(f.utilisation ?? NaN);
        entry.queue.push(f.queue ?? NaN);
        firstPool ??= pool;
        if (pool === firstPool) series.poolTimes.push(millis(ns));
      } else if (l.startsWith('pipesim_platform,')) {
        const [, fields = '', ns = '0'] = splitLine(l);
        const f = fieldsOf(fields);
        const p = series.platform;
        p.arrivals.push(f.arrivals ?? NaN);
        p.inFlight.push(f.in_flight ?? NaN);
        p.networkBytes.push(f.network_bytes ?? NaN);
        p.completed.push(f.completed ?? NaN);
        p.waitMean.push(f.wait_mean ?? NaN);
        series.platformTimes.push(millis(ns));
      }
    }
  });
  return series;
}

/** Recorded task events of a run (events/<run>.lp): when each task started, its wait, pool and kind. */
export interface RecordedEvents {
  /** Milliseconds since 1970 of each task's start. */
  startTimes: number[];
  waitSeconds: number[];
  pools: string[];
}

export function readEvents(file: string): RecordedEvents {
  const events: RecordedEvents = { startTimes: [], waitSeconds: [], pools: [] };
  forEachLines(file, (lines) => {
    for (const l of lines) {
      if (!l.startsWith('pipesim_task,')) continue;
      const [head = '', fields = '', ns = '0'] = splitLine(l);
      events.startTimes.push(millis(ns));
      events.waitSeconds.push(fieldsOf(fields).wait ?? NaN);
      events.pools.push(poolTag(head));
    }
  });
  return events;
}
