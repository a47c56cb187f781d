/**
 * EventHeap: a binary min-heap of events keyed on (time, insertion sequence), stored in
 * parallel typed arrays so that pushing and popping an event allocates nothing.
 */

// Indexing below is always within [0, size): the typed arrays are read without undefined checks.

const INITIAL_CAPACITY = 1024;

/** Times for a heap or lane: slot 0 holds Infinity, the time an empty one reports. */
export function emptyTimes(capacity: number): Float64Array {
  const times = new Float64Array(capacity);
  times[0] = Infinity;
  return times;
}

/**
 * A min-heap of (time, seq, kind, arg) events; equal times pop in insertion order.
 * The root's time slot holds Infinity whenever the heap is empty, so that `peekTime` is one
 * typed-array read: with a branch returning the global `Infinity` instead, TurboFan boxed
 * every peeked time into a heap number (a branch never taken before optimisation has no
 * feedback, so its value stays untyped).
 */
export class EventHeap {
  private times = emptyTimes(INITIAL_CAPACITY);
  private seqs = new Float64Array(INITIAL_CAPACITY);
  private kinds = new Int32Array(INITIAL_CAPACITY);
  private args = new Int32Array(INITIAL_CAPACITY);
  private count = 0;

  /** Number of pending events. */
  get size(): number {
    return this.count;
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number {
    return this.times[0] as number;
  }

  /** Sequence number of the earliest event (only meaningful when not empty). */
  peekSeq(): number {
    return this.seqs[0] as number;
  }

  /** Adds an event; among equal times, smaller `seq` pops first (the caller numbers insertions). */
  push(time: number, seq: number, kind: number, arg: number): void {
    if (this.count === this.times.length) this.grow();
    const times = this.times;
    const seqs = this.seqs;
    const kinds = this.kinds;
    const args = this.args;
    let hole = this.count++;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const pt = times[parent] as number;
      if (pt < time || (pt === time && (seqs[parent] as number) < seq)) break;
      times[hole] = pt;
      seqs[hole] = seqs[parent] as number;
      kinds[hole] = kinds[parent] as number;
      args[hole] = args[parent] as number;
      hole = parent;
    }
    times[hole] = time;
    seqs[hole] = seq;
    kinds[hole] = kind;
    args[hole] = arg;
  }

  /**
   * Removes the earliest event. Its fields are left in `poppedTime`, `poppedKind` and
   * `poppedArg` rather than returned as an object, so the hot loop allocates nothing.
   * Returns false when the heap is empty.
   */
  pop(): boolean {
    if (this.count === 0) return false;
    const times = this.times;
    const seqs = this.seqs;
    const kinds = this.kinds;
    const args = this.args;
    this.poppedTime = times[0] as number;
    this.poppedKind = kinds[0] as number;
    this.poppedArg = args[0] as number;
    const last = --this.count;
    if (last === 0) {
      times[0] = Infinity;
      return true;
    }
    const time = times[last] as number;
    const seq = seqs[last] as number;
    const kind = kinds[last] as number;
    const arg = args[last] as number;
    let hole = 0;
    const half = last >> 1;
    while (hole < half) {
      let child = 2 * hole + 1;
      const right = child + 1;
      if (right < last) {
        const ct = times[child] as number;
        const rt = times[right] as number;
        if (rt < ct || (rt === ct && (seqs[right] as number) < (seqs[child] as number))) child = right;
      }
      const ct = times[child] as number;
      if (time < ct || (time === ct && seq < (seqs[child] as number))) break;
      times[hole] = ct;
      seqs[hole] = seqs[child] as number;
      kinds[hole] = kinds[child] as number;
      args[hole] = args[child] as number;
      hole = child;
    }
    times[hole] = time;
    seqs[hole] = seq;
    kinds[hole] = kind;
    args[hole] = arg;
    return true;
  }

  poppedTime = 0;
  poppedKind = 0;
  poppedArg = 0;

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    const seqs = new Float64Array(capacity);
    seqs.set(this.seqs);
    const kinds = new Int32Array(capacity);
    kinds.set(this.kinds);
    const args = new Int32Array(capacity);
    args.set(this.args);
    this.times = times;
    this.seqs = seqs;
    this.kinds = kinds;
    this.args = args;
  }
}
