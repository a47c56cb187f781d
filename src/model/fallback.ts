/**
 * `policy.fallback`: a task that has waited `after` seconds in the `from` pool's queue moves
 * to the `to` pool, running `slowdown` times longer there. It leaves a stale entry behind in
 * the first queue (which may be a heap) instead of being removed from it: the pool skips the
 * entry later (pools.ts), and the pipeline's slot is reused only once its stale entries are gone.
 */
import type { RunMetrics, PoolMetrics } from './metrics.js';
import type { Clock, Pools } from './pools.js';
import { PipelineField, TaskField, TaskState, type PipelineTable, type TaskTable } from './tables.js';

export class Fallback {
  constructor(
    readonly from: number, readonly to: number, readonly after: number, private readonly slowdown: number,
    private readonly clock: Clock, private readonly tasks: TaskTable, private readonly pipelines: PipelineTable,
    private readonly pools: Pools, private readonly metrics: RunMetrics,
  ) {}

  /**
   * `task`'s fallback time has come: if it still waits in the first pool (queued there since
   * `after` ago) and fits the second, it leaves the first queue with its duration slowed down,
   * and true says it is to join the second.
   */
  leave(task: number): boolean {
    const tr = this.tasks.data;
    const tb = task * TaskField.Count;
    const from = this.from;
    const now = this.clock.now;
    const queuedAt = tr[tb + TaskField.QueuedAt] as number;
    if (tr[tb + TaskField.State] !== TaskState.Queued || tr[tb + TaskField.Pool] !== from || queuedAt + this.after > now) return false;
    // A task larger than the fallback pool stays where it is.
    if ((tr[tb + TaskField.Units] as number) > (this.pools.capacity[this.to] as number)) return false;
    const pr = this.pipelines.data;
    const pb = this.tasks.pipelineOf(task) * PipelineField.Count;
    pr[pb + PipelineField.StaleEntries]!++;
    this.pools.changeQueued(from, -1);
    const measured = pr[pb + PipelineField.Measured] === 1;
    if (measured) (this.metrics.pools[from] as PoolMetrics).waitBeforeFallback += now - queuedAt;
    tr[tb + TaskField.DurationSeconds] = (tr[tb + TaskField.DurationSeconds] as number) * this.slowdown;
    tr[tb + TaskField.ExpectedSeconds] = (tr[tb + TaskField.ExpectedSeconds] as number) * this.slowdown;
    if (measured) this.metrics.fallbacks++;
    return true;
  }
}
