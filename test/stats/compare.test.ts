/**
 * Paired comparisons: Holm's adjustment, verdicts, and the point of common random numbers —
 * the paired interval is far narrower than Welch's when scenarios share their random streams,
 * and not when they do not.
 */
import { describe, expect, it } from 'vitest';
import { fifo, runScenario, sjf, type RunResult, type SchedulingPolicy } from '../../src/index.js';
import { comparePaired, holm, judge, rank } from '../../src/stats/compare.js';
import { scenario } from '../helpers/scenario.js';

describe('holm', () => {
  it('matches the step-down adjustment worked by hand', () => {
    // Sorted: 0.005×4 = 0.02, 0.01×3 = 0.03, 0.03×2 = 0.06, 0.04×1 → kept at 0.06 (monotone).
    expect(holm([0.01, 0.04, 0.03, 0.005])).toEqual([0.03, 0.06, 0.06, 0.02]);
    expect(holm([0.5, NaN])).toEqual([0.5, NaN]);
  });
});

const congested = scenario({
  horizon: '20d', warmup: '1d',
  platform: { pools: { gpu: { capacity: 3 } } },
  workload: {
    interarrival: { dist: 'exp-weibull', shape: 0.8, exponent: 1.4, mean: '25m' },
    assets: { size: { dist: 'lognormal', mean: '5GB', cv: 1.5 } },
    structures: { s: { tasks: { train: { kind: 'train' } } } },
  },
  // Expected training time grows with the data size, so SJF has something to order by.
  tasks: { train: { pool: 'gpu', duration: { model: 'size-linear', base: '10m', perGB: '10m', noise: { dist: 'lognormal', mean: 1, cv: 0.5 } } } },
});

/** Replications 0..n−1 of `policy` as scenario `index`; `seedOffset` breaks common random numbers. */
function runs(index: number, policy: SchedulingPolicy, n: number, seedOffset = 0): RunResult[] {
  return Array.from({ length: n }, (_, r) => ({
    runId: `s${index}-r${r}`, key: `k${index}-${r}`, scenarioIndex: index, replication: r, seed: 1 + seedOffset, wallSeconds: 0, status: 'ok' as const,
    ...runScenario(congested, policy, 1 + seedOffset, r),
  }));
}

describe('paired comparison under common random numbers', () => {
  const fifoRuns = runs(0, fifo, 12);
  const sjfRuns = runs(1, sjf, 12);

  it('is much narrower than the unpaired Welch interval, and finds SJF better', () => {
    const [c] = judge([comparePaired([...fifoRuns, ...sjfRuns], 1, 0, 'pipeline.wait.mean', 0.95)], 0.95);
    expect(c!.pairs).toBe(12);
    expect(c!.halfWidth).toBeLessThan(0.6 * c!.welchHalfWidth);
    expect(c!.meanDifference).toBeLessThan(0);
    expect(c!.verdict).toBe('better');
    expect(c!.low).toBeLessThan(c!.meanDifference);
    expect(c!.high).toBeGreaterThan(c!.meanDifference);
  });

  it('loses that advantage when the scenarios do not share random numbers', () => {
    const independent = runs(1, sjf, 12, 1000);
    const c = comparePaired([...fifoRuns, ...independent], 1, 0, 'pipeline.wait.mean', 0.95);
    expect(c.halfWidth).toBeGreaterThan(0.6 * c.welchHalfWidth);
  });

  it('says "no significant difference" for a scenario against an identical one', () => {
    const again = fifoRuns.map((r) => ({ ...r, scenarioIndex: 2, runId: r.runId.replace('s0', 's2') }));
    const [c] = judge([comparePaired([...fifoRuns, ...again], 2, 0, 'pipeline.wait.mean', 0.95)], 0.95);
    expect(c!.meanDifference).toBe(0);
    expect(c!.verdict).toBe('no significant difference');
  });

  it('ranks best first and marks ties with the best', () => {
    const again = sjfRuns.map((r) => ({ ...r, scenarioIndex: 2, runId: r.runId.replace('s1', 's2') }));
    const ranking = rank([...fifoRuns, ...sjfRuns, ...again], [0, 1, 2], 'pipeline.wait.mean', 0.95);
    expect(ranking.map((e) => e.scenarioIndex)).toEqual([1, 2, 0]);
    expect(ranking.map((e) => e.tiedWithBest)).toEqual([true, true, false]);
  });
});
