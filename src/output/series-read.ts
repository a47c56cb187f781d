/**
 * A run's recorded time series and task events read back from its line-protocol files
 * (timeseries/<run>.lp, events/<run>.lp) for the report, in bounded memory whatever their length:
 * two passes over each file, the first counting samples, the second reducing each series to at
 * most ENVELOPE_BUCKETS stretches (mean, minimum, maximum) and its mean per hour of the day and
 * of the week, and keeping at most EVENT_POINTS task events, evenly spread.
 */
import { forEachLines, splitLine } from './recordings.js';

/** Stretches a long series is reduced to; series of up to twice as many samples are kept whole. */
export const ENVELOPE_BUCKETS = 400;
/** Task events kept for the report at most (every k-th beyond). */
export const EVENT_POINTS = 2000;

/** One series as the report draws it: whole, or as stretches; and its average day and week. */
export interface SeriesSummary {
  /** Samples read. */
  samples: number;
  /** Every sample (time in ms since 1970, value), when there are at most 2 × ENVELOPE_BUCKETS. */
  points?: { x: number; y: number }[];
  /** Otherwise each stretch's end time, mean, minimum and maximum (stretches of no finite value left out). */
  stretches?: { x: number; mean: number; min: number; max: number }[];
  /** Mean per hour of the day (24) and of the week, Monday 00:00 first (168); null where none. */
  day: (number | null)[];
  week: (number | null)[];
}

export interface RecordedSeries {
  pools: Record<string, { utilisation: SeriesSummary; queue: SeriesSummary }>;
  platform: { arrivals: SeriesSummary; inFlight: SeriesSummary; networkBytes: SeriesSummary; completed: SeriesSummary; waitMean: SeriesSummary };
  /** Time of the first sample and the interval between samples, ms. */
  first: number;
  interval: number;
  last: number;
}

/** Reduces one series of a known number of samples as they stream by. */
class SeriesReducer {
  private seen = 0;
  private readonly points: { x: number; y: number }[] | undefined;
  private readonly stretches: { x: number; mean: number; min: number; max: number }[] | undefined;
  private sum = 0;
  private count = 0;
  private min = Infinity;
  private max = -Infinity;
  private readonly daySum = new Float64Array(24);
  private readonly dayCount = new Float64Array(24);
  private readonly weekSum = new Float64Array(168);
  private readonly weekCount = new Float64Array(168);

  constructor(private readonly total: number) {
    if (total <= 2 * ENVELOPE_BUCKETS) this.points = [];
    else this.stretches = [];
  }

  add(time: number, value: number): void {
    const i = this.seen++;
    if (Number.isFinite(value)) {
      // The interval a sample closes: its hour is the one just before its timestamp.
      const d = new Date(time - 1);
      const hour = d.getUTCHours();
      const slot = ((d.getUTCDay() + 6) % 7) * 24 + hour;
      this.daySum[hour] = (this.daySum[hour] as number) + value;
      this.dayCount[hour] = (this.dayCount[hour] as number) + 1;
      this.weekSum[slot] = (this.weekSum[slot] as number) + value;
      this.weekCount[slot] = (this.weekCount[slot] as number) + 1;
    }
    if (this.points) {
      if (Number.isFinite(value)) this.points.push({ x: time, y: value });
      return;
    }
    if (Number.isFinite(value)) {
      this.sum += value;
      this.count++;
      if (value < this.min) this.min = value;
      if (value > this.max) this.max = value;
    }
    const bucket = Math.floor((i * ENVELOPE_BUCKETS) / this.total);
    const nextBucket = Math.floor(((i + 1) * ENVELOPE_BUCKETS) / this.total);
    if (nextBucket !== bucket || i + 1 === this.total) {
      if (this.count > 0) this.stretches?.push({ x: time, mean: this.sum / this.count, min: this.min, max: this.max });
      this.sum = 0;
      this.count = 0;
      this.min = Infinity;
      this.max = -Infinity;
    }
  }

