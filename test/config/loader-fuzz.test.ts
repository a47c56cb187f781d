/** The loader under mutation (test/helpers/loader-fuzz.ts): a few hundred mutants here (one accepted in six simulated), thousands in the slow suite. */
import { expect, it } from 'vitest';
import { fuzzLoader } from '../helpers/loader-fuzz.js';

it('every mutant of every shipped experiment loads or is refused clearly; accepted ones run to finite metrics', async () => {
  const tally = await fuzzLoader(23, 'pipesim-fuzz-1', 6);
  expect(tally.mutants).toBeGreaterThanOrEqual(200);
  // Both outcomes must occur, or the fuzz is not probing anything.
  expect(tally.refused).toBeGreaterThan(tally.mutants / 10);
  expect(tally.simulated).toBeGreaterThan(5);
}, 120_000);
