/**
 * Tables of pipelines and tasks for the hot loop. Each entity is a fixed-size record in one
 * Float64Array (field = offset in the record), not a typed array per field: creating a
 * pipeline then writes one array instead of twenty (each behind its own field load and
 * bounds check). Integer fields are stored exactly as doubles and read back with `| 0`, so
 * that the JIT indexes with int32 instead of checking a double at each use.
 *
 * Pipeline slots are recycled through a free stack; the tasks of pipeline p occupy ids
 * p·stride … p·stride + nodes − 1, so they are recycled with it.
 */

/** Task states. */
/**
 * Added to `PipelineField.Remaining` of a pipeline that gave up while tasks of its other
 * branches still run (failures.ts): they run out without the pipeline ever counting as done.
 */
export const GAVE_UP_REMAINING = 2 ** 40;

export const enum TaskState { Waiting = 0, Queued = 1, Running = 2, Done = 3, Backoff = 4 }

/** Phases of a running task. */
export const enum TaskPhase { Reading = 0, Computing = 1, Writing = 2 }

/** Offsets of a pipeline's fields in its record. */
export const enum PipelineField {
  ArrivedAt,
  Structure,
  Tenant,
  Framework,
  ModelType,
  PredictionType,
  AssetSizeBytes,
  ModelSizeBytes,
  /** Application whose model it trains (-1 without quality modelling). */
  Application,
  /** 1 for a retraining pipeline. */
  Retraining,
  Instances,
  Dimensions,
  /** Queue entries of its tasks left behind by a fallback; the slot is reused only at 0. */
  StaleEntries,
  /** Tasks not yet finished. */
  Remaining,
  /** Time so far during which at least one of its tasks was queued (union of queue intervals). */
  WaitSeconds,
  /** Its tasks queued now, and since when that count has been above zero. */
  QueuedTasks,
  QueuedSince,
  /** 1 when it arrived after warm-up, so it counts in the metrics. */
  Measured,
  /** Record size. */
  Count,
}

/** Offsets of a task's fields in its record. */
export const enum TaskField {
  /** The pipeline it belongs to. */
  Pipeline,
  Kind,
  Pool,
  Units,
  /** Compute time on the current pool (drawn at pipeline arrival). */
  DurationSeconds,
  ExpectedSeconds,
  /** When it became ready (joined its first queue). */
  ReadyAt,
  /** When it joined its current pool's queue (differs after a fallback). */
  QueuedAt,
  /** When it started on its pool. */
  StartedAt,
  /** Unfinished predecessors. */
  Predecessors,
  State,
  Phase,
  /** Record size. */
  Count,
}

export class PipelineTable {
  capacity = 0;
  /** Pipeline `id`'s record starts at `id * PipelineField.Count`. */
  data = new Float64Array(0);
  private free = new Int32Array(0);
  private freeCount = 0;
  private used = 0;

  /** Pipelines alive now. */
  get alive(): number {
    return this.used - this.freeCount;
  }

  /** A free pipeline id (growing the table if needed). */
  allocate(): number {
    // Kept this small so that V8 inlines it into the hot path; growing is the rare case.
    return this.freeCount > 0 ? this.free[--this.freeCount] as number : this.allocateNew();
  }

  private allocateNew(): number {
    if (this.used === this.capacity) this.grow(Math.max(256, this.capacity * 2));
    return this.used++;
  }

  /** Returns `id` to the free stack. */
  release(id: number): void {
    this.free[this.freeCount++] = id;
  }

  private grow(capacity: number): void {
    const data = new Float64Array(capacity * PipelineField.Count);
    data.set(this.data);
    this.data = data;
    const free = new Int32Array(capacity);
    free.set(this.free);
    this.free = free;
    this.capacity = capacity;
  }
}

export class TaskTable {
  capacity = 0;
  /** Task `id`'s record starts at `id * TaskField.Count`. */
  data = new Float64Array(0);

  constructor(readonly stride: number) {}

  /** The pipeline that task `task` belongs to. */
  pipelineOf(task: number): number {
    return this.data[task * TaskField.Count + TaskField.Pipeline]! | 0;
  }

  /** Whether `task` is a task slot of this table (an integer id in range). */
  isTask(task: number): boolean {
    return Number.isInteger(task) && task >= 0 && task < this.capacity;
  }

  /** Makes room for the tasks of pipelines up to `pipelineCapacity`. */
  ensure(pipelineCapacity: number): void {
    if (pipelineCapacity * this.stride > this.capacity) this.grow(pipelineCapacity * this.stride);
  }

  private grow(capacity: number): void {
    const data = new Float64Array(capacity * TaskField.Count);
    data.set(this.data);
    this.data = data;
    this.capacity = capacity;
  }
}
