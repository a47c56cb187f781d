/**
 * A task's life, the hot path of every run: ready (its predecessors are done) → queued on its
 * pool, or started at once → reads its input over the network → computes → writes its model →
 * done, which readies its successors and, for the last task, finishes the pipeline. A task that
 * finds nothing queued and room on its pool starts without passing through the policy's queue.
 * Rare features (network, fallback, quality, recording, preemption) are optional fields behind
 * one branch.
 */
import type { Simulation } from '../engine/index.js';
import { READS_ASSET, READS_MODEL, type CompiledKind } from './compile.js';
import type { Fallback } from './fallback.js';
import type { PoolMetrics, RunMetrics } from './metrics.js';
import type { Network } from './network.js';
import type { CompiledStructure } from './pipelines.js';
import type { Pools } from './pools.js';
import type { Preemption } from './preemption.js';
import type { QualityMonitor } from './quality-monitor.js';
import type { Recorder } from './recording.js';
import { GAVE_UP_REMAINING, PipelineField, TaskField, TaskPhase, TaskState, type PipelineTable, type TaskTable } from './tables.js';

export class TaskLifecycle {
  /**
   * Every structure is one task (jobs, as in M/M/c and GPU-cluster traces): a task's id is its
   * pipeline's, and a pipeline's wait is its task's.
   */
  private readonly singleTask: boolean;
  private readonly computedKind: number;
  /** The fallback's first pool, or -1: read on every enqueue, so a number rather than `fallback?.from`. */
  private readonly fallbackFrom: number;
  private readonly fallbackKind: number;

  constructor(
    private readonly sim: Simulation, private readonly tasks: TaskTable, private readonly pipelines: PipelineTable,
    private readonly kinds: readonly CompiledKind[], private readonly structures: readonly CompiledStructure[],
    private readonly pools: Pools, private readonly metrics: RunMetrics,
    private readonly network: Network | undefined, private readonly fallback: Fallback | undefined,
    private readonly quality: QualityMonitor | undefined, private readonly recorder: Recorder | undefined,
    private readonly preemption: Preemption | undefined,
  ) {
    this.singleTask = tasks.stride === 1;
    this.computedKind = sim.register((task) => this.onComputed(task));
    this.fallbackFrom = fallback ? fallback.from : -1;
    this.fallbackKind = sim.register((task) => this.onFallbackDue(task));
    preemption?.connect({ computed: (task) => this.onComputed(task), dispatch: (pool) => this.dispatchPreempting(pool) });
  }

  /** `task`'s predecessors are done: it joins its pool's queue (or starts). */
  makeReady(task: number): void {
    const now = this.sim.now;
    const tr = this.tasks.data;
    const tb = task * TaskField.Count;
    if (!this.singleTask) {
      const pr = this.pipelines.data;
      const pb = this.tasks.pipelineOf(task) * PipelineField.Count;
      if (pr[pb + PipelineField.QueuedTasks]!++ === 0) pr[pb + PipelineField.QueuedSince] = now;
    }
    tr[tb + TaskField.ReadyAt] = now;
    tr[tb + TaskField.State] = TaskState.Queued;
    this.enqueue(task, tr[tb + TaskField.Pool]! | 0, now, tr, tb);
  }

  /** `task` (record at `tb` of `tr`) joins `pool`'s queue, or starts at once. */
  enqueue(task: number, pool: number, now: number, tr: Float64Array, tb: number): void {
    tr[tb + TaskField.Pool] = pool;
    tr[tb + TaskField.QueuedAt] = now;
    const pools = this.pools;
    const fits = pools.fits(pool, tr[tb + TaskField.Units] as number);
    // Nothing else waiting and room for it: every policy would pick it, so it starts without the
    // queue (unless a quota keeps it out).
    if (fits && pools.queued[pool] === 0 && (this.preemption === undefined || this.preemption.admits(task, pool, pools.free(pool)))) {
      this.start(task, pool, tr, tb);
      return;
    }
    pools.push(task, pool);
    if (pool === this.fallbackFrom) this.sim.schedule((this.fallback as Fallback).after, this.fallbackKind, task);
    // The head did not fit before this push; if this task does not fit either, nothing can start
    // (unless it preempts).
    if (fits) this.dispatch(pool);
    else if (this.preemption !== undefined) this.dispatchPreempting(pool);
  }

  /**
   * Starts what can start on `pool`, preempting where the policy or a quota makes room. Apart
   * from `dispatch`, whose loop is the hot path of every run without preemption.
   */
  private dispatchPreempting(pool: number): void {
    const preemption = this.preemption as Preemption;
    do this.dispatch(pool); while (this.pools.queued[pool]! > 0 && preemption.makeRoom(pool));
  }

  /** Starts queued tasks in policy order while the head task's units fit. */
  private dispatch(pool: number): void {
    const pools = this.pools;
    // One call site of nextToStart: V8 inlines per site, and two copies would not fit its budget.
    for (;;) {
      const task = pools.nextToStart(pool);
      if (task < 0) return;
      this.start(task, pool, this.tasks.data, task * TaskField.Count);
    }
  }

