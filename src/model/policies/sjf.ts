/** Shortest job first, by expected duration (the duration model's mean, not the draw). */
import { orderByKey } from './by-key.js';

/** `sjf`: the shortest expected duration (the duration model's mean) starts first. */
export const sjf = orderByKey('sjf', (task, { tasks }) => tasks.expectedDurationSeconds(task));
