/** Shortest job first, by expected duration (the duration model's mean, not the draw). */
import { orderByKey } from './by-key.js';

export const sjf = orderByKey('sjf', (task, { tasks }) => tasks.expectedDurationSeconds(task));
