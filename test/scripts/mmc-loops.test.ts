/**
 * The bench compares the engine with two reference M/M/c loops (scripts/ceiling-mmc.ts and
 * scripts/kernel-mmc.ts); a ratio against a wrong loop would mean nothing, so both must
 * simulate M/M/c: their mean wait matches Erlang C, and each customer is two events.
 */
import { describe, expect, it } from 'vitest';
import { ceilingMmc } from '../../scripts/ceiling-mmc.js';
import { kernelMmc } from '../../scripts/kernel-mmc.js';
import { mmcMeanWait } from '../../src/stats/index.js';

const C = 8;
const LAMBDA = 7.2;
const MU = 1;
const CUSTOMERS = 400_000;
const SEEDS = [1, 2, 3, 4];

describe.each([
  ['ceiling loop', ceilingMmc],
  ['event kernel alone', kernelMmc],
])('the %s of the bench', (_name, loop) => {
  it('gives the Erlang C mean wait of M/M/8 at utilisation 0.9, two events per customer', () => {
    const runs = SEEDS.map((seed) => loop(C, LAMBDA, MU, CUSTOMERS, seed));
    for (const run of runs) expect(run.events).toBe(2 * CUSTOMERS);
    const meanWait = runs.reduce((sum, run) => sum + run.meanWait, 0) / runs.length;
    // Across seeds one run's mean wait varies by ~4% (heavy autocorrelation at ρ 0.9); four average to ~2%.
    expect(meanWait / mmcMeanWait(C, LAMBDA, MU)).toBeGreaterThan(0.93);
    expect(meanWait / mmcMeanWait(C, LAMBDA, MU)).toBeLessThan(1.07);
  });
});
