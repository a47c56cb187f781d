/**
 * Struct-of-arrays tables of pipelines and tasks, so the hot loop touches typed arrays
 * instead of allocating objects. Pipeline slots are recycled through a free list; the tasks
 * of pipeline p occupy ids p·stride … p·stride + nodes − 1, so they are recycled with it.
 */

/** Task states. */
export const enum TaskState { Waiting = 0, Queued = 1, Running = 2, Done = 3 }

/** Phases of a running task. */
export const enum TaskPhase { Reading = 0, Computing = 1, Writing = 2 }

export class PipelineTable {
  capacity = 0;
  arrivedAt = new Float64Array(0);
  structure = new Int32Array(0);
  tenant = new Int32Array(0);
  framework = new Int32Array(0);
  modelType = new Int32Array(0);
  predictionType = new Int32Array(0);
  assetSizeBytes = new Float64Array(0);
  modelSizeBytes = new Float64Array(0);
  /** Application whose model it trains (-1 without quality modelling), and whether it is a retraining. */
  application = new Int32Array(0);
  retraining = new Uint8Array(0);
  instances = new Float64Array(0);
  dimensions = new Float64Array(0);
  /** Queue entries of its tasks left behind by a fallback; the slot is reused only at 0. */
  staleEntries = new Int32Array(0);
  /** Tasks not yet finished. */
  remaining = new Int32Array(0);
  /** Time so far during which at least one of its tasks was queued (union of queue intervals). */
  waitSeconds = new Float64Array(0);
  /** Its tasks queued now, and since when that count has been above zero. */
  queuedTasks = new Int32Array(0);
  queuedSince = new Float64Array(0);
  /** 1 when it arrived after warm-up, so it counts in the metrics. */
  measured = new Uint8Array(0);
  private free: number[] = [];
  private used = 0;

  /** Pipelines alive now. */
  get alive(): number {
    return this.used - this.free.length;
  }

  /** A free pipeline id (growing the tables if needed). */
  allocate(): number {
    const recycled = this.free.pop();
    if (recycled !== undefined) return recycled;
    if (this.used === this.capacity) this.grow(Math.max(256, this.capacity * 2));
    return this.used++;
  }

  /** Returns `id` to the free list. */
  release(id: number): void {
    this.free.push(id);
  }

  private grow(capacity: number): void {
    const f64 = (a: Float64Array) => { const b = new Float64Array(capacity); b.set(a); return b; };
    const i32 = (a: Int32Array) => { const b = new Int32Array(capacity); b.set(a); return b; };
    const u8 = (a: Uint8Array) => { const b = new Uint8Array(capacity); b.set(a); return b; };
    this.arrivedAt = f64(this.arrivedAt);
    this.structure = i32(this.structure);
    this.tenant = i32(this.tenant);
    this.framework = i32(this.framework);
    this.modelType = i32(this.modelType);
    this.predictionType = i32(this.predictionType);
    this.assetSizeBytes = f64(this.assetSizeBytes);
    this.modelSizeBytes = f64(this.modelSizeBytes);
    this.application = i32(this.application);
    this.retraining = u8(this.retraining);
    this.instances = f64(this.instances);
    this.dimensions = f64(this.dimensions);
    this.staleEntries = i32(this.staleEntries);
    this.remaining = i32(this.remaining);
    this.waitSeconds = f64(this.waitSeconds);
    this.queuedTasks = i32(this.queuedTasks);
    this.queuedSince = f64(this.queuedSince);
    this.measured = u8(this.measured);
    this.capacity = capacity;
  }
}

export class TaskTable {
  capacity = 0;
  kind = new Int32Array(0);
  pool = new Int32Array(0);
  units = new Int32Array(0);
  /** Compute time on the current pool (drawn at pipeline arrival). */
  durationSeconds = new Float64Array(0);
  expectedSeconds = new Float64Array(0);
  /** When it became ready (joined its first queue). */
  readyAt = new Float64Array(0);
  /** When it joined its current pool's queue (differs after a fallback). */
  queuedAt = new Float64Array(0);
  /** When it started on its pool. */
  startedAt = new Float64Array(0);
  /** Unfinished predecessors. */
  predecessors = new Int32Array(0);
  state = new Uint8Array(0);
  phase = new Uint8Array(0);

  constructor(readonly stride: number) {}

  /** Makes room for the tasks of pipelines up to `pipelineCapacity`. */
  ensure(pipelineCapacity: number): void {
    const capacity = pipelineCapacity * this.stride;
    if (capacity <= this.capacity) return;
    const f64 = (a: Float64Array) => { const b = new Float64Array(capacity); b.set(a); return b; };
    const i32 = (a: Int32Array) => { const b = new Int32Array(capacity); b.set(a); return b; };
    const u8 = (a: Uint8Array) => { const b = new Uint8Array(capacity); b.set(a); return b; };
    this.kind = i32(this.kind);
    this.pool = i32(this.pool);
    this.units = i32(this.units);
    this.durationSeconds = f64(this.durationSeconds);
    this.expectedSeconds = f64(this.expectedSeconds);
    this.readyAt = f64(this.readyAt);
    this.queuedAt = f64(this.queuedAt);
    this.startedAt = f64(this.startedAt);
    this.predecessors = i32(this.predecessors);
    this.state = u8(this.state);
    this.phase = u8(this.phase);
    this.capacity = capacity;
  }
}