  summary(): SeriesSummary {
    const mean = (sum: Float64Array, count: Float64Array) => Array.from(sum, (s, k) => ((count[k] as number) > 0 ? s / (count[k] as number) : null));
    return {
      samples: this.seen, ...(this.points ? { points: this.points } : { stretches: this.stretches ?? [] }),
      day: mean(this.daySum, this.dayCount), week: mean(this.weekSum, this.weekCount),
    };
  }
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
  const poolSamples = new Map<string, number>();
  let platformSamples = 0;
  let first = Infinity;
  let second = Infinity;
  let last = -Infinity;
  forEachLines(file, (lines) => {
    for (const l of lines) {
      if (l.startsWith('pipesim_pool,')) {
        const [head = '', , ns = '0'] = splitLine(l);
        const pool = poolTag(head);
        poolSamples.set(pool, (poolSamples.get(pool) ?? 0) + 1);
        const t = millis(ns);
        if (t < first) [second, first] = [first, t];
        else if (t > first && t < second) second = t;
        if (t > last) last = t;
      } else if (l.startsWith('pipesim_platform,')) platformSamples++;
    }
  });
  const pools: Record<string, { utilisation: SeriesReducer; queue: SeriesReducer }> = {};
  for (const [pool, n] of poolSamples) pools[pool] = { utilisation: new SeriesReducer(n), queue: new SeriesReducer(n) };
  const reducer = () => new SeriesReducer(platformSamples);
  const platform = { arrivals: reducer(), inFlight: reducer(), networkBytes: reducer(), completed: reducer(), waitMean: reducer() };
  forEachLines(file, (lines) => {
    for (const l of lines) {
      if (l.startsWith('pipesim_pool,')) {
        const [head = '', fields = '', ns = '0'] = splitLine(l);
        const entry = pools[poolTag(head)] as { utilisation: SeriesReducer; queue: SeriesReducer };
        const f = fieldsOf(fields);
        const t = millis(ns);
        entry.utilisation.add(t, f.utilisation ?? NaN);
        entry.queue.add(t, f.queue ?? NaN);
      } else if (l.startsWith('pipesim_platform,')) {
        const [, fields = '', ns = '0'] = splitLine(l);
        const f = fieldsOf(fields);
        const t = millis(ns);
        platform.arrivals.add(t, f.arrivals ?? NaN);
        platform.inFlight.add(t, f.in_flight ?? NaN);
        platform.networkBytes.add(t, f.network_bytes ?? NaN);
        platform.completed.add(t, f.completed ?? NaN);
        platform.waitMean.add(t, f.wait_mean ?? NaN);
      }
    }
  });
  return {
    pools: Object.fromEntries(Object.entries(pools).map(([name, p]) => [name, { utilisation: p.utilisation.summary(), queue: p.queue.summary() }])),
    platform: {
      arrivals: platform.arrivals.summary(), inFlight: platform.inFlight.summary(), networkBytes: platform.networkBytes.summary(),
      completed: platform.completed.summary(), waitMean: platform.waitMean.summary(),
    },
    first, last, interval: Number.isFinite(second) ? second - first : 3_600_000,
  };
}

/** Recorded task events of a run, at most EVENT_POINTS of them evenly spread: when each started, its wait and pool. */
export interface RecordedEvents {
  /** Events in the file, of which every `step`-th is kept. */
  total: number;
  step: number;
  /** Milliseconds since 1970 of each kept task's start. */
  startTimes: number[];
  waitSeconds: number[];
  pools: string[];
}

export function readEvents(file: string): RecordedEvents {
  let total = 0;
  forEachLines(file, (lines) => {
    for (const l of lines) if (l.startsWith('pipesim_task,')) total++;
  });
  const step = Math.max(1, Math.ceil(total / EVENT_POINTS));
  const events: RecordedEvents = { total, step, startTimes: [], waitSeconds: [], pools: [] };
  let i = 0;
  forEachLines(file, (lines) => {
    for (const l of lines) {
      if (!l.startsWith('pipesim_task,')) continue;
      if (i++ % step !== 0) continue;
      const [head = '', fields = '', ns = '0'] = splitLine(l);
      events.startTimes.push(millis(ns));
      events.waitSeconds.push(fieldsOf(fields).wait ?? NaN);
      events.pools.push(poolTag(head));
    }
  });
  return events;
}
