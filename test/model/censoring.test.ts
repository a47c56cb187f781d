/**
 * Waits over every arrival, not only the finished: under strict priority at high load the
 * low-priority jobs starve, the horizon cuts them short, and the finished-only mean forgets
 * them. The inclusive mean adds each unfinished pipeline's wait so far, checked here against
 * an independent count from the arrival and task-end hooks.
 */
import { expect, it } from 'vitest';
import { priority, runScenario } from '../../src/index.js';
import { aggregate } from '../../src/stats/index.js';
import { warningsOf } from '../../src/report/warnings.js';
import { scenario } from '../helpers/scenario.js';

// Single-task jobs take the model's fast path; a zero-length first task on a large pool sends
// them through the general path (pipeline waits kept per pipeline) with the same waits.
it.each([['single-task jobs', false], ['two-task pipelines', true]])('%s: the inclusive wait exceeds the finished-only one by exactly the censored waits', (_, twoTasks) => {
  const horizon = 3 * 86400;
  const s = scenario({
    horizon, warmup: 0,
    platform: { pools: { gpu: { capacity: 1 }, cpu: { capacity: 100_000 } } },
    workload: {
      interarrival: { dist: 'exponential', mean: 60 },
      tenants: { urgent: { weight: 1, priority: 10 }, batch: { weight: 1, priority: 0 } },
      structures: { job: { tasks: twoTasks ? { prep: { kind: 'prep' }, run: { kind: 'run', after: ['prep'] } } : { run: { kind: 'run' } } } },
    },
    tasks: { prep: { pool: 'cpu', duration: 0 }, run: { pool: 'gpu', duration: { dist: 'exponential', mean: 72 } } },
  });
  const arrivals: number[] = [];
  const finished = new Map<number, number>();
  let lastEnd = 0;
  const out = runScenario(s, priority, 3, 0, {
    onArrival: (t) => arrivals.push(t),
    onTaskEnd: (r) => {
      if (r.pool !== 'gpu') return;
      finished.set(r.pipelineArrivedAt, r.startedAt - r.readyAt);
      lastEnd = Math.max(lastEnd, r.endedAt);
    },
  });
  const m = out.metrics;
  const unfinished = arrivals.filter((t) => !finished.has(t));
  expect(m['pipeline.inFlight']).toBe(unfinished.length);
  expect(unfinished.length).toBeGreaterThan(20);
  // One server, busy at the end: the job on it started when the last one ended; every other unfinished job is still queued.
  const censoredSum = unfinished.reduce((sum, t) => sum + (horizon - t), 0) - (horizon - lastEnd);
  const finishedSum = [...finished.values()].reduce((a, b) => a + b, 0);
  expect(m['pipeline.wait.mean']! * finished.size).toBeCloseTo(finishedSum, 3);
  expect(m['pipeline.wait.inclusive.mean']! * arrivals.length).toBeCloseTo(finishedSum + censoredSum, 3);
  expect(m['pipeline.wait.inclusive.mean']!).toBeGreaterThan(1.05 * m['pipeline.wait.mean']!);
  // The summary says so.
  const [summary] = aggregate([{ index: 0, label: 'priority', parameters: {} }], [{ runId: 's0-r0', key: 'k', scenarioIndex: 0, replication: 0, seed: 3, wallSeconds: 0, status: 'ok', ...out }], 0.95);
  expect(warningsOf([summary!]).join('\n')).toMatch(/still waiting or running at the horizon; the mean wait of finished ones .* leaves them out/);
});
