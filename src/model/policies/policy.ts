/**
 * The scheduling-policy interface that users implement. A policy creates one queue per
 * resource pool; the pool asks its queue which waiting task should start next. Tasks are
 * integer ids; what is known about a task is read through `TaskInfo`.
 *
 * The pool starts the task at the head (`peek`) only when its units fit in the free
 * capacity; otherwise nothing starts until capacity frees (strict order, no backfilling),
 * so a policy decides order and can never overcommit a pool.
 *
 * A queue sees only tasks that have to choose: a task that becomes ready while nothing else
 * waits for its pool and its units fit starts at once, without `push` or `pop` (any policy
 * would pick it). A queue's order should depend on its tasks and the pool, not on how many
 * tasks passed through it.
 */

/** Read-only facts about a task, valid while it waits in a queue. Times are in seconds. */
export interface TaskInfo {
  /** Units of the pool the task needs. */
  units(task: number): number;
  /** Expected run time on this pool (the duration model's mean for this task, not its draw). */
  expectedDurationSeconds(task: number): number;
  /** When the task became ready and joined a queue. */
  readySince(task: number): number;
  /** When the task's pipeline arrived. */
  pipelineArrivedAt(task: number): number;
  /** Index of the pipeline's tenant in `PolicyContext.tenants`. */
  tenant(task: number): number;
  /** Task kind name (e.g. 'train'). */
  kind(task: number): string;
  /** ML framework of the pipeline (e.g. 'pytorch'). */
  framework(task: number): string;
  /** Size of the pipeline's data asset in bytes. */
  assetSizeBytes(task: number): number;
  /** Instances (rows) of the pipeline's data asset. */
  assetInstances(task: number): number;
  /** Dimensions (features) of the pipeline's data asset. */
  assetDimensions(task: number): number;
  /** True for tasks of a retraining pipeline triggered by monitoring (see `quality:`). */
  retraining(task: number): boolean;
}

/** A tenant as configured under workload.tenants. */
export interface TenantInfo {
  readonly name: string;
  readonly weight: number;
  readonly priority: number;
}

/** What a policy sees of the pool it orders. */
export interface PoolView {
  readonly name: string;
  readonly capacity: number;
  /** Units in use now. */
  readonly busy: number;
  /** Units in use now by tenant index. */
  readonly busyByTenant: ArrayLike<number>;
}

/** Passed to `createQueue`, once per pool per run. */
export interface PolicyContext {
  readonly tasks: TaskInfo;
  readonly pool: PoolView;
  readonly tenants: readonly TenantInfo[];
}

/**
 * The waiting tasks of one pool, in the policy's order. Write it as a class (or use
 * `orderByKey`): an object literal with a `get length()` gets a new hidden class per queue,
 * which turns the pool's calls into it megamorphic and slows a sweep's runs.
 */
export interface TaskQueue {
  /** Tasks held (may include tasks that have since left the pool; the pool skips those). */
  readonly length: number;
  /** A task becomes ready at time `now`. */
  push(task: number, now: number): void;
  /** The task that should start next, or -1 when empty; must not change the queue. */
  peek(now: number): number;
  /** Removes and returns what `peek(now)` would return. */
  pop(now: number): number;
}

/** A scheduling policy: a name and a factory of per-pool queues. */
export interface SchedulingPolicy {
  readonly name: string;
  createQueue(context: PolicyContext): TaskQueue;
}
