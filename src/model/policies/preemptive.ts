/**
 * The preemptive built-ins: shortest remaining time first, Tiresias' discretised least attained
 * service, and tenant priority with preemption. Each orders its queue by the same rank it
 * preempts by (see PreemptionRule in policy.ts).
 */
import { orderByKey } from './by-key.js';
import type { PolicyContext, PreemptionRule, SchedulingPolicy } from './policy.js';

/** Remaining seconds by the recorded duration, or by the model's expectation (never below 0). */
function remaining(task: number, { tasks, settings }: PolicyContext): number {
  if (settings.srtf?.durations === 'expected') return Math.max(0, tasks.expectedDurationSeconds(task) - tasks.attainedSeconds(task));
  return tasks.remainingSeconds(task);
}

/**
 * `srtf`: the task with the least remaining work runs; a shorter arrival preempts. A running
 * task's remaining work only shrinks, so its rank never grows on its own.
 */
export const srtf: SchedulingPolicy = {
  ...orderByKey('srtf', remaining),
  preemption: { rank: (task, _now, context) => remaining(task, context) },
};

export const DEFAULT_LAS_THRESHOLDS: readonly number[] = [3600, 36000];

/** Attained service: seconds, or units × seconds for 2D-LAS. */
function service(task: number, context: PolicyContext): number {
  const seconds = context.tasks.attainedSeconds(task);
  return context.settings.las?.service === 'unit-time' ? seconds * context.tasks.units(task) : seconds;
}

/** The queue a task's attained service puts it in: how many thresholds it has reached. */
function lasQueue(task: number, context: PolicyContext): number {
  const thresholds = context.settings.las?.thresholds ?? DEFAULT_LAS_THRESHOLDS;
  // A microsecond's slack: the review scheduled at a crossing must see it crossed despite rounding.
  const s = service(task, context) + 1e-6;
  let q = 0;
  while (q < thresholds.length && s >= (thresholds[q] as number)) q++;
  return q;
}

const lasRule: PreemptionRule = {
  rank: (task, _now, context) => lasQueue(task, context),
  nextRankChange(task, now, context) {
    const thresholds = context.settings.las?.thresholds ?? DEFAULT_LAS_THRESHOLDS;
    const next = thresholds[lasQueue(task, context)];
    if (next === undefined) return Infinity;
    const rate = context.settings.las?.service === 'unit-time' ? context.tasks.units(task) : 1;
    return now + (next - service(task, context)) / rate;
  },
};

/**
 * `las`: discretised least attained service (Tiresias). A task demoted past a threshold while
 * running yields to waiting tasks of lower queues; FIFO (by joining the queue) within one.
 */
export const las: SchedulingPolicy = { ...orderByKey('las', lasQueue), preemption: lasRule };

const negativePriority = (task: number, { tasks, tenants }: PolicyContext): number => -(tenants[tasks.tenant(task)]?.priority ?? 0);

/** `preemptive-priority`: as `priority`, and a waiting task preempts tasks of lower-priority tenants. */
export const preemptivePriority: SchedulingPolicy = {
  ...orderByKey('preemptive-priority', negativePriority),
  preemption: { rank: (task, _now, context) => negativePriority(task, context) },
};
