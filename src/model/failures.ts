/**
 * Failures: the room a run has only with `failures:` or nodes that fail. A compute segment may
 * fail: with `failures.task.probability` at a uniform point of it, or when a running time drawn
 * from `failures.task.timeToFailure` (a hazard) ends first; a node going down fails every
 * attempt on it. A failed attempt gives its units back (preemption.ts `kill`), keeps its work up
 * to its last checkpoint, and after a backoff queues again; past `retries`, its pipeline gives
 * up (lifecycle.ts `abandon`). Nodes alternate up and down times from their own streams.
 *
 * Each purpose draws from its own named stream: `failure.task` (whether and when an attempt
 * fails) and `failure.node.<pool>.<i>` per node, so failures never shift the workload's draws.
 */
import type { FailuresSpec, PoolSpec } from '../config/schema.js';
import type { Simulation } from '../engine/index.js';
import type { MetricMap } from '../core/records.js';
import { createDistribution, type Distribution, type RandomStreams, type Rng } from '../random/index.js';
import type { CompiledKind } from './compile.js';
import type { TaskLifecycle } from './lifecycle.js';
import type { Placement } from './placement.js';
import type { Preemption } from './preemption.js';
import type { SegmentWatcher } from './preemption-contracts.js';
import { GAVE_UP_REMAINING, PipelineField, TaskField, TaskPhase, TaskState, type PipelineTable, type TaskTable } from './tables.js';

interface NodeLife {
  node: number;
  pool: number;
  rng: Rng;
  uptime: Distribution;
  repair: Distribution;
}

export class Failures implements SegmentWatcher {
  private readonly retries: number;
  private readonly backoff: number;
  private readonly backoffFactor: number;
  private readonly checkpoint: number;
  private readonly probability: number;
  private readonly timeToFailure: Distribution | undefined;
  /** Per task kind index: 1 when its attempts may fail on their own. */
  private readonly failingKind: Uint8Array;
  private readonly taskRng: Rng;
  private readonly nodes: NodeLife[] = [];
  /** Per task id: failed attempts so far (reset when it starts fresh). */
  private failed = new Int32Array(64);
  /** Per task id: 1 when its node went down while it moved data (it fails once it would compute). */
  private doomed = new Uint8Array(64);
  private readonly failKind: number;
  private readonly retryKind: number;
  private readonly nodeDownKind: number;
  private readonly nodeUpKind: number;
  private readonly releaseKind: number;
  /** Measured after warm-up. */
  private failedAttempts = 0;
  private nodeKills = 0;
  private retried = 0;
  private lostSeconds = 0;
  private tasksEnded = 0;
  private attemptsOfEnded = 0;

  constructor(
    spec: FailuresSpec | undefined, poolSpecs: readonly PoolSpec[], poolNames: readonly string[], kinds: readonly CompiledKind[],
    streams: RandomStreams, private readonly sim: Simulation, private readonly tasks: TaskTable, private readonly pipelines: PipelineTable,
    private readonly preemption: Preemption, private readonly placement: Placement | undefined, private readonly lifecycle: TaskLifecycle,
    private readonly warmupEnd: number,
  ) {
    this.retries = spec?.retries ?? 3;
    this.backoff = spec?.backoff ?? 0;
    this.backoffFactor = spec?.backoffFactor ?? 1;
    this.checkpoint = spec?.checkpoint ?? 0;
    this.probability = spec?.task?.probability ?? 0;
    this.timeToFailure = spec?.task?.timeToFailure && createDistribution(spec.task.timeToFailure);
    const failing = spec?.task?.kinds;
    this.failingKind = Uint8Array.from(kinds, (k) => (spec?.task !== undefined && (failing === undefined || failing.includes(k.name)) ? 1 : 0));
    this.taskRng = streams.stream('failure.task');
    this.failKind = sim.register((segment) => this.onAttemptFails(segment));
    this.retryKind = sim.register((task) => this.lifecycle.retry(task));
    this.nodeDownKind = sim.register((i) => this.onNodeDown(i));
    this.nodeUpKind = sim.register((i) => this.onNodeUp(i));
    this.releaseKind = sim.register((pipeline) => this.releaseGivenUp(pipeline));
    poolSpecs.forEach((pool, p) => {
      let node = placement ? placement.firstNodeOf(p) : 0;
      for (const type of pool.nodes ?? []) {
        for (let i = 0; i < type.count; i++, node++) {
          if (!type.failures) continue;
          this.nodes.push({
            node, pool: p, rng: streams.stream(`failure.node.${poolNames[p]}.${node - (placement as Placement).firstNodeOf(p)}`),
            uptime: createDistribution(type.failures.uptime), repair: createDistribution(type.failures.repair),
          });
        }
      }
    });
    preemption.watchSegments(this);
  }

  /** Per pool: whether any of its nodes fails. */
  static nodesFail(poolSpecs: readonly PoolSpec[]): boolean[] {
    return poolSpecs.map((pool) => (pool.nodes ?? []).some((t) => t.failures !== undefined));
  }

  /** Schedules every node's first failure. */
  start(): void {
    this.nodes.forEach((life, i) => this.sim.schedule(life.uptime.sample(life.rng), this.nodeDownKind, i));
  }

