/**
 * Maximum-likelihood fits of the parametric families PipeSim samples from, with the numbers a
 * user needs to judge them: log-likelihood, AIC and the Kolmogorov–Smirnov distance to the
 * data. When no family fits, the data's own quantiles (an empirical distribution) are used:
 * a model that claims a good fit it does not have would mislead every result built on it.
 */
import { nelderMead } from './nelder-mead.js';
import { createDistribution, jStat, type DistributionSpec } from '../random/index.js';

export type FamilyName = 'exponential' | 'weibull' | 'exp-weibull' | 'lognormal' | 'gamma';

/** One family's fit to a sample. */
export interface FamilyFit {
  family: FamilyName;
  spec: DistributionSpec;
  /** Parameters estimated (for AIC). */
  parameters: number;
  logLikelihood: number;
  aic: number;
  /** Kolmogorov–Smirnov distance to the whole sample (zeros included). */
  ks: number;
  /** The model's mean over the sample's. */
  meanRatio: number;
  /** Whether it is accepted (see `acceptable`). */
  adequate: boolean;
}

/** The model chosen for a sample, with every candidate for the report. */
export interface FitResult {
  n: number;
  mean: number;
  cv: number;
  zeros: number;
  candidates: FamilyFit[];
  chosen: DistributionSpec;
  /** 'exp-weibull', ... or 'empirical' when no family was adequate. */
  chosenName: FamilyName | 'empirical';
  /** KS distance of the chosen model. */
  chosenKs: number;
  /** Threshold a family's KS distance had to meet. */
  ksThreshold: number;
  /** Largest relative error of the mean a family could have. */
  meanTolerance: number;
}

export interface FitOptions {
  families?: readonly FamilyName[];
  /**
   * A family is adequate when its KS distance is at most this; by default the critical value
   * at the sample's size and `ksLevel`, so a larger sample holds a family to a closer fit.
   */
  maxKs?: number;
  /** Significance level of the default acceptance (0.05). */
  ksLevel?: number;
  /** Order statistics kept for an empirical model. */
  empiricalPoints?: number;
  /**
   * A family is adequate only if its mean is within this relative error of the sample's (or,
   * with `meanNoise`, within two standard errors of the sample mean, if that is wider): a
   * shape that fits but a mean that does not would get the load wrong.
   */
  meanTolerance?: number;
  meanNoise?: boolean;
}

export const DEFAULT_KS_LEVEL = 0.05;

/**
 * The one-sample Kolmogorov–Smirnov critical value at size n and level α: the asymptotic
 * √(−ln(α/2)/2) with Stephens' finite-sample correction (exact to about 1% from n = 5).
 * Parameters fitted to the same sample make the true critical value smaller still, so a
 * family that passes it is not one the data reject.
 */
export function ksCriticalValue(n: number, level = DEFAULT_KS_LEVEL): number {
  const root = Math.sqrt(n);
  return Math.sqrt(-Math.log(level / 2) / 2) / (root + 0.12 + 0.11 / root);
}
export const DEFAULT_MEAN_TOLERANCE = 0.1;
const MLE_POINTS = 20_000;
const ALL_FAMILIES: readonly FamilyName[] = ['exponential', 'weibull', 'exp-weibull', 'lognormal', 'gamma'];

/** Kolmogorov–Smirnov distance between the ECDF of `sorted` (ascending) and `cdf`. */
export function ksDistance(sorted: Float64Array, cdf: (x: number) => number): number {
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i] as number);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/** Two-sample Kolmogorov–Smirnov distance between two ascending samples. */
export function ksTwoSample(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const x = Math.min(a[i] as number, b[j] as number);
    while (i < a.length && (a[i] as number) <= x) i++;
    while (j < b.length && (b[j] as number) <= x) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return d;
}

/** ψ(x), the digamma function (recurrence to x ≥ 6, then the asymptotic series). */
function digamma(x: number): number {
  let r = 0;
  while (x < 6) r -= 1 / x++;
  const f = 1 / (x * x);
  return r + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f / 240)));
}

