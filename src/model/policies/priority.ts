/** Tenant priority: tasks of tenants with a higher `priority` start first; FIFO within a class. */
import { orderByKey } from './by-key.js';

export const priority = orderByKey('priority', (task, { tasks, tenants }) => -(tenants[tasks.tenant(task)]?.priority ?? 0));
