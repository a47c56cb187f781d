/** First in, first out: tasks start in the order they became ready. */
import { IntQueue } from '../../engine/index.js';
import type { SchedulingPolicy, TaskQueue } from './policy.js';

export const fifo: SchedulingPolicy = {
  name: 'fifo',
  createQueue(): TaskQueue {
    const queue = new IntQueue();
    return {
      get length() { return queue.length; },
      push: (task) => queue.push(task),
      peek: () => queue.peek(),
      pop: () => queue.shift(),
    };
  },
};
