/** IntQueue: a growable FIFO ring buffer of integers (entity ids) that allocates only to grow. */
export class IntQueue {
  private items = new Int32Array(64);
  private head = 0;
  private count = 0;

  /** Number of queued ids. */
  get length(): number {
    return this.count;
  }

  /** Appends an id at the tail. */
  push(id: number): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & (this.items.length - 1)] = id;
    this.count++;
  }

  /** The id at the head, or -1 when empty. */
  peek(): number {
    return this.count === 0 ? -1 : (this.items[this.head] as number);
  }

  /** Removes and returns the head id, or -1 when empty. */
  shift(): number {
    if (this.count === 0) return -1;
    const id = this.items[this.head] as number;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.count--;
    return id;
  }

  private grow(): void {
    // Capacity stays a power of two so that wrap-around is a mask.
    const next = new Int32Array(this.items.length * 2);
    for (let i = 0; i < this.count; i++) next[i] = this.items[(this.head + i) & (this.items.length - 1)] as number;
    this.items = next;
    this.head = 0;
  }
}