/** ψ'(x), the trigamma function. */
function trigamma(x: number): number {
  let r = 0;
  while (x < 6) r += 1 / (x * x++);
  const f = 1 / (x * x);
  return r + 1 / x + f / 2 + (f / x) * (1 / 6 - f * (1 / 30 - f / 42));
}

interface LogStats { n: number; sum: number; sumLog: number }

function fitExponential(x: Float64Array, s: LogStats) {
  const mean = s.sum / s.n;
  return { spec: { dist: 'exponential', mean } as DistributionSpec, parameters: 1, logLikelihood: -s.n * Math.log(mean) - s.n };
}

function fitLognormal(x: Float64Array, s: LogStats) {
  const mu = s.sumLog / s.n;
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (Math.log(x[i] as number) - mu) ** 2;
  const sigma = Math.sqrt(ss / s.n);
  const logLikelihood = -s.sumLog - s.n * Math.log(sigma) - 0.5 * s.n * Math.log(2 * Math.PI) - ss / (2 * sigma * sigma);
  return { spec: { dist: 'lognormal', mu, sigma } as DistributionSpec, parameters: 2, logLikelihood };
}

function fitGamma(x: Float64Array, s: LogStats) {
  const mean = s.sum / s.n;
  const gap = Math.log(mean) - s.sumLog / s.n;
  // Minka's closed-form start, then Newton on log k − ψ(k) = log mean − mean log x.
  let k = (3 - gap + Math.sqrt((gap - 3) ** 2 + 24 * gap)) / (12 * gap);
  for (let it = 0; it < 50; it++) {
    const step = (Math.log(k) - digamma(k) - gap) / (1 / k - trigamma(k));
    const next = k - step;
    k = next > 0 ? next : k / 2;
    if (Math.abs(step) < 1e-10 * k) break;
  }
  const scale = mean / k;
  const logLikelihood = (k - 1) * s.sumLog - s.sum / scale - s.n * (k * Math.log(scale) + jStat.gammaln(k));
  return { spec: { dist: 'gamma', shape: k, scale } as DistributionSpec, parameters: 2, logLikelihood };
}

/** Weibull log-likelihood at shape k with the scale profiled out. */
function weibullAt(x: Float64Array, s: LogStats, k: number) {
  let sumPow = 0;
  for (let i = 0; i < x.length; i++) sumPow += Math.pow(x[i] as number, k);
  const scale = Math.pow(sumPow / s.n, 1 / k);
  const logLikelihood = s.n * Math.log(k) - s.n * k * Math.log(scale) + (k - 1) * s.sumLog - s.n;
  return { scale, logLikelihood };
}

function fitWeibull(x: Float64Array, s: LogStats) {
  // The profile likelihood in log k is unimodal: golden-section search on [−5, 5].
  let lo = -5;
  let hi = 5;
  const g = (Math.sqrt(5) - 1) / 2;
  let a = hi - g * (hi - lo);
  let b = lo + g * (hi - lo);
  let fa = weibullAt(x, s, Math.exp(a)).logLikelihood;
  let fb = weibullAt(x, s, Math.exp(b)).logLikelihood;
  while (hi - lo > 1e-7) {
    if (fa > fb) { hi = b; b = a; fb = fa; a = hi - g * (hi - lo); fa = weibullAt(x, s, Math.exp(a)).logLikelihood; }
    else { lo = a; a = b; fa = fb; b = lo + g * (hi - lo); fb = weibullAt(x, s, Math.exp(b)).logLikelihood; }
  }
  const shape = Math.exp((lo + hi) / 2);
  const { scale, logLikelihood } = weibullAt(x, s, shape);
  return { spec: { dist: 'weibull', shape, scale } as DistributionSpec, parameters: 2, logLikelihood };
}

