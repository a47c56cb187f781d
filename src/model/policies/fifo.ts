/** First in, first out: tasks start in the order they became ready. */
import { IntQueue } from '../../engine/index.js';
import type { SchedulingPolicy, TaskQueue } from './policy.js';

/**
 * A class rather than an object literal with a `length` getter: a literal's getter is a new
 * closure per queue, so every queue would get its own hidden class and the pool's calls into
 * its queue would turn megamorphic over a sweep's runs.
 */
class FifoQueue extends IntQueue implements TaskQueue {
  pop(): number {
    return this.shift();
  }
}

/** `fifo`: tasks start in the order they became ready (the default). */
export const fifo: SchedulingPolicy = {
  name: 'fifo',
  createQueue: () => new FifoQueue(),
};
