/** Aggregation of what runs report beside their metrics: each node's utilisation, averaged node by node. */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/core/records.js';
import { aggregate } from '../../src/stats/index.js';

const distributions = (nodeUtilisation?: Record<string, Record<string, number>>) => ({
  pipelineWait: { zeros: 1, minExponent: 0, counts: [] }, arrivalsByHourOfWeek: [1], ...(nodeUtilisation ? { nodeUtilisation } : {}),
});
const run = (replication: number, nodeUtilisation?: Record<string, Record<string, number>>): RunResult => ({
  runId: `s0-r${replication}`, key: String(replication), scenarioIndex: 0, replication, seed: 1, wallSeconds: 0, status: 'ok',
  metrics: { 'pipeline.wait.mean': replication }, bottleneck: 'none', distributions: distributions(nodeUtilisation), events: 1,
});

describe('node utilisation in the summary', () => {
  it('is each node\'s mean over the replications, in the configuration\'s order, whatever order the runs came in', () => {
    const runs = [
      run(2, { gpu: { 'quad-1': 0.5, 'quad-2': 0.25, 'dual-1': 0 } }),
      run(0, { gpu: { 'quad-1': 0.75, 'quad-2': 0.5, 'dual-1': 0.125 } }),
      { runId: 's0-r1', key: '1', scenarioIndex: 0, replication: 1, seed: 1, wallSeconds: 0, status: 'failed', error: 'x' } as RunResult,
    ];
    const [summary] = aggregate([{ index: 0, label: 'a', parameters: {} }], runs, 0.95);
    expect(summary!.distributions!.nodeUtilisation).toEqual({ gpu: { 'quad-1': 0.625, 'quad-2': 0.375, 'dual-1': 0.0625 } });
    expect(Object.keys(summary!.distributions!.nodeUtilisation!.gpu!)).toEqual(['quad-1', 'quad-2', 'dual-1']);
  });

  it('is absent without nodes, so summaries of counted pools are unchanged', () => {
    const [summary] = aggregate([{ index: 0, label: 'a', parameters: {} }], [run(0), run(1)], 0.95);
    expect(Object.keys(summary!.distributions!)).toEqual(['pipelineWait', 'arrivalsByHourOfWeek']);
  });
});