  /** Starts `task` (record at `tb` of `tr`) on `pool` now (read from the clock: a double passed out of line is boxed). */
  private start(task: number, pool: number, tr: Float64Array, tb: number): void {
    const now = this.sim.now;
    const pr = this.pipelines.data;
    const pb = this.tasks.pipelineOf(task) * PipelineField.Count;
    tr[tb + TaskField.State] = TaskState.Running;
    if (this.preemption !== undefined && this.preemption.starting(task, pool)) {
      this.resume(task, pool, tr, tb, pr, pb);
      return;
    }
    tr[tb + TaskField.StartedAt] = now;
    this.pools.changeBusy(pool, pr[pb + PipelineField.Tenant]! | 0, tr[tb + TaskField.Units] as number);
    if (!this.singleTask) this.pipelineTaskStarted(pr, pb, now);
    if (pr[pb + PipelineField.Measured]) {
      (this.metrics.pools[pool] as PoolMetrics).wait.add(now - (tr[tb + TaskField.QueuedAt] as number));
      this.metrics.taskWait.add(now - (tr[tb + TaskField.ReadyAt] as number));
    }
    if (this.network && this.readInput(task, tr, tb, pr, pb)) return;
    this.compute(task, tr, tb);
  }

  /**
   * A preempted `task` starts again: it keeps its first start (its waits were counted then) and
   * reads its input again before computing what is left.
   */
  private resume(task: number, pool: number, tr: Float64Array, tb: number, pr: Float64Array, pb: number): void {
    this.pools.changeBusy(pool, pr[pb + PipelineField.Tenant]! | 0, tr[tb + TaskField.Units] as number);
    if (!this.singleTask) this.pipelineTaskStarted(pr, pb, this.sim.now);
    if (this.network && this.readInput(task, tr, tb, pr, pb)) return;
    this.compute(task, tr, tb);
  }

  /** A task of the pipeline at `pb` started: its wait ends when none of its tasks is queued. */
  private pipelineTaskStarted(pr: Float64Array, pb: number, now: number): void {
    if (--pr[pb + PipelineField.QueuedTasks]! === 0) {
      pr[pb + PipelineField.WaitSeconds] = (pr[pb + PipelineField.WaitSeconds] as number) + now - (pr[pb + PipelineField.QueuedSince] as number);
    }
  }

  /** Starts the transfer of what the task reads, if anything (it computes once that is done). */
  private readInput(task: number, tr: Float64Array, tb: number, pr: Float64Array, pb: number): boolean {
    const kind = this.kinds[tr[tb + TaskField.Kind]! | 0] as CompiledKind;
    const bytes = kind.reads === READS_ASSET ? (pr[pb + PipelineField.AssetSizeBytes] as number)
      : kind.reads === READS_MODEL ? (pr[pb + PipelineField.ModelSizeBytes] as number) : 0;
    if (bytes <= 0) return false;
    tr[tb + TaskField.Phase] = TaskPhase.Reading;
    (this.network as Network).start(task, bytes);
    return true;
  }

  private compute(task: number, tr: Float64Array, tb: number): void {
    tr[tb + TaskField.Phase] = TaskPhase.Computing;
    if (this.preemption !== undefined) {
      this.preemption.compute(task, tr[tb + TaskField.Pool]! | 0);
      return;
    }
    this.sim.scheduleAfter(tr, tb + TaskField.DurationSeconds, this.computedKind, task);
  }

  private onComputed(task: number): void {
    // Model sizes matter only for transfers: without a network, nothing reads them.
    if (this.network) {
      const tr = this.tasks.data;
      const tb = task * TaskField.Count;
      const kind = this.kinds[tr[tb + TaskField.Kind]! | 0] as CompiledKind;
      if (kind.writesModel) {
        const pr = this.pipelines.data;
        const pb = this.tasks.pipelineOf(task) * PipelineField.Count;
        const bytes = (pr[pb + PipelineField.ModelSizeBytes] as number) * kind.modelSizeFactor;
        pr[pb + PipelineField.ModelSizeBytes] = bytes;
        if (bytes > 0) {
          tr[tb + TaskField.Phase] = TaskPhase.Writing;
          this.network.start(task, bytes);
          return;
        }
      }
    }
    this.finish(task);
  }

  /** The network finished moving `task`'s input or output. */
  onTransferDone(task: number): void {
    const tr = this.tasks.data;
    const tb = task * TaskField.Count;
    if (tr[tb + TaskField.Phase] === TaskPhase.Reading) this.compute(task, tr, tb);
    else this.finish(task);
  }

