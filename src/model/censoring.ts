/**
 * What the horizon cut short: measured pipelines still waiting or running at the end, with
 * their waits so far, and the queueing time so far of tasks still queued, per pool. Waits
 * over finished pipelines alone forget exactly the jobs a policy starves; these are lower
 * bounds of what those jobs will wait.
 */
import { PipelineField, TaskField, TaskState, type PipelineTable, type TaskTable } from './tables.js';

export interface Censored {
  /** Measured pipelines unfinished at the end. */
  count: number;
  /** Their waits so far. */
  waits: number[];
  /** Per pool: seconds its queue has held measured tasks that are still queued at the end. */
  queuedSeconds: Float64Array;
}

/** What the preemption room knows of a task's time queued again after preemptions. */
export interface RequeueView {
  /** Whether it waits to start again after a preemption. */
  preempted(task: number): boolean;
  /** Time it spent queued again before its current start. */
  requeuedSeconds(task: number): number;
}

export function censoredAt(end: number, pipelines: PipelineTable, tasks: TaskTable, poolCount: number, requeue?: RequeueView): Censored {
  const pr = pipelines.data;
  const tr = tasks.data;
  const waits: number[] = [];
  const queuedSeconds = new Float64Array(poolCount);
  for (let pb = 0, id = 0; pb < pr.length; pb += PipelineField.Count, id++) {
    if (!((pr[pb + PipelineField.Remaining] as number) > 0 && pr[pb + PipelineField.Measured])) continue;
    if (tasks.stride === 1) {
      // One task per pipeline: the lifecycle keeps no pipeline wait (it is the task's), so read the task.
      const tb = id * TaskField.Count;
      const state = tr[tb + TaskField.State];
      const firstWait = (tr[tb + TaskField.StartedAt] as number) - (tr[tb + TaskField.ReadyAt] as number);
      if (requeue !== undefined && (state === TaskState.Running || requeue.preempted(id))) {
        // It started once: its first wait, its waits after preemptions, and the one under way.
        waits.push(firstWait + requeue.requeuedSeconds(id) + (state === TaskState.Queued ? end - (tr[tb + TaskField.QueuedAt] as number) : 0));
      } else {
        waits.push(state === TaskState.Queued ? end - (tr[tb + TaskField.ReadyAt] as number) : state === TaskState.Running ? firstWait : 0);
      }
    } else {
      const queuedNow = (pr[pb + PipelineField.QueuedTasks] as number) > 0 ? end - (pr[pb + PipelineField.QueuedSince] as number) : 0;
      waits.push((pr[pb + PipelineField.WaitSeconds] as number) + queuedNow);
    }
    for (let node = 0; node < tasks.stride; node++) {
      const tb = (id * tasks.stride + node) * TaskField.Count;
      if (tb >= tr.length || tr[tb + TaskField.State] !== TaskState.Queued || tr[tb + TaskField.Pipeline] !== id) continue;
      const pool = tr[tb + TaskField.Pool] as number;
      queuedSeconds[pool] = (queuedSeconds[pool] as number) + end - (tr[tb + TaskField.QueuedAt] as number);
    }
  }
  return { count: waits.length, waits, queuedSeconds };
}
