/**
 * The cheapest platform of an M/M/c series network against exhaustive Erlang C search
 * (test/helpers/series-network.ts): the objective and price combinations that
 * cheapest-mmc.test.ts leaves out, so that each objective is checked at both price ratios.
 */
import { describe, it } from 'vitest';
import { checksCheapest } from '../helpers/series-network.js';

describe('cheapest platform of an M/M/c series network vs exhaustive Erlang C (the other cases)', () => {
  it.each([
    { objective: 41.8, prices: { a: 3, b: 1 } },
    { objective: 3, prices: { a: 1, b: 3 } },
  ])('mean wait ≤ $objective s at prices $prices', checksCheapest);
});