  private finish(task: number): void {
    const now = this.sim.now;
    const t = this.tasks;
    const tr = t.data;
    const tb = task * TaskField.Count;
    const pr = this.pipelines.data;
    const pipeline = t.pipelineOf(task);
    const pb = pipeline * PipelineField.Count;
    const pool = tr[tb + TaskField.Pool]! | 0;
    const tenant = pr[pb + PipelineField.Tenant]! | 0;
    tr[tb + TaskField.State] = TaskState.Done;
    const recorder = this.recorder;
    if (recorder) recorder.taskEnded(task, now);
    this.pools.changeBusy(pool, tenant, -(tr[tb + TaskField.Units] as number));
    const preemption = this.preemption;
    if (preemption !== undefined) preemption.finished(task, pool, pipeline);

    let done: boolean;
    let waitSeconds: number;
    if (this.singleTask) {
      done = true;
      pr[pb + PipelineField.Remaining] = 0;
      waitSeconds = (tr[tb + TaskField.StartedAt] as number) - (tr[tb + TaskField.ReadyAt] as number);
      if (preemption !== undefined) waitSeconds += preemption.requeuedSeconds(task);
      pr[pb + PipelineField.WaitSeconds] = waitSeconds;
    } else {
      const structure = this.structures[pr[pb + PipelineField.Structure]! | 0] as CompiledStructure;
      const base = pipeline * t.stride;
      const successors = structure.successors[task - base] as Int32Array;
      for (let i = 0; i < successors.length; i++) {
        const next = base + (successors[i] as number);
        if (--tr[next * TaskField.Count + TaskField.Predecessors]! === 0) this.makeReady(next);
      }
      done = --pr[pb + PipelineField.Remaining]! === 0;
      waitSeconds = pr[pb + PipelineField.WaitSeconds] as number;
    }
    if (done) {
      if (this.quality) this.quality.deploy(pipeline);
      if (recorder) recorder.pipelineDone(waitSeconds);
      // The record, not its doubles: a double passed to a call V8 does not inline is boxed.
      if (pr[pb + PipelineField.Measured]) this.metrics.pipelineDone(tenant, pr, pb);
      if (pr[pb + PipelineField.StaleEntries] === 0) this.pipelines.release(pipeline);
    }
    this.dispatch(pool);
  }

  /**
   * `task` failed its last attempt (failures.ts): its pipeline gives up, counted the first time,
   * and is no longer measured. What depends on it will never be ready, and is written off. While
   * tasks of its other branches, already queued or running, run out, its `Remaining` holds
   * GAVE_UP_REMAINING more, so that it never counts as done; the failure room releases it after
   * the last of them.
   */
  abandon(task: number): void {
    const t = this.tasks;
    const tr = t.data;
    tr[task * TaskField.Count + TaskField.State] = TaskState.Done;
    const pipeline = t.pipelineOf(task);
    const pr = this.pipelines.data;
    const pb = pipeline * PipelineField.Count;
    let ended = 1;
    if (!this.singleTask) {
      // Its descendants, each written off once (Done), also when another branch gave up before.
      const structure = this.structures[pr[pb + PipelineField.Structure]! | 0] as CompiledStructure;
      const base = pipeline * t.stride;
      const stack = [task - base];
      while (stack.length > 0) {
        const successors = structure.successors[stack.pop() as number] as Int32Array;
        for (const next of successors) {
          const state = (base + next) * TaskField.Count + TaskField.State;
          if (tr[state] === TaskState.Done) continue;
          tr[state] = TaskState.Done;
          ended++;
          stack.push(next);
        }
      }
    }
    if (pr[pb + PipelineField.Measured] === 1) this.metrics.gaveUp++;
    pr[pb + PipelineField.Measured] = 0;
    const remaining = pr[pb + PipelineField.Remaining] as number;
    const left = (remaining >= GAVE_UP_REMAINING ? remaining - GAVE_UP_REMAINING : remaining) - ended;
    if (left > 0) {
      pr[pb + PipelineField.Remaining] = left + GAVE_UP_REMAINING;
      return;
    }
    pr[pb + PipelineField.Remaining] = 0;
    if (pr[pb + PipelineField.StaleEntries] === 0) this.pipelines.release(pipeline);
  }

  /** `task` queues again after a failed attempt and its backoff (failures.ts). */
  retry(task: number): void {
    const now = this.sim.now;
    const tr = this.tasks.data;
    const tb = task * TaskField.Count;
    tr[tb + TaskField.State] = TaskState.Queued;
    if (!this.singleTask) {
      const pr = this.pipelines.data;
      const pb = this.tasks.pipelineOf(task) * PipelineField.Count;
      if (pr[pb + PipelineField.QueuedTasks]!++ === 0) pr[pb + PipelineField.QueuedSince] = now;
    }
    this.enqueue(task, tr[tb + TaskField.Pool]! | 0, now, tr, tb);
  }

  private onFallbackDue(task: number): void {
    const fallback = this.fallback as Fallback;
    if (!fallback.leave(task)) return;
    this.enqueue(task, fallback.to, this.sim.now, this.tasks.data, task * TaskField.Count);
  }
}
