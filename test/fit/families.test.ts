/**
 * Maximum-likelihood fits recover the parameters that generated the data, and the choice
 * between families goes to the one that made it (or to an equally good one), while data no
 * family fits gets its own quantiles, with its mean preserved.
 */
import { describe, expect, it } from 'vitest';
import { empiricalSpec, fitDistribution, ksCriticalValue, ksDistance, ksTwoSample } from '../../src/fit/families.js';
import { createDistribution, RandomStreams, type DistributionSpec } from '../../src/random/index.js';

const N = 20_000;
const draw = (spec: DistributionSpec, name: string, n = N) => {
  const d = createDistribution(spec);
  const rng = new RandomStreams(11, 0).stream(name);
  return Array.from({ length: n }, () => d.sample(rng));
};
const relative = (a: number, b: number) => Math.abs(a / b - 1);

describe('parameter recovery from 20,000 draws at a fixed seed', () => {
  // Tolerances: a few standard errors of each MLE at this n (shape parameters of the
  // three-parameter exponentiated Weibull are weakly identified, hence its wider bound).
  it('exponential: mean within 3%', () => {
    const fit = fitDistribution(draw({ dist: 'exponential', mean: 300 }, 'exp'));
    const c = fit.candidates.find((x) => x.family === 'exponential')!.spec as { mean: number };
    expect(relative(c.mean, 300)).toBeLessThan(0.03);
  });

  it('weibull: shape and scale within 3%, and chosen (or an equally close family)', () => {
    const fit = fitDistribution(draw({ dist: 'weibull', shape: 1.7, scale: 600 }, 'weibull'));
    const c = fit.candidates.find((x) => x.family === 'weibull')!.spec as { shape: number; scale: number };
    expect(relative(c.shape, 1.7)).toBeLessThan(0.03);
    expect(relative(c.scale, 600)).toBeLessThan(0.03);
    expect(['weibull', 'exp-weibull']).toContain(fit.chosenName);
  });

  it('lognormal: mu within 0.03 and sigma within 3%', () => {
    const fit = fitDistribution(draw({ dist: 'lognormal', mu: 6, sigma: 1.1 }, 'lognormal'));
    const c = fit.candidates.find((x) => x.family === 'lognormal')!.spec as { mu: number; sigma: number };
    expect(Math.abs(c.mu - 6)).toBeLessThan(0.03);
    expect(relative(c.sigma, 1.1)).toBeLessThan(0.03);
    expect(['lognormal', 'exp-weibull']).toContain(fit.chosenName);
  });

  it('gamma: shape and scale within 5%', () => {
    const fit = fitDistribution(draw({ dist: 'gamma', shape: 2.5, scale: 40 }, 'gamma'));
    const c = fit.candidates.find((x) => x.family === 'gamma')!.spec as { shape: number; scale: number };
    expect(relative(c.shape, 2.5)).toBeLessThan(0.05);
    expect(relative(c.scale, 40)).toBeLessThan(0.05);
    expect(['gamma', 'exp-weibull']).toContain(fit.chosenName);
  });

  it('exponentiated Weibull: shape and exponent within 15%, scale within 15%, chosen by AIC', () => {
    const fit = fitDistribution(draw({ dist: 'exp-weibull', shape: 0.8, exponent: 2, scale: 100 }, 'ew'));
    const c = fit.candidates.find((x) => x.family === 'exp-weibull')!.spec as { shape: number; exponent: number; scale: number };
    expect(relative(c.shape, 0.8)).toBeLessThan(0.15);
    expect(relative(c.exponent, 2)).toBeLessThan(0.15);
    expect(relative(c.scale, 100)).toBeLessThan(0.15);
    expect(fit.chosenName).toBe('exp-weibull');
    // AIC separates it from the two-parameter families fitted to the same data.
    const aic = (f: string) => fit.candidates.find((x) => x.family === f)!.aic;
    expect(aic('exp-weibull')).toBeLessThan(aic('weibull') - 10);
  });
});

