import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../src/random/normal-quantile.js';
import { jStat } from '../../src/random/jstat.js';

// Φ⁻¹ of each double p, to 17 digits, solved with mpmath at 50 digits (findroot on ncdf).
// The rows cover AS 241's three regions: the centre (|p − ½| ≤ 0.425), the near tails
// (p ≥ e^−25) and the far tails.
const REFERENCE: [number, number][] = [
  [1e-300, -37.047096299361199], [1e-100, -21.273453560965324], [1e-20, -9.2623400897984076],
  [1e-10, -6.3613409024040562], [1e-5, -4.2648907939228246], [0.001, -3.0902323061678135],
  [0.02, -2.053748910631823], [0.075, -1.4395314709384559], [0.2, -0.84162123357291417],
  [0.3, -0.52440051270804082], [0.4, -0.25334710313579974], [0.49, -0.025068908258711058],
  [0.51, 0.025068908258711058], [0.6, 0.25334710313579974], [0.7, 0.52440051270804066],
  [0.8, 0.84162123357291436], [0.925, 1.4395314709384562], [0.98, 2.0537489106318227],
  [0.999, 3.0902323061678133], [0.99999, 4.2648907939238408],
];

describe('normalQuantile', () => {
  it.each(REFERENCE)('Φ⁻¹(%s) = %s to 1e-14 relative', (p, x) => {
    expect(Math.abs(normalQuantile(p) - x)).toBeLessThan(1e-14 * Math.abs(x));
  });

  it('is 0 at ½, odd about ½ and increasing', () => {
    expect(normalQuantile(0.5)).toBe(0);
    let previous = -Infinity;
    for (let i = 1; i < 4096; i++) {
      const p = i / 4096;
      const x = normalQuantile(p);
      expect(x).toBeGreaterThan(previous);
      // p and 1 − p are both exact here, so the two tails must mirror each other.
      expect(normalQuantile(1 - p)).toBeCloseTo(-x, 13);
      previous = x;
    }
  });

  it('inverts the normal CDF across the range', () => {
    for (let i = 1; i < 1000; i++) {
      const p = i / 1000;
      expect(jStat.normal.cdf(normalQuantile(p), 0, 1)).toBeCloseTo(p, 14);
    }
  });

  it('maps the ends to infinities and what is outside [0, 1] to NaN', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.1)).toBeNaN();
    expect(normalQuantile(NaN)).toBeNaN();
  });
});
