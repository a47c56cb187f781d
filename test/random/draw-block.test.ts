/**
 * Drawing ahead changes nothing: every family's `fill` gives exactly the values, and leaves
 * the stream exactly where, successive `sample` calls would; a DrawBlock's `take` gives the
 * `sample` sequence across block boundaries.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDistribution, DrawBlock, RandomStreams, type DistributionSpec } from '../../src/random/index.js';
import { distributionSchema, FAMILIES } from '../../src/config/distributions.js';

const SPECS: Record<(typeof FAMILIES)[number], unknown> = {
  exponential: { dist: 'exponential', mean: 3 },
  weibull: { dist: 'weibull', shape: 0.7, scale: 2 },
  'exp-weibull': { dist: 'exp-weibull', shape: 0.8, exponent: 1.7, scale: 60 },
  lognormal: { dist: 'lognormal', mean: 10, cv: 1.5 },
  // Shape < 1 and > 1 take different samplers (with rejection steps of varying length).
  gamma: { dist: 'gamma', mean: 10, cv: 2 },
  'trunc-normal': { dist: 'trunc-normal', mean: 0, sd: 1, min: 0.5, max: 3 },
  uniform: { dist: 'uniform', min: 1, max: 3 },
  constant: { dist: 'constant', value: 7 },
  categorical: { dist: 'categorical', values: [1, 2, 4], weights: [0.5, 0.3, 0.2] },
  empirical: { dist: 'empirical', samples: [1, 2, 2.5, 7], interpolate: true },
};
const EXTRA: [string, unknown][] = [['gamma shape > 1', { dist: 'gamma', shape: 3.5, scale: 2 }]];

const parse = (raw: unknown): DistributionSpec => z.strictObject({ d: distributionSchema('duration') }).parse({ d: raw }).d;
const stream = () => new RandomStreams(7, 3).stream('draws');

describe.each([...Object.entries(SPECS), ...EXTRA])('%s', (_name, raw) => {
  const distribution = createDistribution(parse(raw));

  it('fills with the values successive samples give, and leaves the stream where they would', () => {
    const one = stream();
    const sampled = Array.from({ length: 300 }, () => distribution.sample(one));
    const other = stream();
    const filled = new Float64Array(300);
    distribution.fill(other, filled);
    expect(Array.from(filled)).toEqual(sampled);
    expect(other()).toBe(one());
  });

  it('takes from a block the values successive samples give, across refills', () => {
    const one = stream();
    const block = new DrawBlock(distribution, stream());
    // 256 per block: 700 takes cross two refills.
    for (let i = 0; i < 700; i++) expect(block.take()).toBe(distribution.sample(one));
  });
});

it('covers every family', () => {
  expect(Object.keys(SPECS).sort()).toEqual([...FAMILIES].sort());
});
