/**
 * Per-run time series at a fixed simulated interval: per pool the time-averaged utilisation
 * and queue length over the interval, and platform-wide the arrivals, pipelines in flight at
 * its end, bytes moved, and the pipelines completed in it with their mean wait. Recording
 * reads the model's state and draws no random number, so it never changes what is simulated.
 * The whole run is covered, warm-up included (it shows how the platform fills up).
 */
import type { RunSeries } from '../core/records.js';
import type { LevelIntegrals, TimeWeighted } from '../stats/online.js';


/** What the recorder reads from the platform at each sample. */
export interface SeriesSource {
  /** Per pool, integrals since time 0 (a warm-up reset does not restart them). */
  busy: LevelIntegrals;
  queued: LevelIntegrals;
  capacity: ArrayLike<number>;
  network?: { busy: TimeWeighted; bytesPerSecond: number };
  alive(): number;
}

/** Samples a recorder holds before handing them out, when it hands them out. */
export const SERIES_CHUNK = 4096;

const emptySeries = (interval: number, first: number, pools: string[]): RunSeries => ({
  interval, first, pools, utilisation: pools.map(() => []), queue: pools.map(() => []),
  arrivals: [], inFlight: [], networkBytes: [], completed: [], waitMean: [],
});

export class SeriesRecorder {
  /** The samples not yet handed out (all of them without `onChunk`). */
  series: RunSeries;
  private readonly busyBefore: Float64Array;
  private readonly queuedBefore: Float64Array;
  private networkBefore = 0;
  private arrivals = 0;
  private completed = 0;
  private waitSum = 0;

  /**
   * With `onChunk`, every SERIES_CHUNK samples are handed to it and dropped, so a long run at a
   * fine interval records in bounded memory; the rest stays in `series`.
   */
  constructor(interval: number, pools: string[], private readonly source: SeriesSource, private readonly onChunk?: (chunk: RunSeries) => void) {
    this.series = emptySeries(interval, 0, pools);
    this.busyBefore = new Float64Array(pools.length);
    this.queuedBefore = new Float64Array(pools.length);
  }

  arrived(): void {
    this.arrivals++;
  }

  pipelineDone(waitSeconds: number): void {
    this.completed++;
    this.waitSum += waitSeconds;
  }

  /** Closes the interval ending at `now`. */
  sample(now: number): void {
    const s = this.series;
    const src = this.source;
    const dt = s.interval;
    for (let p = 0; p < s.pools.length; p++) {
      const busy = src.busy.integral(p, now);
      const queued = src.queued.integral(p, now);
      (s.utilisation[p] as number[]).push((busy - (this.busyBefore[p] as number)) / dt / (src.capacity[p] as number));
      (s.queue[p] as number[]).push((queued - (this.queuedBefore[p] as number)) / dt);
      this.busyBefore[p] = busy;
      this.queuedBefore[p] = queued;
    }
    const moved = src.network ? src.network.busy.integral(now) : 0;
    s.networkBytes.push(src.network ? (moved - this.networkBefore) * src.network.bytesPerSecond : 0);
    this.networkBefore = moved;
    s.arrivals.push(this.arrivals);
    s.inFlight.push(src.alive());
    s.completed.push(this.completed);
    s.waitMean.push(this.completed > 0 ? this.waitSum / this.completed : NaN);
    this.arrivals = 0;
    this.completed = 0;
    this.waitSum = 0;
    if (this.onChunk && s.arrivals.length >= SERIES_CHUNK) {
      this.onChunk(s);
      this.series = emptySeries(s.interval, s.first + s.arrivals.length, s.pools);
    }
  }

  /**
   * The network's time averages restart at the warm-up's end: carry the part of the current
   * interval already integrated across the reset (the pools' integrals run on from 0).
   */
  beforeReset(now: number): void {
    const network = this.source.network;
    if (network) this.networkBefore -= network.busy.integral(now);
  }
}
