/**
 * Every distribution family against its own theory: a Kolmogorov–Smirnov test of 20,000
 * draws against the analytic CDF (at significance 0.001, fixed seed), and the sample mean
 * within 5 standard errors of the analytic mean.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDistribution, RandomStreams, type DistributionSpec } from '../../src/random/index.js';
import { distributionSchema } from '../../src/config/distributions.js';
import { ksCritical, ksStatistic } from '../helpers/ks.js';

const N = 20_000;

const CONTINUOUS: [string, unknown][] = [
  ['exponential by mean', { dist: 'exponential', mean: '5m' }],
  ['exponential by rate', { dist: 'exponential', rate: 0.5 }],
  ['weibull shape < 1', { dist: 'weibull', shape: 0.7, scale: '1h' }],
  ['weibull by mean', { dist: 'weibull', shape: 2.5, mean: 100 }],
  ['exp-weibull', { dist: 'exp-weibull', shape: 0.8, exponent: 1.7, scale: 60 }],
  ['exp-weibull by mean', { dist: 'exp-weibull', shape: 1.4, exponent: 0.6, mean: '10m' }],
  ['lognormal by mean and cv', { dist: 'lognormal', mean: '2h', cv: 0.5 }],
  ['lognormal by mu and sigma', { dist: 'lognormal', mu: 1, sigma: 1.2 }],
  ['gamma shape > 1', { dist: 'gamma', shape: 3.5, scale: 2 }],
  ['gamma shape < 1', { dist: 'gamma', mean: 10, cv: 2 }],
  ['trunc-normal', { dist: 'trunc-normal', mean: 60, sd: 30, min: 10 }],
  ['trunc-normal far tail', { dist: 'trunc-normal', mean: 0, sd: 1, min: 3, max: 5 }],
  ['uniform', { dist: 'uniform', min: '1m', max: '3m' }],
  ['empirical interpolated', { dist: 'empirical', samples: [1, 2, 2.5, 7, 10, 11], interpolate: true }],
];

const DISCRETE: [string, unknown][] = [
  ['categorical', { dist: 'categorical', values: [1, 2, 4, 8], weights: [0.5, 0.3, 0.15, 0.05] }],
  ['empirical resampling', { dist: 'empirical', samples: [3, 1, 4, 1, 5, 9, 2, 6] }],
];

const parse = (raw: unknown): DistributionSpec => z.strictObject({ d: distributionSchema('duration') }).parse({ d: raw }).d;

/** Draws from replication 0's stream; `antithetic` reads it by inversion, and replication 1 mirrored. */
function draw(spec: DistributionSpec, name: string, antithetic?: 'inversion' | 'mirrored'): number[] {
  const d = createDistribution(spec);
  const rng = new RandomStreams(2024, antithetic === 'mirrored' ? 1 : 0, antithetic !== undefined).stream(name);
  return Array.from({ length: N }, () => d.sample(rng));
}

function meanWithinFiveStandardErrors(spec: DistributionSpec, sample: number[]): void {
  const d = createDistribution(spec);
  const mean = sample.reduce((a, b) => a + b, 0) / N;
  expect(Math.abs(mean - d.mean)).toBeLessThan(5 * Math.sqrt(d.variance / N) + 1e-12);
}

describe.each(CONTINUOUS)('%s', (name, raw) => {
  const spec = parse(raw);
  const sample = draw(spec, name);
  it('passes a Kolmogorov–Smirnov test against its CDF', () => {
    const d = createDistribution(spec);
    expect(ksStatistic(sample, (x) => d.cdf(x))).toBeLessThan(ksCritical(N));
  });
  it('has the analytic mean', () => meanWithinFiveStandardErrors(spec, sample));
  it('has a sample variance near the analytic one', () => {
    const d = createDistribution(spec);
    const mean = sample.reduce((a, b) => a + b, 0) / N;
    const variance = sample.reduce((s, x) => s + (x - mean) ** 2, 0) / (N - 1);
    expect(variance / d.variance).toBeGreaterThan(0.85);
    expect(variance / d.variance).toBeLessThan(1.15);
  });
});

