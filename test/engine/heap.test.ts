import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { EventHeap, KeyHeap, OrderedLane } from '../../src/engine/index.js';

describe('EventHeap', () => {
  it('pops in (time, insertion) order, equal to a stable sort, under random interleaving', () => {
    const rng = seedrandom.xor4096('heap-test');
    const heap = new EventHeap();
    const pushed: { time: number; seq: number }[] = [];
    const popped: { time: number; seq: number }[] = [];
    let seq = 0;
    for (let step = 0; step < 50_000; step++) {
      if (rng() < 0.6 || heap.size === 0) {
        // Few distinct times, so ties are common and insertion order is tested.
        const time = Math.floor(rng() * 50) + (popped.at(-1)?.time ?? 0);
        heap.push(time, seq, 7, seq);
        pushed.push({ time, seq });
        seq++;
      } else {
        heap.pop();
        popped.push({ time: heap.poppedTime, seq: heap.poppedArg });
        expect(heap.poppedKind).toBe(7);
      }
    }
    while (heap.pop()) popped.push({ time: heap.poppedTime, seq: heap.poppedArg });
    expect(popped).toHaveLength(pushed.length);
    for (let i = 1; i < popped.length; i++) {
      const a = popped[i - 1]!;
      const b = popped[i]!;
      // Events are popped monotonically in time; equal times keep insertion order.
      expect(a.time < b.time || (a.time === b.time && a.seq < b.seq)).toBe(true);
    }
  });

  it('reports Infinity as the next time when empty and grows past its initial capacity', () => {
    const heap = new EventHeap();
    expect(heap.peekTime()).toBe(Infinity);
    for (let i = 5000; i > 0; i--) heap.push(i, 5000 - i, 0, i);
    expect(heap.size).toBe(5000);
    heap.pop();
    expect(heap.poppedTime).toBe(1);
    while (heap.size > 0) heap.pop();
    expect(heap.peekTime()).toBe(Infinity);
  });

  it('heap and lane report Infinity whenever they empty, also after refills and wrap-around', () => {
    const heap = new EventHeap();
    const lane = new OrderedLane();
    let t = 0;
    for (let round = 0; round < 200; round++) {
      const n = 1 + (round % 7);
      for (let i = 0; i < n; i++) {
        t += 0.5;
        heap.push(t + (i % 3), round * 10 + i, 0, i);
        lane.push(t, round * 10 + i, 0, i);
      }
      expect(heap.peekTime()).toBeLessThan(Infinity);
      expect(lane.peekTime()).toBe(t - (n - 1) * 0.5);
      for (let i = 0; i < n; i++) {
        heap.pop();
        lane.pop();
      }
      expect(heap.peekTime()).toBe(Infinity);
      expect(lane.peekTime()).toBe(Infinity);
    }
  });
});

describe('KeyHeap', () => {
  it('pops ids by (key, insertion order)', () => {
    const heap = new KeyHeap();
    const keys = [5, 1, 5, 3, 1, 9, 3];
    keys.forEach((k, id) => heap.push(id, k));
    const order: number[] = [];
    while (heap.length > 0) order.push(heap.pop());
    expect(order).toEqual([1, 4, 3, 6, 0, 2, 5]);
    expect(heap.pop()).toBe(-1);
  });
});