/** Exponentiated-Weibull log-likelihood at (shape, scale) with the exponent profiled out. */
function expWeibullAt(x: Float64Array, s: LogStats, shape: number, scale: number) {
  let sumZ = 0;
  let sumLogF = 0;
  for (let i = 0; i < x.length; i++) {
    const z = Math.pow((x[i] as number) / scale, shape);
    sumZ += z;
    sumLogF += Math.log(-Math.expm1(-z));
  }
  // For fixed shape and scale the exponent's MLE is closed-form: a = −n / Σ log F_weibull(x).
  const exponent = -s.n / sumLogF;
  const logLikelihood = s.n * Math.log((exponent * shape) / scale) + (shape - 1) * (s.sumLog - s.n * Math.log(scale)) - sumZ + (exponent - 1) * sumLogF;
  return { exponent, logLikelihood };
}

function fitExpWeibull(x: Float64Array, s: LogStats, start: { shape: number; scale: number }) {
  const objective = (p: number[]) => {
    const v = expWeibullAt(x, s, Math.exp(p[0] as number), Math.exp(p[1] as number)).logLikelihood;
    return Number.isFinite(v) ? -v : Number.MAX_VALUE;
  };
  const best = nelderMead(objective, [Math.log(start.shape), Math.log(start.scale)], { maxIterations: 2000, tolerance: 1e-12 });
  const shape = Math.exp(best.x[0] as number);
  const scale = Math.exp(best.x[1] as number);
  const { exponent, logLikelihood } = expWeibullAt(x, s, shape, scale);
  return { spec: { dist: 'exp-weibull', shape, exponent, scale } as DistributionSpec, parameters: 3, logLikelihood };
}

/** Interpolated quantiles of `sorted` at `points` equally spaced probabilities. */
/**
 * The sample's own distribution: all of it when small, else the means of `points` blocks of
 * equal probability, drawn with equal chance. Block means keep the sample's mean exactly (a
 * heavy tail's mean would hang on where a last quantile falls) and its atoms (many jobs of
 * one length), and put the model within 1/points of the sample's CDF.
 */
export function empiricalSpec(sorted: Float64Array, points: number): DistributionSpec {
  const n = sorted.length;
  if (n <= points) return { dist: 'empirical', samples: Array.from(sorted), interpolate: false };
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = (prefix[i] as number) + (sorted[i] as number);
  // Sum of the first x order statistics, x fractional.
  const sumTo = (x: number) => {
    const i = Math.min(n - 1, Math.floor(x));
    return (prefix[i] as number) + (x - i) * (sorted[i] as number);
  };
  const samples: number[] = [];
  for (let b = 0; b < points; b++) {
    const from = (b * n) / points;
    const to = ((b + 1) * n) / points;
    samples.push((sumTo(to) - sumTo(from)) / (to - from));
  }
  return { dist: 'empirical', samples, interpolate: false };
}

/**
 * Fits every family to `sample` (positive values; zeros are kept for the KS distance and the
 * empirical model) and chooses the adequate family with the lowest AIC, or an empirical model.
 */