  segmentStarted(task: number, _pool: number, segment: number, seconds: number): void {
    if (task >= this.failed.length) this.grow(this.tasks.capacity);
    if (this.doomed[task] === 1) {
      this.doomed[task] = 0;
      this.sim.schedule(0, this.failKind, segment);
      return;
    }
    if (this.failingKind[this.tasks.data[task * TaskField.Count + TaskField.Kind]! | 0] !== 1) return;
    if (this.timeToFailure !== undefined) {
      const after = this.timeToFailure.sample(this.taskRng);
      if (after < seconds) this.sim.schedule(after, this.failKind, segment);
    } else if (this.taskRng() < this.probability) {
      this.sim.schedule(this.taskRng() * seconds, this.failKind, segment);
    }
  }

  /** A task starts afresh (a new pipeline's task, its id reused): no failed attempts yet. */
  taskStarted(task: number, fresh: boolean): void {
    if (task >= this.failed.length) this.grow(this.tasks.capacity);
    if (fresh) this.failed[task] = 0;
  }

  /** A task finished: how many attempts it took (the chi-square test's data: attempts are geometric). */
  taskFinished(task: number): void {
    const pipeline = this.tasks.pipelineOf(task);
    const pr = this.pipelines.data;
    const pb = pipeline * PipelineField.Count;
    // The last task of a pipeline that gave up ran out (the lifecycle counts it off next): release it then.
    if (pr[pb + PipelineField.Remaining] === GAVE_UP_REMAINING + 1) this.sim.schedule(0, this.releaseKind, pipeline);
    if (!this.measured(task)) return;
    this.tasksEnded++;
    this.attemptsOfEnded += (this.failed[task] as number) + 1;
  }

  /**
   * `task.attempts.failed` (failed attempts of measured tasks, node kills included),
   * `task.attempts.mean` (per task that ended, finished or given up), `task.retries`,
   * `task.failures.lostSeconds` (compute lost to failures), `task.failures.byNode`, `pipeline.gaveUp`.
   */
  report(m: MetricMap, gaveUp: number): void {
    m['task.attempts.failed'] = this.failedAttempts;
    m['task.attempts.mean'] = this.tasksEnded > 0 ? this.attemptsOfEnded / this.tasksEnded : NaN;
    m['task.retries'] = this.retried;
    m['task.failures.lostSeconds'] = this.lostSeconds;
    m['task.failures.byNode'] = this.nodeKills;
    m['pipeline.gaveUp'] = gaveUp;
  }

  /** Whether `task`'s pipeline arrived after the warm-up (its `Measured` flag is cleared if it gives up; its tasks still count here). */
  private measured(task: number): boolean {
    return (this.pipelines.data[this.tasks.pipelineOf(task) * PipelineField.Count + PipelineField.ArrivedAt] as number) >= this.warmupEnd;
  }

  private onAttemptFails(segment: number): void {
    const task = this.preemption.currentTaskOf(segment);
    if (task < 0) return;
    this.fail(task);
  }

  /** `task`'s attempt fails now: it retries after its backoff or gives up. */
  private fail(task: number): void {
    const pool = this.tasks.data[task * TaskField.Count + TaskField.Pool]! | 0;
    const lost = this.preemption.kill(task, pool, this.checkpoint > 0 ? this.checkpoint : 0);
    const attempts = ++this.failed[task]!;
    const measured = this.measured(task);
    if (measured) {
      this.failedAttempts++;
      this.lostSeconds += lost;
    }
    if (attempts > this.retries) {
      if (measured) {
        this.tasksEnded++;
        this.attemptsOfEnded += attempts;
      }
      this.preemption.gaveUp(task);
      this.lifecycle.abandon(task);
    } else {
      if (measured) this.retried++;
      this.sim.schedule(this.backoff * this.backoffFactor ** (attempts - 1), this.retryKind, task);
    }
    this.preemption.review(pool);
  }

  /** A pipeline that gave up has no task left: its record is free again. */
  private releaseGivenUp(pipeline: number): void {
    const pr = this.pipelines.data;
    const pb = pipeline * PipelineField.Count;
    pr[pb + PipelineField.Remaining] = 0;
    if (pr[pb + PipelineField.StaleEntries] === 0) this.pipelines.release(pipeline);
  }

  private onNodeDown(i: number): void {
    const life = this.nodes[i] as NodeLife;
    const placement = this.placement as Placement;
    const tr = this.tasks.data;
    for (const task of placement.tasksOn(life.node)) {
      if (tr[task * TaskField.Count + TaskField.State] !== TaskState.Running) continue;
      if (this.measured(task)) this.nodeKills++;
      if (tr[task * TaskField.Count + TaskField.Phase] === TaskPhase.Computing && this.preemption.isComputing(task)) this.fail(task);
      else if (tr[task * TaskField.Count + TaskField.Phase] === TaskPhase.Reading) this.doomed[task] = 1;
      // A task writing its model has done its compute: the store, not the node, receives what it writes.
    }
    placement.setUp(life.node, false);
    this.sim.schedule(life.repair.sample(life.rng), this.nodeUpKind, i);
  }

  private onNodeUp(i: number): void {
    const life = this.nodes[i] as NodeLife;
    (this.placement as Placement).setUp(life.node, true);
    this.sim.schedule(life.uptime.sample(life.rng), this.nodeDownKind, i);
    this.preemption.review(life.pool);
  }

  private grow(n: number): void {
    const size = Math.max(n, this.failed.length * 2);
    const failed = new Int32Array(size);
    failed.set(this.failed);
    this.failed = failed;
    const doomed = new Uint8Array(size);
    doomed.set(this.doomed);
    this.doomed = doomed;
  }
}
