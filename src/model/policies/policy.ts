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
 *
 * A preemptive policy also gives a `preemption` rule: a rank for waiting and running tasks
 * alike. When the head of a pool's queue does not fit, the pool preempts running tasks of a
 * strictly larger rank (the largest first, then the latest started) if that makes room; they go
 * back to the queue with their remaining work (see `policy.preemption`). Only computing tasks
 * are preempted, never one moving data.
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
  /** Its compute time on this pool as drawn or replayed (what a scheduler that knows durations would know). */
  recordedDurationSeconds(task: number): number;
  /** Compute seconds it has received so far, over all its attempts, including the one under way (0 without preemption). */
  attainedSeconds(task: number): number;
  /** Recorded compute seconds still to do (after a restart, all of them again). */
  remainingSeconds(task: number): number;
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
  /** The tasks running on it now (kept only for preemptive policies and quotas; empty otherwise). */
  runningTasks(): readonly number[];
}

/** The experiment's `policy:` section, for policies that take settings (las thresholds, srtf durations). */
export interface PolicySettings {
  readonly scheduler: string;
  readonly srtf?: { readonly durations?: 'recorded' | 'expected' | undefined } | undefined;
  readonly las?: { readonly thresholds?: readonly number[] | undefined; readonly service?: 'time' | 'unit-time' | undefined } | undefined;
}

/** Passed to `createQueue`, once per pool per run. */
export interface PolicyContext {
  readonly tasks: TaskInfo;
  readonly pool: PoolView;
  readonly tenants: readonly TenantInfo[];
  readonly settings: PolicySettings;
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

/** What makes a policy preemptive (see the top of this file). */
export interface PreemptionRule {
  /**
   * A task's rank at `now`, waiting or running: smaller goes first. The queue must order
   * waiting tasks by it (a waiting task's rank does not change while it waits).
   */
  rank(task: number, now: number, context: PolicyContext): number;
  /**
   * When the rank of a task that is running now next grows on its own (e.g. las crossing a
   * threshold): its pool is reviewed then. Infinity (or absent) when it never does.
   */
  nextRankChange?(task: number, now: number, context: PolicyContext): number;
}

/** One node of a pool with nodes, as a placement function sees it. */
export interface NodeView {
  /** Units free on it now (0 while it is down). */
  readonly free: number;
  /** Its units in all. */
  readonly units: number;
  /** Its node type (`nodes[].type`). */
  readonly type: string;
  readonly up: boolean;
}

/** What `place` is asked: where `units` units of a task go on a pool's nodes. */
export interface PlacementRequest {
  readonly pool: string;
  /** The task to place (read what is known of it through the context's `tasks`). */
  readonly task: number;
  readonly units: number;
  readonly nodes: readonly NodeView[];
  /** The most nodes the task may span (the fewest its units need plus `placement.maxExtraNodes`). */
  readonly maxNodes: number;
}

/** A scheduling policy: a name and a factory of per-pool queues; preemptive with a `preemption` rule. */
export interface SchedulingPolicy {
  readonly name: string;
  createQueue(context: PolicyContext): TaskQueue;
  readonly preemption?: PreemptionRule;
  /**
   * With `placement.strategy: policy`: units per node (one number per node of `request.nodes`,
   * adding up to `request.units`, each at most that node's free units, over at most
   * `request.maxNodes` nodes), or undefined to leave the task waiting. A pure function of the
   * request and the task: the pool may ask again before starting it.
   */
  place?(request: PlacementRequest, context: PolicyContext): readonly number[] | undefined;
}