describe('when no family fits', () => {
  // A two-point mixture: no single family has both modes.
  const bimodal = [...draw({ dist: 'lognormal', mu: 2, sigma: 0.2 }, 'a', 10_000), ...draw({ dist: 'lognormal', mu: 8, sigma: 0.3 }, 'b', 2_000)];

  it('chooses the empirical quantiles, says so, and keeps the mean and the shape', () => {
    const fit = fitDistribution(bimodal);
    expect(fit.chosenName).toBe('empirical');
    expect(fit.candidates.every((c) => !c.adequate)).toBe(true);
    const model = createDistribution(fit.chosen);
    expect(relative(model.mean, fit.mean)).toBeLessThan(1e-9);
    expect(fit.chosenKs).toBeLessThan(0.01);
  });

  it('rejects a family whose shape passes but whose mean is far off', () => {
    // Lognormal draws cut at a cap: a lognormal fits the body, but its mean overshoots the capped data's.
    const capped = draw({ dist: 'lognormal', mu: 0, sigma: 2.5 }, 'capped').map((x) => Math.min(x, 50));
    const fit = fitDistribution(capped, { maxKs: 0.2 });
    const lognormal = fit.candidates.find((c) => c.family === 'lognormal')!;
    expect(lognormal.ks).toBeLessThan(0.2);
    expect(lognormal.meanRatio).toBeGreaterThan(1.1);
    expect(lognormal.adequate).toBe(false);
  });
});

describe('acceptance tightens with the sample size', () => {
  it('critical values agree with the exact tables (Miller 1956) at α = 0.05', () => {
    for (const [n, exact] of [[10, 0.40925], [20, 0.29408], [50, 0.18841], [100, 0.13403]] as const) expect(relative(ksCriticalValue(n), exact), `n ${n}`).toBeLessThan(0.01);
  });

  it('a family at KS 0.048 for n = 13,921 (accepted under a fixed 0.05) is refused; the chosen model passes a simulate-back two-sample test', () => {
    // 80% gamma(2), 20% a narrow lognormal bump: close to a Weibull, but not one.
    const rng = new RandomStreams(11, 0).stream('mix');
    const body = createDistribution({ dist: 'gamma', shape: 2, scale: 1 });
    const bump = createDistribution({ dist: 'lognormal', mu: 1.8, sigma: 0.2 });
    const n = 13_921;
    const sample = Array.from({ length: n }, () => (rng() < 0.2 ? bump.sample(rng) : body.sample(rng)));
    const lenient = fitDistribution(sample, { maxKs: 0.05 });
    expect(lenient.chosenName).not.toBe('empirical');
    expect(lenient.chosenKs).toBeGreaterThan(0.04);
    const fit = fitDistribution(sample);
    expect(fit.ksThreshold).toBeCloseTo(1.358 / Math.sqrt(n), 3);
    expect(fit.candidates.filter((c) => c.adequate)).toEqual([]);
    // Simulated back at the data's size, the lenient choice fails a two-sample KS at 0.1%; the chosen model does not.
    const back = (spec: DistributionSpec, stream: string) => {
      const r = new RandomStreams(12, 0).stream(stream);
      const d = createDistribution(spec);
      return Float64Array.from({ length: n }, () => d.sample(r)).sort();
    };
    const data = Float64Array.from(sample).sort();
    const critical = 1.949 * Math.sqrt(2 / n);
    expect(ksTwoSample(back(lenient.chosen, 'lenient'), data)).toBeGreaterThan(critical);
    expect(ksTwoSample(back(fit.chosen, 'chosen'), data)).toBeLessThan(critical);
  });
});

describe('building blocks', () => {
  it('empiricalSpec keeps every draw of a small sample and block means of a large one: mean exact, CDF within 1/points', () => {
    const small = Float64Array.from([3, 1, 2]).sort();
    expect(empiricalSpec(small, 10)).toEqual({ dist: 'empirical', samples: [1, 2, 3], interpolate: false });
    const heavy = Float64Array.from(draw({ dist: 'lognormal', mu: 0, sigma: 2 }, 'heavy', 50_000)).sort();
    const spec = empiricalSpec(heavy, 1001);
    const mean = heavy.reduce((a, b) => a + b, 0) / heavy.length;
    expect(relative(createDistribution(spec).mean, mean)).toBeLessThan(1e-9);
    expect(ksDistance(heavy, (x) => createDistribution(spec).cdf(x))).toBeLessThanOrEqual(1 / 1001 + 1e-12);
  });

  it('KS distances match their definitions on small cases', () => {
    // ECDF of {1, 2} against the uniform(0, 4) CDF: largest gap 0.5 − 0.25 at x = 1 and 1 − 0.5 at x = 2.
    expect(ksDistance(Float64Array.from([1, 2]), (x) => x / 4)).toBeCloseTo(0.5, 12);
    expect(ksTwoSample(Float64Array.from([1, 2, 3]), Float64Array.from([1, 2, 3]))).toBe(0);
    expect(ksTwoSample(Float64Array.from([1, 2]), Float64Array.from([3, 4]))).toBe(1);
  });
});
