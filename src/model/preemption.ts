/**
 * Preemption: the room a run has only with a preemptive policy, tenant quotas, failures or pools
 * of nodes. It keeps each pool's running tasks and each task's service (attained, remaining,
 * lost), runs compute as segments that a preemption or a failure cuts short, places and
 * releases gangs on nodes as tasks start and end (placement.ts), and makes room for the head of
 * a queue that does not fit (whom it takes off: preemption-victims.ts). A preempted task goes
 * back to its queue and later resumes its remaining work (plus a restore overhead) or restarts
 * from scratch; a failed one (failures.ts) keeps its work to its last checkpoint.
 *
 * A segment's completion event cannot be taken out of the heap, so each segment has an id and
 * a task ignores the completion of any segment but its current one.
 */
import type { Simulation } from '../engine/index.js';
import { PreemptionMetrics } from './preemption-metrics.js';
import { RoomMaker } from './preemption-victims.js';
import type { RequeueView } from './censoring.js';
import type { PreemptionRule } from './policies/policy.js';
import type { Pools } from './pools.js';
import { PipelineField, TaskField, TaskState, type PipelineTable, type TaskTable } from './tables.js';
import type { LifecycleHooks, PreemptionSettings, ScheduleEvent, SegmentWatcher } from './preemption-contracts.js';

