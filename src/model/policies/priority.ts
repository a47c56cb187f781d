/** Tenant priority: tasks of tenants with a higher `priority` start first; FIFO within a class. */
import { orderByKey } from './by-key.js';

/** `priority`: a higher tenant `priority` starts first; FIFO within a priority. */
export const priority = orderByKey('priority', (task, { tasks, tenants }) => -(tenants[tasks.tenant(task)]?.priority ?? 0));
