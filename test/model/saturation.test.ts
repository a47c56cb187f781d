/**
 * Saturation is flagged: an M/M/1 at ρ 1.3 (and 1.05) has a queue that keeps growing, is
 * flagged unstable with its pool as the bottleneck, and the summary warns; an M/M/1 at ρ 0.7
 * is not flagged (false alarms over many seeds: test/model/saturation.slow.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { fifo, runScenario, type RunResult } from '../../src/index.js';
import { aggregate, mannKendall } from '../../src/stats/index.js';
import { warningsOf } from '../../src/report/warnings.js';
import { mmcScenario } from '../helpers/scenario.js';

const MU = 1 / 60;

function runs(rho: number, customers: number, replications: number, seed = 1): RunResult[] {
  const lambda = rho * MU;
  const s = mmcScenario(1, lambda, MU, customers / lambda, 1000 / MU);
  return Array.from({ length: replications }, (_, r) => ({ runId: `s0-r${r}`, key: `k${r}`, scenarioIndex: 0, replication: r, seed, wallSeconds: 0, status: 'ok' as const, ...runScenario(s, fifo, seed, r) }));
}

describe('saturation', () => {
  it.each([[1.3, 5000], [1.05, 20_000]])('an M/M/1 at ρ %s is flagged, its pool is the bottleneck, and the summary warns', (rho, customers) => {
    const results = runs(rho, customers, 3);
    for (const r of results) expect(r.status === 'ok' && r.bottleneck).toBe('server');
    const [summary] = aggregate([{ index: 0, label: `rho ${rho}`, parameters: {} }], results, 0.95);
    expect(summary!.unstable?.map((u) => u.pool)).toEqual(['server']);
    expect(summary!.unstable![0]!.queueLast).toBeGreaterThan(summary!.unstable![0]!.queueFirst);
    expect(warningsOf([summary!]).join('\n')).toMatch(/pool server is saturated — \d+\.\d% busy and its queue grew from/);
  });

  it('an M/M/1 at ρ 0.7 is not flagged, and its checkpoints are sixteen segment means of its queue', () => {
    const results = runs(0.7, 20_000, 5);
    const [summary] = aggregate([{ index: 0, label: 'rho 0.7', parameters: {} }], results, 0.95);
    expect(summary!.unstable).toBeUndefined();
    const first = results[0]!;
    const series = first.status === 'ok' ? first.distributions.queueCheckpoints!.server! : [];
    expect(series).toHaveLength(16);
    // The segments' mean is the run's time-average queue (equal segments).
    const mean = series.reduce((a, b) => a + b, 0) / 16;
    expect(mean).toBeCloseTo(first.status === 'ok' ? first.metrics['pool.server.queue.mean']! : NaN, 6);
  });
});

describe('mannKendall', () => {
  it('matches S and its variance worked by hand, ties corrected', () => {
    // Pairs of [1, 3, 2, 4]: (1,3)+ (1,2)+ (1,4)+ (3,2)− (3,4)+ (2,4)+ → S = 4; var = 4·3·13/18.
    const t = mannKendall([[1, 3, 2, 4]]);
    expect(t.s).toBe(4);
    expect(t.variance).toBeCloseTo((4 * 3 * 13) / 18, 12);
    expect(t.z).toBeCloseTo(3 / Math.sqrt((4 * 3 * 13) / 18), 12);
    // A tie group of two removes 2·1·9/18 = 1 from the variance; series pool by summing.
    expect(mannKendall([[1, 1, 2]]).variance).toBeCloseTo((3 * 2 * 11) / 18 - 1, 12);
    expect(mannKendall([[1, 2], [2, 1]]).s).toBe(0);
  });
});
