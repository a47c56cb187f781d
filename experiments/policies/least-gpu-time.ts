/**
 * An example preemptive policy: least attained GPU-time first (units × seconds received so far,
 * as 2D-LAS without its discrete queues). A waiting job preempts running jobs that have had
 * more; a running job's rank grows as it runs, so the pool is reviewed at each whole GPU-hour
 * it crosses.
 */
import { orderByKey, type PolicyContext } from 'pipesim';

const GPU_HOUR = 3600;
/** Attained GPU-time in whole GPU-hours: coarse, so that equals do not preempt each other back and forth. */
const gpuHours = (task: number, { tasks }: PolicyContext) => Math.floor((tasks.attainedSeconds(task) * tasks.units(task)) / GPU_HOUR);

export default {
  ...orderByKey('least-gpu-time', gpuHours),
  preemption: {
    rank: (task: number, _now: number, context: PolicyContext) => gpuHours(task, context),
    nextRankChange(task: number, now: number, context: PolicyContext) {
      const units = context.tasks.units(task);
      const next = (gpuHours(task, context) + 1) * GPU_HOUR;
      return now + (next - context.tasks.attainedSeconds(task) * units) / units + 1e-6;
    },
  },
};
