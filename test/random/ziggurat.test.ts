/**
 * The ziggurat samplers against their laws with many more draws than the family tests (so that
 * a layer table off by a little would show), their tails against the exact tail probability,
 * and the antithetic streams: read by inversion, a mirrored twin gives negatively correlated draws.
 */
import { describe, expect, it } from 'vitest';
import { RandomStreams, createDistribution, jStat } from '../../src/random/index.js';
import { standardExponentialZiggurat, standardNormalZiggurat } from '../../src/random/ziggurat.js';
import { ksCritical, ksStatistic } from '../helpers/ks.js';

const N = 1_000_000;

function draws(sampler: (rng: () => number) => number, name: string): number[] {
  const rng = new RandomStreams(77, 0).stream(name);
  return Array.from({ length: N }, () => sampler(rng));
}

/** |observed − expected| of a binomial count within 4.5 standard errors. */
function expectBinomial(count: number, p: number): void {
  expect(Math.abs(count - N * p)).toBeLessThan(4.5 * Math.sqrt(N * p * (1 - p)));
}

describe('ziggurat exponential', () => {
  const sample = draws(standardExponentialZiggurat, 'exp');
  it('passes a KS test of a million draws against 1 − e^−x', () => {
    expect(ksStatistic(sample, (x) => (x <= 0 ? 0 : -Math.expm1(-x)))).toBeLessThan(ksCritical(N));
  });
  it('puts the right mass in the tail beyond the last layer and far beyond it', () => {
    for (const edge of [7.69711747013105, 10]) expectBinomial(sample.filter((x) => x > edge).length, Math.exp(-edge));
  });
  it('has mean 1 and variance 1', () => {
    const mean = sample.reduce((a, b) => a + b, 0) / N;
    const variance = sample.reduce((s, x) => s + (x - mean) ** 2, 0) / (N - 1);
    expect(Math.abs(mean - 1)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(8 / N));
  });
});

describe('ziggurat normal', () => {
  const sample = draws(standardNormalZiggurat, 'normal');
  it('passes a KS test of a million draws against Φ', () => {
    expect(ksStatistic(sample, (x) => jStat.normal.cdf(x, 0, 1))).toBeLessThan(ksCritical(N));
  });
  it('puts the right mass in each tail beyond the last layer', () => {
    const tail = 1 - jStat.normal.cdf(3.442619855899, 0, 1);
    expectBinomial(sample.filter((x) => x > 3.442619855899).length, tail);
    expectBinomial(sample.filter((x) => x < -3.442619855899).length, tail);
  });
  it('is symmetric: the sign is independent of the magnitude', () => {
    const positive = sample.filter((x) => x > 0);
    expectBinomial(positive.length, 0.5);
    const negative = sample.filter((x) => x < 0).map((x) => -x);
    const cdf = (x: number) => 2 * jStat.normal.cdf(x, 0, 1) - 1;
    expect(ksStatistic(positive, cdf)).toBeLessThan(ksCritical(positive.length));
    expect(ksStatistic(negative, cdf)).toBeLessThan(ksCritical(negative.length));
  });
});

/** A stream whose first uniform lands in the base layer's overhang (layer 0, top position, sign bit as given), then real uniforms. */
const rest = new RandomStreams(78, 0).stream('tail');
function forcedIntoTail(negative: boolean): () => number {
  let first = true;
  return () => {
    if (!first) return rest();
    first = false;
    return (((0xffffff << 8) >>> 0) + (negative ? 128 : 0)) / 2 ** 32;
  };
}

describe('ziggurat tails, drawn on their own', () => {
  const M = 20_000;
  it('exponential: the excess over the last edge is a standard exponential', () => {
    const excess = Array.from({ length: M }, () => standardExponentialZiggurat(forcedIntoTail(false)) - 7.69711747013105);
    expect(ksStatistic(excess, (x) => (x <= 0 ? 0 : -Math.expm1(-x)))).toBeLessThan(ksCritical(M));
  });
  it('normal: the draws beyond the last edge follow the normal tail, with the sign asked for', () => {
    const r = 3.442619855899;
    const upper = 1 - jStat.normal.cdf(r, 0, 1);
    const tailCdf = (x: number) => (x <= r ? 0 : 1 - (1 - jStat.normal.cdf(x, 0, 1)) / upper);
    const positive = Array.from({ length: M }, () => standardNormalZiggurat(forcedIntoTail(false)));
    const negative = Array.from({ length: M }, () => -standardNormalZiggurat(forcedIntoTail(true)));
    expect(ksStatistic(positive, tailCdf)).toBeLessThan(ksCritical(M));
    expect(ksStatistic(negative, tailCdf)).toBeLessThan(ksCritical(M));
  });
});

describe('antithetic streams', () => {
  it('mirror their twin exactly on the uniforms and make exponential draws negatively correlated', () => {
    const a = new RandomStreams(5, 6, true).stream('x');
    const b = new RandomStreams(5, 7, true).stream('x');
    const plain = new RandomStreams(5, 6).stream('x');
    for (let i = 0; i < 100; i++) {
      const u = a();
      expect(u).toBe(plain());
      expect(b()).toBe(1 - 2 ** -32 - u);
    }
    const d = createDistribution({ dist: 'exponential', mean: 3 });
    const xs = Array.from({ length: 20_000 }, () => d.sample(a));
    const ys = Array.from({ length: 20_000 }, () => d.sample(b));
    const mx = xs.reduce((s, x) => s + x, 0) / xs.length;
    const my = ys.reduce((s, y) => s + y, 0) / ys.length;
    let sxy = 0; let sxx = 0; let syy = 0;
    xs.forEach((x, i) => { sxy += (x - mx) * ((ys[i] as number) - my); sxx += (x - mx) ** 2; syy += ((ys[i] as number) - my) ** 2; });
    // Exponentials from u and 1 − u: correlation 1 − π²/6 ≈ −0.645.
    expect(sxy / Math.sqrt(sxx * syy)).toBeCloseTo(1 - Math.PI ** 2 / 6, 1);
  });
});