function grown(a: Float64Array, n: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

export class Preemption implements RequeueView {
  // Per task id (recycled with its pipeline; reset when a task starts fresh).
  private attained = new Float64Array(0);
  /** Recorded compute seconds left of the current attempt. */
  private remaining = new Float64Array(0);
  /** When its current compute segment started; the first `overheadDue` seconds of it restore. */
  private segmentStart = new Float64Array(0);
  private overheadDue = new Float64Array(0);
  private lost = new Float64Array(0);
  private requeued = new Float64Array(0);
  private preemptions = new Float64Array(0);
  /** 1 while a preempted task waits to start again. */
  private resuming = new Float64Array(0);
  /** Its current segment id, -1 when not computing. */
  private segmentOf = new Int32Array(0);
  /** Position in its pool's running list. */
  private runningAt = new Int32Array(0);
  /** Per pipeline: the recorded compute seconds of its finished tasks (slowdown's denominator). */
  private work = new Float64Array(0);

  private segmentTask = new Int32Array(64);
  private freeSegments: number[] = [];
  private nextSegment = 0;
  private readonly running: number[][];
  private readonly segmentKind: number;
  private readonly reviewKind: number;
  /** Whether this run has a preemptive policy or quotas (not only failures or nodes). */
  private readonly canPreempt: boolean;
  /** Per pool: 1 while a review asked for by a blocked head is pending. */
  private readonly reviewRequested: Uint8Array;
  private reviewing = false;
  /** Chooses whom to preempt (preemption-victims.ts). */
  private readonly rooms: RoomMaker;
  private hooks!: LifecycleHooks;
  /** With failures: told of every compute segment, which it may cut short (failures.ts). */
  private failures: SegmentWatcher | undefined;

  readonly metrics: PreemptionMetrics;

  constructor(
    private readonly sim: Simulation, private readonly tasks: TaskTable, private readonly pipelines: PipelineTable,
    private readonly pools: Pools, private readonly rule: PreemptionRule | undefined, private readonly settings: PreemptionSettings,
    tenantNames: readonly string[], private readonly warmupEnd: number,
    private readonly onEvent?: (event: ScheduleEvent, task: number, time: number, arrivedAt: number) => void,
  ) {
    this.running = pools.names.map(() => []);
    this.metrics = new PreemptionMetrics(pools.names, pools.names.map((_, p) => pools.quotaQueue(p) !== undefined), tenantNames);
    this.segmentKind = sim.register((segment) => this.onSegmentEnd(segment));
    this.reviewKind = sim.register((pool) => this.onReview(pool));
    this.rooms = new RoomMaker(sim, tasks, pools, rule, this.metrics, warmupEnd, this);
    this.canPreempt = rule !== undefined || pools.names.some((_, p) => pools.quotaQueue(p) !== undefined);
    this.reviewRequested = new Uint8Array(pools.names.length);
    // On nodes, a head that cannot be placed although its units are free may preempt too.
    if (pools.placement !== undefined && this.canPreempt) pools.placement.onBlocked = (pool) => this.requestReview(pool);
  }

  /** Wires the failure room in (built after this room). */
  watchSegments(failures: SegmentWatcher): void {
    this.failures = failures;
  }

  /** Whether the run has a preemptive policy or quotas (not only failures or nodes): preemption metrics are reported then. */
  get preempts(): boolean {
    return this.canPreempt;
  }

  /** `pool` starts what it can, preempting to make room, once the events of this instant are done. */
  private requestReview(pool: number): void {
    if (this.reviewing || this.reviewRequested[pool] === 1) return;
    this.reviewRequested[pool] = 1;
    this.sim.schedule(0, this.reviewKind, pool);
  }

  private onReview(pool: number): void {
    this.reviewRequested[pool] = 0;
    this.reviewing = true;
    this.hooks.dispatch(pool);
    this.reviewing = false;
  }

  /** Wires the lifecycle in (built after this room). */
  connect(hooks: LifecycleHooks): void {
    this.hooks = hooks;
  }

  /** Compute seconds of its recorded work `task` has done, including the segment under way (slower when spread over nodes). */
  attainedSeconds(task: number): number {
    if (task >= this.attained.length) return 0;
    const segment = this.segmentOf[task] as number;
    const now = this.sim.now;
    return (this.attained[task] as number) + (segment >= 0 ? Math.max(0, now - (this.segmentStart[task] as number) - (this.overheadDue[task] as number)) / this.slowdownOf(task) : 0);
  }

  /** Recorded compute seconds `task` still has to do. */
  remainingSeconds(task: number): number {
    const recorded = this.tasks.data[task * TaskField.Count + TaskField.DurationSeconds] as number;
    if (task >= this.remaining.length) return recorded;
    if ((this.segmentOf[task] as number) >= 0) {
      const done = Math.max(0, this.sim.now - (this.segmentStart[task] as number) - (this.overheadDue[task] as number)) / this.slowdownOf(task);
      return Math.max(0, (this.remaining[task] as number) - done);
    }
    return this.resuming[task] === 1 ? (this.remaining[task] as number) : recorded;
  }

  /** The tasks running on `pool` now. */
  runningTasks(pool: number): readonly number[] {
    return this.running[pool] as number[];
  }

  /** Whether `task` may start at once on `pool`'s free units when nothing waits (quotas may say no; on nodes, placement). */
  admits(task: number, pool: number, free: number): boolean {
    const placement = this.pools.placement;
    if (placement !== undefined && !placement.fits(pool, task, this.unitsOf(task))) {
      // It will queue: a preemptive pool may make room for it.
      if (this.canPreempt) this.requestReview(pool);
      return false;
    }
    const quota = this.pools.quotaQueue(pool);
    return quota === undefined || quota.admits(task, free);
  }

  /** `task` takes its units on `pool`; true when it resumes after a preemption. */
  starting(task: number, pool: number): boolean {
    if (task >= this.attained.length) this.grow(this.tasks.capacity);
    const list = this.running[pool] as number[];
    this.runningAt[task] = list.length;
    list.push(task);
    // On a pool of nodes its gang is placed here (the pools' placement), before its compute is timed.
    this.pools.placement?.place(task, pool);
    const now = this.sim.now;
    if (this.resuming[task] === 1) {
      this.resuming[task] = 0;
      this.requeued[task] = (this.requeued[task] as number) + now - (this.tasks.data[task * TaskField.Count + TaskField.QueuedAt] as number);
      this.onEvent?.('resume', task, now, this.arrivedAt(task));
      this.failures?.taskStarted(task, false);
      return true;
    }
    this.attained[task] = 0;
    this.remaining[task] = this.tasks.data[task * TaskField.Count + TaskField.DurationSeconds] as number;
    this.overheadDue[task] = 0;
    this.lost[task] = 0;
    this.requeued[task] = 0;
    this.preemptions[task] = 0;
    this.segmentOf[task] = -1;
    this.onEvent?.('start', task, now, this.arrivedAt(task));
    this.failures?.taskStarted(task, true);
    return false;
  }

  /** Time `task` spent queued again after preemptions, before its current start. */
  requeuedSeconds(task: number): number {
    return task < this.requeued.length ? (this.requeued[task] as number) : 0;
  }

  /** Whether `task` waits to start again after a preemption. */
  preempted(task: number): boolean {
    return task < this.resuming.length && this.resuming[task] === 1;
  }

  /** `task` computes its remaining work (after any restore overhead) on `pool`. */
  compute(task: number, pool: number): void {
    const now = this.sim.now;
    let segment = this.freeSegments.pop();
    if (segment === undefined) {
      segment = this.nextSegment++;
      if (segment >= this.segmentTask.length) {
        const more = new Int32Array(this.segmentTask.length * 2);
        more.set(this.segmentTask);
        this.segmentTask = more;
      }
    }
    this.segmentTask[segment] = task;
    this.segmentOf[task] = segment;
    this.segmentStart[task] = now;
    const length = (this.overheadDue[task] as number) + (this.remaining[task] as number) * this.slowdownOf(task);
    this.sim.schedule(length, this.segmentKind, segment);
    if (this.failures !== undefined) this.failures.segmentStarted(task, pool, segment, length);
    const next = this.rule?.nextRankChange?.(task, now, this.pools.contextOf(pool)) ?? Infinity;
    if (next > now && next < Infinity) this.sim.scheduleAt(next, this.reviewKind, pool);
  }

  private onSegmentEnd(segment: number): void {
    const task = this.segmentTask[segment] as number;
    this.freeSegments.push(segment);
    if (this.segmentOf[task] !== segment) return;
    this.segmentOf[task] = -1;
    this.attained[task] = (this.attained[task] as number) + (this.remaining[task] as number);
    this.lost[task] = (this.lost[task] as number) + (this.overheadDue[task] as number);
    this.remaining[task] = 0;
    this.overheadDue[task] = 0;
    this.hooks.computed(task);
  }

  /** `task` of `pipeline` leaves `pool`, done (before the lifecycle counts it off its pipeline). */
  finished(task: number, pool: number, pipeline: number): void {
    this.leave(task, pool);
    this.pools.placement?.release(task, pool);
    const now = this.sim.now;
    // Units are free again: once the pool has started what fits, a head may now preempt (a
    // tenant back within its guarantee reclaims).
    if ((this.pools.queued[pool] as number) > 0) this.sim.schedule(0, this.reviewKind, pool);
    if (pipeline >= this.work.length) this.work = grown(this.work, this.pipelines.capacity);
    this.work[pipeline] = (this.work[pipeline] as number) + (this.tasks.data[task * TaskField.Count + TaskField.DurationSeconds] as number);
    this.onEvent?.('finish', task, now, this.arrivedAt(task));
    this.failures?.taskFinished(task);
    // A task that has not started yet reads as fresh (the id is reused by a later pipeline).
    this.attained[task] = 0;
    const pr = this.pipelines.data;
    const pb = pipeline * PipelineField.Count;
    const measured = pr[pb + PipelineField.Measured] === 1;
    if (measured) this.metrics.taskDone(this.preemptions[task] as number, this.lost[task] as number);
    if (this.tasks.stride > 1 && pr[pb + PipelineField.Remaining] !== 1) return;
    // Its pipeline is done: its tenant's completion time and slowdown.
    const work = this.work[pipeline] as number;
    this.work[pipeline] = 0;
    if (!measured) return;
    this.metrics.pipelineDone(pr[pb + PipelineField.Tenant]! | 0, now - (pr[pb + PipelineField.ArrivedAt] as number), work);
  }

  private unitsOf(task: number): number {
    return this.tasks.data[task * TaskField.Count + TaskField.Units] as number;
  }

  /** Compute time factor of `task` where it is placed now (locality). */
  private slowdownOf(task: number): number {
    const placement = this.pools.placement;
    return placement === undefined ? 1 : placement.slowdownOf(task);
  }

  /**
   * The head of `pool`'s queue does not fit: preempts what makes room for it, if anything can.
   * True when it preempted (the pool then starts its head).
   */
  makeRoom(pool: number): boolean {
    return this.rooms.makeRoom(pool);
  }

  /** When `task`'s current compute segment started. */
  segmentStartOf(task: number): number {
    return this.segmentStart[task] as number;
  }

  /** Takes `task` off `pool`: its units go back, its service is counted, and it queues again. */
  preempt(task: number, pool: number): void {
    const now = this.sim.now;
    const t = this.tasks;
    const tr = t.data;
    const tb = task * TaskField.Count;
    this.takeOff(task, pool, this.settings.restart ? 0 : Infinity);
    this.overheadDue[task] = this.settings.overheadSeconds;
    this.preemptions[task] = (this.preemptions[task] as number) + 1;
    tr[tb + TaskField.State] = TaskState.Queued;
    tr[tb + TaskField.QueuedAt] = now;
    const pr = this.pipelines.data;
    const pb = t.pipelineOf(task) * PipelineField.Count;
    if (t.stride > 1 && pr[pb + PipelineField.QueuedTasks]!++ === 0) pr[pb + PipelineField.QueuedSince] = now;
    this.onEvent?.('preempt', task, now, this.arrivedAt(task));
    this.pools.push(task, pool);
  }

  /**
   * `task`'s attempt on `pool` fails now (failures.ts): its units go back and it keeps its
   * progress up to the last multiple of `checkpointSeconds` (Infinity: all of it; 0: none).
   * It waits in backoff until the failure room queues it again or gives it up. Returns the
   * compute seconds lost.
   */
  kill(task: number, pool: number, checkpointSeconds: number): number {
    const lostBefore = this.lost[task] as number;
    this.takeOff(task, pool, checkpointSeconds);
    this.overheadDue[task] = 0;
    this.tasks.data[task * TaskField.Count + TaskField.State] = TaskState.Backoff;
    this.onEvent?.('fail', task, this.sim.now, this.arrivedAt(task));
    return (this.lost[task] as number) - lostBefore;
  }

  /** `task` gave up after its last failed attempt: it reads as fresh again (its id is reused later). */
  gaveUp(task: number): void {
    this.resuming[task] = 0;
    this.attained[task] = 0;
    this.onEvent?.('giveUp', task, this.sim.now, this.arrivedAt(task));
  }

  /** Whether `task` is computing now (its segment under way). */
  isComputing(task: number): boolean {
    return task < this.segmentOf.length && (this.segmentOf[task] as number) >= 0;
  }

  /** `pool` starts what it can once the events of this instant are done (units were freed). */
  review(pool: number): void {
    this.sim.schedule(0, this.reviewKind, pool);
  }

  /** The task whose compute segment `segment` is, if that segment is still its current one; else -1. */
  currentTaskOf(segment: number): number {
    const task = this.segmentTask[segment] as number;
    return this.segmentOf[task] === segment ? task : -1;
  }

  /**
   * Takes `task` off `pool` mid-compute: its units go back and its service is counted; it keeps
   * its attempt's progress up to the last multiple of `keepEvery` seconds (Infinity: all of it).
   */
  private takeOff(task: number, pool: number, keepEvery: number): void {
    const now = this.sim.now;
    const t = this.tasks;
    const tr = t.data;
    const tb = task * TaskField.Count;
    const elapsed = now - (this.segmentStart[task] as number);
    const overhead = Math.min(elapsed, this.overheadDue[task] as number);
    const done = (elapsed - overhead) / this.slowdownOf(task);
    this.attained[task] = (this.attained[task] as number) + done;
    this.segmentOf[task] = -1;
    const duration = tr[tb + TaskField.DurationSeconds] as number;
    // Three forms, each as preemption always computed it (results stay byte-identical).
    if (keepEvery === Infinity) {
      this.lost[task] = (this.lost[task] as number) + overhead;
      this.remaining[task] = (this.remaining[task] as number) - done;
    } else if (keepEvery === 0) {
      this.lost[task] = (this.lost[task] as number) + overhead + duration - (this.remaining[task] as number) + done;
      this.remaining[task] = duration;
    } else {
      const progress = duration - (this.remaining[task] as number) + done;
      const kept = Math.floor(progress / keepEvery) * keepEvery;
      this.lost[task] = (this.lost[task] as number) + overhead + progress - kept;
      this.remaining[task] = duration - kept;
    }
    this.resuming[task] = 1;
    this.leave(task, pool);
    this.pools.placement?.release(task, pool);
    const pr = this.pipelines.data;
    const pb = t.pipelineOf(task) * PipelineField.Count;
    this.pools.changeBusy(pool, pr[pb + PipelineField.Tenant]! | 0, -(tr[tb + TaskField.Units] as number));
  }

  private arrivedAt(task: number): number {
    return this.pipelines.data[this.tasks.pipelineOf(task) * PipelineField.Count + PipelineField.ArrivedAt] as number;
  }

  private leave(task: number, pool: number): void {
    const list = this.running[pool] as number[];
    const at = this.runningAt[task] as number;
    const last = list.pop() as number;
    if (last !== task) {
      list[at] = last;
      this.runningAt[last] = at;
    }
  }

  private grow(n: number): void {
    this.attained = grown(this.attained, n);
    this.remaining = grown(this.remaining, n);
    this.segmentStart = grown(this.segmentStart, n);
    this.overheadDue = grown(this.overheadDue, n);
    this.lost = grown(this.lost, n);
    this.requeued = grown(this.requeued, n);
    this.preemptions = grown(this.preemptions, n);
    this.resuming = grown(this.resuming, n);
    const segmentOf = new Int32Array(Math.max(n, this.segmentOf.length * 2)).fill(-1);
    segmentOf.set(this.segmentOf);
    this.segmentOf = segmentOf;
    const runningAt = new Int32Array(segmentOf.length);
    runningAt.set(this.runningAt);
    this.runningAt = runningAt;
  }
}
