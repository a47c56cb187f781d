/**
 * An example user policy for deployed-model quality: tasks of retraining pipelines (triggered
 * by monitoring when a model's quality falls below its threshold) go before everything else;
 * within each group, shortest expected task first.
 */
import { orderByKey } from 'pipesim';

// Expected durations are far below 1e9 s, so the offset keeps the two groups apart.
export default orderByKey('retraining-first', (task, { tasks }) =>
  (tasks.retraining(task) ? 0 : 1e9) + tasks.expectedDurationSeconds(task),
);
