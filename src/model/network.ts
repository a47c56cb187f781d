/**
 * The shared network between the data store and compute: concurrent transfers share the
 * bandwidth equally (egalitarian processor sharing). Implemented with a virtual clock V, the
 * bytes each active transfer has received so far: a transfer of b bytes started at V₀
 * finishes when V reaches V₀ + b, and V grows at bandwidth / n. Only the earliest finish is
 * scheduled; a stale completion event is recognised by its generation number.
 */
import { KeyHeap, type Simulation } from '../engine/index.js';
import { TimeWeighted } from '../stats/online.js';

export class Network {
  private readonly finishing = new KeyHeap();
  private virtual = 0;
  private lastUpdate = 0;
  private generation = 0;
  private readonly completionKind: number;
  /** Active transfers over time (its time average is the mean number in flight). */
  readonly active = new TimeWeighted();
  /** 1 while any transfer is active; its integral × bandwidth is the bytes moved. */
  readonly busy = new TimeWeighted();

  /** `onDone(id)` is called when transfer `id` completes. */
  constructor(
    private readonly sim: Simulation,
    readonly bandwidthBytesPerSecond: number,
    private readonly onDone: (id: number) => void,
  ) {
    this.completionKind = sim.register((generation) => this.complete(generation));
  }

  /** Starts moving `bytes` for `id` (a task id); `onDone(id)` follows. */
  start(id: number, bytes: number): void {
    this.advanceVirtual();
    this.finishing.push(id, this.virtual + bytes);
    this.setActive(this.finishing.length);
    this.reschedule();
  }

  private advanceVirtual(): void {
    const n = this.finishing.length;
    const now = this.sim.now;
    if (n > 0) this.virtual += ((now - this.lastUpdate) * this.bandwidthBytesPerSecond) / n;
    this.lastUpdate = now;
  }

  private nextFinishTag = 0;
  /**
   * Ids finishing together, reused across completions so that finishing a transfer allocates
   * nothing (clearing a plain array with `length = 0` frees its backing store, so every
   * completion allocated a new one).
   */
  private doneIds = new Int32Array(16);

  private reschedule(): void {
    this.generation = (this.generation + 1) | 0;
    const head = this.finishing.peek();
    if (head < 0) return;
    this.nextFinishTag = this.finishing.peekKey();
    const delay = ((this.nextFinishTag - this.virtual) * this.finishing.length) / this.bandwidthBytesPerSecond;
    this.sim.schedule(delay > 0 ? delay : 0, this.completionKind, this.generation);
  }

  private complete(generation: number): void {
    if (generation !== this.generation) return;
    this.advanceVirtual();
    // The scheduled finish is exact; snapping V to it avoids drift from rounding.
    this.virtual = this.nextFinishTag;
    let count = 0;
    while (this.finishing.length > 0 && this.finishing.peekKey() <= this.virtual * (1 + 1e-12)) {
      if (count === this.doneIds.length) this.growDoneIds();
      this.doneIds[count++] = this.finishing.pop();
    }
    this.setActive(this.finishing.length);
    this.reschedule();
    // Read from a local: a completion's onDone may start transfers, but never completes one.
    const done = this.doneIds;
    for (let i = 0; i < count; i++) this.onDone(done[i] as number);
  }

  private growDoneIds(): void {
    const grown = new Int32Array(this.doneIds.length * 2);
    grown.set(this.doneIds);
    this.doneIds = grown;
  }

  private setActive(n: number): void {
    const now = this.sim.now;
    this.active.set(now, n);
    this.busy.set(now, n > 0 ? 1 : 0);
  }

  /** Forgets statistics before `now` (warm-up). */
  resetStatistics(now: number): void {
    this.active.reset(now);
    this.busy.reset(now);
  }
}
