import { describe, expect, it } from 'vitest';
import { confidenceInterval, median, relativeHalfWidth, tQuantile } from '../../src/stats/confidence.js';
import { LevelIntegrals, Welford, TimeWeighted } from '../../src/stats/online.js';
import { LogHistogram, HISTOGRAM_RELATIVE_ERROR } from '../../src/stats/histogram.js';
import { RandomStreams } from '../../src/random/index.js';

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones, whatever the order; NaN of nothing', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('confidenceInterval', () => {
  it('matches the textbook Student-t interval', () => {
    const values = [2, 4, 4, 4, 5, 5, 7, 9];
    const i = confidenceInterval(values, 0.95);
    const sd = Math.sqrt(32 / 7);
    expect(i.mean).toBe(5);
    expect(i.sd).toBeCloseTo(sd, 12);
    expect(tQuantile(0.95, 8)).toBeCloseTo(2.364624, 5);
    expect(i.halfWidth).toBeCloseTo((2.364624252 * sd) / Math.sqrt(8), 6);
    expect(relativeHalfWidth(i)).toBeCloseTo(i.halfWidth / 5, 12);
  });
  it('leaves out non-finite values and is undefined with fewer than two', () => {
    expect(confidenceInterval([1, NaN, 3], 0.9).n).toBe(2);
    expect(confidenceInterval([1], 0.95).halfWidth).toBeNaN();
  });
});

describe('streaming accumulators agree with two-pass computations', () => {
  const rng = new RandomStreams(9, 0).stream('values');
  const values = Array.from({ length: 10_000 }, () => 1e6 + rng() * 10);
  it('Welford, also after merging halves, equals the two-pass mean and variance', () => {
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((s, x) => s + (x - mean) ** 2, 0) / (values.length - 1);
    const whole = new Welford();
    values.forEach((v) => whole.add(v));
    const a = new Welford();
    const b = new Welford();
    values.forEach((v, i) => (i < 3000 ? a : b).add(v));
    a.merge(b);
    for (const w of [whole, a]) {
      expect(w.mean / mean).toBeCloseTo(1, 12);
      expect(w.variance / variance).toBeCloseTo(1, 10);
    }
  });
  it('TimeWeighted integrates a piecewise-constant level and restarts at reset', () => {
    const tw = new TimeWeighted();
    tw.set(0, 2);
    tw.set(10, 4);
    tw.add(15, -4);
    expect(tw.mean(20)).toBeCloseTo((2 * 10 + 4 * 5) / 20, 12);
    tw.reset(20);
    tw.set(25, 1);
    expect(tw.mean(30)).toBeCloseTo(5 / 10, 12);
  });
  it('LevelIntegrals integrates levels kept elsewhere, as TimeWeighted does, across a reset', () => {
    const levels = new Int32Array(3);
    const integrals = new LevelIntegrals(levels);
    const reference = [new TimeWeighted(), new TimeWeighted(), new TimeWeighted()];
    let now = 0;
    for (let step = 0; step < 20_000; step++) {
      now += rng() * 10;
      const i = Math.floor(rng() * 3);
      const delta = levels[i]! > 0 && rng() < 0.5 ? -1 : 1 + Math.floor(rng() * 3);
      levels[i]! += delta;
      integrals.changed(i, now, delta);
      reference[i]!.set(now, levels[i]!);
      if (step === 5000) {
        integrals.reset(now);
        reference.forEach((r) => r.reset(now));
      }
    }
    now += 7;
    reference.forEach((r, i) => {
      expect(integrals.mean(i, now) / r.mean(now)).toBeCloseTo(1, 9);
      expect(integrals.mean(i, now)).toBeGreaterThan(0);
    });
    // With no time since the reset, the mean is the current level.
    integrals.reset(now);
    expect(integrals.mean(1, now)).toBe(levels[1]);
  });
  it('LogHistogram counts zeros apart and clamps the largest values into its last bucket', () => {
    const h = new LogHistogram();
    for (const x of [0, 1e-7, 2 ** -20, 1, 2 ** 40, 1e300, Infinity]) h.add(x);
    const buckets = h.buckets();
    expect(buckets[0]).toEqual([0, 3]);
    expect(buckets[1]).toEqual([1 + 1 / 64, 1]);
    expect(buckets[2]![1]).toBe(3);
    expect(buckets[2]![0]).toBe(2 ** 40);
    expect(h.count).toBe(7);
  });
  it('LogHistogram quantiles are within its relative error, and merging equals adding', () => {
    const xs = Array.from({ length: 20_001 }, (_, i) => (i < 5000 ? 0 : Math.exp(rng() * 12)));
    const sorted = [...xs].sort((p, q) => p - q);
    const one = new LogHistogram();
    const a = new LogHistogram();
    const b = new LogHistogram();
    xs.forEach((x, i) => { one.add(x); (i % 3 === 0 ? a : b).add(x); });
    a.merge(b);
    for (const q of [0.1, 0.5, 0.9, 0.95, 0.99]) {
      const exact = sorted[Math.ceil(q * xs.length) - 1]!;
      const estimate = one.quantile(q);
      if (exact === 0) expect(estimate).toBe(0);
      else expect(Math.abs(estimate / exact - 1)).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR + 1e-12);
      expect(a.quantile(q)).toBe(estimate);
    }
  });
});
