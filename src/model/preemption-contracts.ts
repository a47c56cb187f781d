/** What the preemption room (preemption.ts) and its neighbours agree on: its settings, the lifecycle's hooks, the failure room's watch, and the events a trace sees. */

export interface PreemptionSettings {
  /** Work done is lost at each preemption. */
  restart: boolean;
  /** Seconds added to each start after a preemption (checkpoint and restore). */
  overheadSeconds: number;
}

/** What happens to a task, for exact-trace tests and traces. */
export type ScheduleEvent = 'start' | 'preempt' | 'resume' | 'finish' | 'fail' | 'giveUp';

/** What the room calls back into the task lifecycle. */
export interface LifecycleHooks {
  /** `task` finished computing. */
  computed(task: number): void;
  /** Start what can start on `pool`, preempting to make room (a running task's rank changed, units were freed). */
  dispatch(pool: number): void;
}

/** What watches compute segments (the failure room). */
export interface SegmentWatcher {
  /** `task` computes on `pool` from now for `seconds` (segment id `segment`) unless cut short. */
  segmentStarted(task: number, pool: number, segment: number, seconds: number): void;
  /** `task` takes its units: afresh, or again after a preemption or a failure. */
  taskStarted(task: number, fresh: boolean): void;
  /** `task` finished. */
  taskFinished(task: number): void;
}
