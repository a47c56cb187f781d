/**
 * KeyHeap: a min-heap of integer ids ordered by (key, insertion sequence), for queues whose
 * order is a priority (shortest job first, tenant class). Typed arrays, no per-push objects.
 */
export class KeyHeap {
  private keys = new Float64Array(64);
  private seqs = new Float64Array(64);
  private ids = new Int32Array(64);
  private count = 0;
  private nextSeq = 0;

  /** Number of queued ids. */
  get length(): number {
    return this.count;
  }

  /** Adds `id` with priority `key` (smaller first; equal keys keep insertion order). */
  push(id: number, key: number): void {
    if (this.count === this.ids.length) this.grow();
    const seq = this.nextSeq++;
    let hole = this.count++;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const pk = this.keys[parent] as number;
      if (pk < key || (pk === key && (this.seqs[parent] as number) < seq)) break;
      this.keys[hole] = pk;
      this.seqs[hole] = this.seqs[parent] as number;
      this.ids[hole] = this.ids[parent] as number;
      hole = parent;
    }
    this.keys[hole] = key;
    this.seqs[hole] = seq;
    this.ids[hole] = id;
  }

  /** The id with the smallest key, or -1 when empty. */
  peek(): number {
    return this.count === 0 ? -1 : (this.ids[0] as number);
  }

  /** The smallest key, or Infinity when empty. */
  peekKey(): number {
    return this.count === 0 ? Infinity : (this.keys[0] as number);
  }

  /** Removes and returns the id with the smallest key, or -1 when empty. */
  pop(): number {
    if (this.count === 0) return -1;
    const top = this.ids[0] as number;
    const last = --this.count;
    if (last === 0) return top;
    const key = this.keys[last] as number;
    const seq = this.seqs[last] as number;
    const id = this.ids[last] as number;
    let hole = 0;
    for (;;) {
      let child = 2 * hole + 1;
      if (child >= last) break;
      const right = child + 1;
      if (right < last) {
        const ck = this.keys[child] as number;
        const rk = this.keys[right] as number;
        if (rk < ck || (rk === ck && (this.seqs[right] as number) < (this.seqs[child] as number))) child = right;
      }
      const ck = this.keys[child] as number;
      if (key < ck || (key === ck && seq < (this.seqs[child] as number))) break;
      this.keys[hole] = ck;
      this.seqs[hole] = this.seqs[child] as number;
      this.ids[hole] = this.ids[child] as number;
      hole = child;
    }
    this.keys[hole] = key;
    this.seqs[hole] = seq;
    this.ids[hole] = id;
    return top;
  }

  private grow(): void {
    const capacity = this.ids.length * 2;
    const keys = new Float64Array(capacity);
    keys.set(this.keys);
    const seqs = new Float64Array(capacity);
    seqs.set(this.seqs);
    const ids = new Int32Array(capacity);
    ids.set(this.ids);
    this.keys = keys;
    this.seqs = seqs;
    this.ids = ids;
  }
}
