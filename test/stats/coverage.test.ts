/**
 * The 95% confidence interval of mean wait, over 400 independent macro-replications of an
 * M/M/2 experiment (10 replications each), covers the Erlang C value in 93%–97% of them.
 * scripts/coverage-study.ts runs the full-size study (more macro-replications, more cases).
 */
import { expect, it } from 'vitest';
import { coverage } from '../../scripts/mmc.js';

it('95% intervals of mean wait cover Erlang C in 93%–97% of 400 macro-replications', () => {
  const covered = coverage({ c: 2, rho: 0.5, customersPerRun: 2000, replications: 10, macroReplications: 400, level: 0.95 });
  expect(covered).toBeGreaterThanOrEqual(0.93);
  expect(covered).toBeLessThanOrEqual(0.97);
});
