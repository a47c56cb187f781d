/**
 * An example user policy: training tasks with the smallest expected GPU time (units ×
 * expected duration) go first, and every other task kind goes before any training task, in
 * arrival order — so short pre-processing and validation steps never wait behind long jobs.
 *
 * Use it with `policy: { scheduler: ./policies/shortest-training-first.ts }` (the path is
 * relative to the experiment file). A policy is any module whose default export has a `name`
 * and a `createQueue(context)`; `orderByKey` builds one from a priority key.
 */
import { orderByKey } from 'pipesim';

export default orderByKey('shortest-training-first', (task, { tasks }) =>
  tasks.kind(task) === 'train' ? tasks.units(task) * tasks.expectedDurationSeconds(task) : -1,
);
