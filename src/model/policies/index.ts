/** Scheduling policies: the interface, the built-ins and the loader of user modules. */
export type { SchedulingPolicy, TaskQueue, TaskInfo, PolicyContext, PoolView, TenantInfo, PreemptionRule, PolicySettings, PlacementRequest, NodeView } from './policy.js';
export { orderByKey } from './by-key.js';
export { fifo } from './fifo.js';
export { sjf } from './sjf.js';
export { priority } from './priority.js';
export { fairShare } from './fair-share.js';
export { srtf, las, preemptivePriority } from './preemptive.js';
export { BUILT_IN_SCHEDULERS, loadScheduler } from './load.js';