export function fitDistribution(sample: ArrayLike<number>, options: FitOptions = {}): FitResult {
  const sorted = Float64Array.from(sample).sort();
  const n = sorted.length;
  if (n === 0) throw new Error('fitDistribution: empty sample');
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) { sum += sorted[i] as number; sumSq += (sorted[i] as number) ** 2; }
  const mean = sum / n;
  const cv = mean > 0 ? Math.sqrt(Math.max(0, sumSq / n - mean * mean)) / mean : 0;
  const firstPositive = sorted.findIndex((v) => v > 0);
  const positive = firstPositive < 0 ? new Float64Array(0) : sorted.subarray(firstPositive);
  const zeros = n - positive.length;
  const ksThreshold = options.maxKs ?? ksCriticalValue(n, options.ksLevel);
  const standardError = (cv * mean) / Math.sqrt(n);
  const meanTolerance = Math.max(options.meanTolerance ?? DEFAULT_MEAN_TOLERANCE, (options.meanNoise ?? true) && mean > 0 ? (2 * standardError) / mean : 0);
  const candidates: FamilyFit[] = [];
  const distinct = positive.length >= 2 && (positive[0] as number) < (positive[positive.length - 1] as number);
  if (distinct) {
    // Fit in units of the median so powers and logs stay well-conditioned, then rescale.
    const unit = positive[positive.length >> 1] as number;
    // Maximum likelihood on at most MLE_POINTS evenly spaced order statistics: as good as all
    // of a large sample for the parameters, and it keeps a fit of millions of rows in seconds.
    const m = Math.min(positive.length, MLE_POINTS);
    const x = new Float64Array(m);
    for (let i = 0; i < m; i++) x[i] = (positive[Math.floor(((i + 0.5) * positive.length) / m)] as number) / unit;
    let sumLog = 0;
    let sumX = 0;
    for (let i = 0; i < x.length; i++) { sumLog += Math.log(x[i] as number); sumX += x[i] as number; }
    const stats: LogStats = { n: x.length, sum: sumX, sumLog };
    const families = options.families ?? ALL_FAMILIES;
    const fits = new Map<FamilyName, { spec: DistributionSpec; parameters: number; logLikelihood: number }>();
    for (const family of families) {
      if (family === 'exponential') fits.set(family, fitExponential(x, stats));
      if (family === 'lognormal') fits.set(family, fitLognormal(x, stats));
      if (family === 'gamma') fits.set(family, fitGamma(x, stats));
      if (family === 'weibull' || family === 'exp-weibull') if (!fits.has('weibull')) fits.set('weibull', fitWeibull(x, stats));
      if (family === 'exp-weibull') {
        const w = fits.get('weibull')?.spec as { shape: number; scale: number };
        fits.set(family, fitExpWeibull(x, stats, w));
      }
    }
    const logUnit = Math.log(unit);
    for (const family of families) {
      const fit = fits.get(family);
      if (!fit) continue;
      const spec = scaledSpec(fit.spec, unit);
      const dist = createDistribution(spec);
      const ks = ksDistance(sorted, (v) => dist.cdf(v));
      const meanRatio = mean > 0 ? dist.mean / mean : NaN;
      // Densities in the original unit: each of the n values' density divides by `unit`.
      // Scaled to the whole positive sample, so AICs read at its size.
      const logLikelihood = (fit.logLikelihood - x.length * logUnit) * (positive.length / x.length);
      candidates.push({
        family, spec, parameters: fit.parameters, logLikelihood, aic: 2 * fit.parameters - 2 * logLikelihood, ks, meanRatio,
        adequate: ks <= ksThreshold && Math.abs(meanRatio - 1) <= meanTolerance,
      });
    }
  }
  const best = candidates.filter((c) => c.adequate).sort((a, b) => a.aic - b.aic)[0];
  const common = { n, mean, cv, zeros, candidates, ksThreshold, meanTolerance };
  if (best) return { ...common, chosen: best.spec, chosenName: best.family, chosenKs: best.ks };
  const empirical = empiricalSpec(sorted, options.empiricalPoints ?? 1001);
  const dist = createDistribution(empirical);
  return { ...common, chosen: empirical, chosenName: 'empirical', chosenKs: ksDistance(sorted, (v) => dist.cdf(v)) };
}

/** The law of `unit` × X for X of `spec`: the same shape, every value scaled. */
export function scaledSpec(spec: DistributionSpec, unit: number): DistributionSpec {
  if (unit === 1) return spec;
  switch (spec.dist) {
    case 'exponential': return { ...spec, mean: spec.mean * unit };
    case 'lognormal': return { ...spec, mu: spec.mu + Math.log(unit) };
    case 'gamma':
    case 'weibull':
    case 'exp-weibull': return { ...spec, scale: spec.scale * unit };
    case 'empirical': return { ...spec, samples: spec.samples.map((x) => x * unit) };
    default: throw new Error(`scaledSpec: cannot scale a ${spec.dist} law`);
  }
}
