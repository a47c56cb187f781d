/** The loader under mutation (test/helpers/loader-fuzz.ts), at length: thousands of mutants, other seeds. */
import { expect, it } from 'vitest';
import { fuzzLoader } from '../helpers/loader-fuzz.js';

it.each(['pipesim-fuzz-slow-1', 'pipesim-fuzz-slow-2', 'pipesim-fuzz-slow-3'])('seed %s: every mutant loads or is refused clearly; accepted ones run to finite metrics', async (seed) => {
  const tally = await fuzzLoader(120, seed, 2);
  expect(tally.mutants).toBeGreaterThanOrEqual(1000);
  expect(tally.simulated).toBeGreaterThan(80);
}, 900_000);
