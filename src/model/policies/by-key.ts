/** Builds a policy from a priority key: the smallest key starts first, ties in ready order. */
import { KeyHeap } from '../../engine/index.js';
import type { PolicyContext, SchedulingPolicy, TaskQueue } from './policy.js';

type Key = (task: number, context: PolicyContext) => number;

/** A class, not a literal with a getter, so that all such queues share one hidden class (see fifo.ts). */
class KeyQueue implements TaskQueue {
  private readonly heap = new KeyHeap();
  constructor(private readonly key: Key, private readonly context: PolicyContext) {}
  get length(): number {
    return this.heap.length;
  }
  push(task: number): void {
    this.heap.push(task, this.key(task, this.context));
  }
  peek(): number {
    return this.heap.peek();
  }
  pop(): number {
    return this.heap.pop();
  }
}

/**
 * A policy whose order is `key(task, context)`, computed once when the task joins the queue
 * (so the key must not depend on state that changes while it waits).
 */
export function orderByKey(name: string, key: Key): SchedulingPolicy {
  return { name, createQueue: (context) => new KeyQueue(key, context) };
}
