/** Builds a policy from a priority key: the smallest key starts first, ties in ready order. */
import { KeyHeap } from '../../engine/index.js';
import type { PolicyContext, SchedulingPolicy, TaskQueue } from './policy.js';

/**
 * A policy whose order is `key(task, context)`, computed once when the task joins the queue
 * (so the key must not depend on state that changes while it waits).
 */
export function orderByKey(name: string, key: (task: number, context: PolicyContext) => number): SchedulingPolicy {
  return {
    name,
    createQueue(context): TaskQueue {
      const heap = new KeyHeap();
      return {
        get length() { return heap.length; },
        push: (task) => heap.push(task, key(task, context)),
        peek: () => heap.peek(),
        pop: () => heap.pop(),
      };
    },
  };
}
