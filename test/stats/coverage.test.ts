/**
 * The 95% confidence interval of mean wait, over 400 independent macro-replications of an
 * M/M/2 experiment (ρ 0.5, 10 replications of 2,000 customers each), covers the Erlang C value
 * at the rate this design has. That rate is not exactly 95% (short runs start empty, and ten
 * run means are not quite normal): measured once over 4,000 other macro-replications (seeds
 * 100,000 on; `coverage({ …, macroReplications: 4000, firstSeed: 100_000 })`, 2026-11-30) it is
 * 0.946 ± 0.0036. The acceptance band is that rate ± 3.29 standard deviations of a 400-trial
 * binomial (with the calibration's own error added): a correct engine fails it about once in a
 * thousand runs, whatever innocent change reorders its streams; an interval built from the
 * standard deviation instead of the standard error (coverage ~100%) fails it, and a true
 * coverage of 0.90 fails it about two times in three. scripts/coverage-study.ts runs the
 * full-size study (more cases).
 */
import { expect, it } from 'vitest';
import { coverage } from '../../scripts/mmc.js';

const DESIGN_RATE = 0.946;
const CALIBRATION_SE = 0.0036;
const MACRO = 400;
const Z_ONE_IN_A_THOUSAND = 3.29;

it('95% intervals of mean wait cover Erlang C at the design\'s own rate (binomial band, false alarms ~0.1%)', () => {
  const covered = coverage({ c: 2, rho: 0.5, customersPerRun: 2000, replications: 10, macroReplications: MACRO, level: 0.95 });
  const sd = Math.sqrt((DESIGN_RATE * (1 - DESIGN_RATE)) / MACRO + CALIBRATION_SE ** 2);
  expect(covered).toBeGreaterThanOrEqual(DESIGN_RATE - Z_ONE_IN_A_THOUSAND * sd);
  expect(covered).toBeLessThanOrEqual(DESIGN_RATE + Z_ONE_IN_A_THOUSAND * sd);
});
