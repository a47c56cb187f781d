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

  it('says "equivalent" for a scenario against an identical one', () => {
    const again = fifoRuns.map((r) => ({ ...r, scenarioIndex: 2, runId: r.runId.replace('s0', 's2') }));
    const [c] = judge([comparePaired([...fifoRuns, ...again], 2, 0, 'pipeline.wait.mean', 0.95)], 0.95);
    expect(c!.meanDifference).toBe(0);
    expect([c!.relativeLow, c!.relativeHigh]).toEqual([0, 0]);
    expect(c!.verdict).toBe('equivalent');
  });

  it('ranks best first and judges each against the best', () => {
    const again = sjfRuns.map((r) => ({ ...r, scenarioIndex: 2, runId: r.runId.replace('s1', 's2') }));
    const ranking = rank([...fifoRuns, ...sjfRuns, ...again], [0, 1, 2], 'pipeline.wait.mean', 0.95);
    expect(ranking.map((e) => e.scenarioIndex)).toEqual([1, 2, 0]);
    expect(ranking.map((e) => e.vsBest)).toEqual(['best', 'equivalent', 'worse']);
    expect(ranking[2]!.relativeLow).toBeGreaterThan(0.05);
  });
});

describe('verdicts need a change that matters', () => {
  // No queueing (capacity far above the load): latency is the task's duration, so durations
  // 1% longer make every replication's latency exactly 1% longer under common random numbers.
  const uncongested = (mean: string) => scenario({
    horizon: '5d', warmup: 0,
    platform: { pools: { gpu: { capacity: 10_000 } } },
    workload: { interarrival: { dist: 'exponential', mean: '10m' }, structures: { s: { tasks: { train: { kind: 'train' } } } } },
    tasks: { train: { pool: 'gpu', duration: { dist: 'exponential', mean } } },
  });
  const runsOf = (index: number, mean: string): RunResult[] => Array.from({ length: 8 }, (_, r) => ({
    runId: `s${index}-r${r}`, key: `k${index}-${r}`, scenarioIndex: index, replication: r, seed: 1, wallSeconds: 0, status: 'ok' as const,
    ...runScenario(uncongested(mean), fifo, 1, r),
  }));
  const all = [...runsOf(0, '60m'), ...runsOf(1, '60.6m')];

  it('a known 1% change is "equivalent" at minEffect 5%, and "worse" at 0.5%; its interval holds it tightly', () => {
    // Not exactly 1%: a job 1% longer may end after the horizon, and only finished jobs count.
    const c = comparePaired(all, 1, 0, 'pipeline.latency.mean', 0.95);
    expect(Math.abs(c.relativeChange - 0.01)).toBeLessThan(0.001);
    expect(c.relativeLow).toBeGreaterThan(0.008);
    expect(c.relativeHigh).toBeLessThan(0.012);
    expect(c.pValue).toBeLessThan(0.001);
    expect(judge([c], 0.95, 0.05)[0]!.verdict).toBe('equivalent');
    expect(judge([c], 0.95, 0.005)[0]!.verdict).toBe('worse');
  });

  it('a large change with an interval too wide to tell is "inconclusive", not "better"', () => {
    const wide = { ...comparePaired(all, 1, 0, 'pipeline.latency.mean', 0.95), meanDifference: -1, relativeChange: -0.1, relativeLow: -0.3, relativeHigh: 0.1, pValue: 0.2 };
    expect(judge([wide], 0.95, 0.05)[0]!.verdict).toBe('inconclusive');
  });
});