// On the streams of an experiment with antithetic replications, every family draws by inversion,
// and the mirrored twin's draws have the same law.
describe.each(CONTINUOUS.flatMap(([name, raw]) => (['inversion', 'mirrored'] as const).map((how) => [`${name} (${how})`, raw, how] as const)))('%s', (name, raw, how) => {
  const spec = parse(raw);
  const sample = draw(spec, name, how);
  it('passes a Kolmogorov–Smirnov test against its CDF', () => {
    const d = createDistribution(spec);
    expect(ksStatistic(sample, (x) => d.cdf(x))).toBeLessThan(ksCritical(N));
  });
  it('has the analytic mean', () => meanWithinFiveStandardErrors(spec, sample));
});

describe.each(DISCRETE)('%s', (name, raw) => {
  const spec = parse(raw);
  const sample = draw(spec, name);
  it('draws each value with its probability (CDF matches at every support point)', () => {
    const d = createDistribution(spec);
    const support = [...new Set(sample)].sort((a, b) => a - b);
    for (const x of support) {
      const empirical = sample.filter((v) => v <= x).length / N;
      // 4.5 binomial standard errors at the worst case p = 0.5.
      expect(Math.abs(empirical - d.cdf(x))).toBeLessThan(4.5 * Math.sqrt(0.25 / N));
    }
  });
  it('has the analytic mean', () => meanWithinFiveStandardErrors(spec, sample));
});

describe('constant', () => {
  it('always returns its value and consumes no random numbers', () => {
    const spec = parse('90s');
    expect(spec).toEqual({ dist: 'constant', value: 90 });
    const streams = new RandomStreams(1, 0);
    const rng = streams.stream('x');
    const d = createDistribution(spec);
    expect([d.sample(rng), d.sample(rng)]).toEqual([90, 90]);
    expect(rng()).toBe(new RandomStreams(1, 0).stream('x')());
  });
});

describe('trunc-normal at the ends of the uniform', () => {
  // The generator gives 0 once in 2^32 draws; deep in the upper tail, p rounds to 1 for the largest draws.
  it('stays finite for a draw of 0 with no lower bound', () => {
    const d = createDistribution({ dist: 'trunc-normal', mean: 4, sd: 2, min: -Infinity, max: Infinity });
    const x = d.sample(() => 0);
    expect(Number.isFinite(x)).toBe(true);
    expect(x).toBeLessThan(4 - 30 * 2);
  });

  it('stays finite and above its bound for the largest draw deep in the upper tail', () => {
    const d = createDistribution({ dist: 'trunc-normal', mean: 0, sd: 1, min: 7, max: Infinity });
    const x = d.sample(() => 1 - 2 ** -32);
    expect(Number.isFinite(x)).toBe(true);
    expect(x).toBeGreaterThanOrEqual(7);
  });
});

describe('parameterisations agree', () => {
  it('lognormal by mean/cv has that mean and cv', () => {
    const d = createDistribution(parse({ dist: 'lognormal', mean: 100, cv: 0.7 }));
    expect(d.mean).toBeCloseTo(100, 9);
    expect(Math.sqrt(d.variance) / d.mean).toBeCloseTo(0.7, 9);
  });
  it('exp-weibull with exponent 1 is a Weibull', () => {
    const a = createDistribution(parse({ dist: 'exp-weibull', shape: 1.7, exponent: 1, scale: 3 }));
    const b = createDistribution(parse({ dist: 'weibull', shape: 1.7, scale: 3 }));
    expect(a.mean).toBeCloseTo(b.mean, 7);
    expect(a.variance).toBeCloseTo(b.variance, 6);
    for (const x of [0.5, 2, 5]) expect(a.cdf(x)).toBeCloseTo(b.cdf(x), 12);
  });
  it('exp-weibull by mean has that mean', () => {
    expect(createDistribution(parse({ dist: 'exp-weibull', shape: 0.6, exponent: 2.2, mean: '7m' })).mean).toBeCloseTo(420, 5);
  });
});
