/**
 * Every distribution family's YAML schema: what the coordinator validates and resolves into a
 * plain spec (numbers in seconds or bytes). Kept on the config side, apart from the samplers
 * (random/distributions/, one family per file), so that worker threads, which receive resolved
 * specs, never load zod: it was 160 ms of each worker's start.
 */
import { z } from 'zod';
import { dispatch, isMapping } from './dispatch.js';
import { quantity, type Quantity } from './units.js';
import {
  createDistribution, expWeibullRawMoment, jStat, type CategoricalSpec, type ConstantSpec, type DistributionSpec, type EmpiricalSpec,
  type ExponentialSpec, type ExpWeibullSpec, type GammaSpec, type LognormalSpec, type TruncNormalSpec, type UniformSpec, type WeibullSpec,
} from '../random/index.js';

/** A quantity > 0 in the given unit (a scale, a mean, a rate's inverse). */
const positive = (q: Quantity) =>
  quantity(q).pipe(z.number().gt(0, { error: 'expected a value > 0' }));

/** A dimensionless parameter > 0 (shape, exponent, cv, sigma). */
const positiveNumber = z.number({ error: 'expected a number' }).gt(0, { error: 'expected a number > 0' });

const exponentialSchema = (q: Quantity) =>
  z.strictObject({ dist: z.literal('exponential'), mean: positive(q).optional(), rate: z.number().gt(0).optional() })
    .transform((v, ctx): ExponentialSpec => {
      if ((v.mean === undefined) === (v.rate === undefined)) {
        ctx.addIssue({ code: 'custom', message: 'give exactly one of mean or rate' });
        return z.NEVER;
      }
      return { dist: 'exponential', mean: v.mean ?? 1 / (v.rate as number) };
    });

const weibullSchema = (q: Quantity) =>
  z.strictObject({ dist: z.literal('weibull'), shape: positiveNumber, scale: positive(q).optional(), mean: positive(q).optional() })
    .transform((v, ctx): WeibullSpec => {
      if ((v.scale === undefined) === (v.mean === undefined)) {
        ctx.addIssue({ code: 'custom', message: 'give exactly one of scale or mean' });
        return z.NEVER;
      }
      const scale = v.scale ?? (v.mean as number) / jStat.gammafn(1 + 1 / v.shape);
      return { dist: 'weibull', shape: v.shape, scale };
    });

const expWeibullSchema = (q: Quantity) =>
  z.strictObject({
    dist: z.literal('exp-weibull'), shape: positiveNumber, exponent: positiveNumber,
    scale: positive(q).optional(), mean: positive(q).optional(),
  }).transform((v, ctx): ExpWeibullSpec => {
    if ((v.scale === undefined) === (v.mean === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give exactly one of scale or mean' });
      return z.NEVER;
    }
    const scale = v.scale ?? (v.mean as number) / expWeibullRawMoment(v.shape, v.exponent, 1);
    return { dist: 'exp-weibull', shape: v.shape, exponent: v.exponent, scale };
  });

const lognormalSchema = (q: Quantity) =>
  z.strictObject({
    dist: z.literal('lognormal'),
    mean: positive(q).optional(), cv: positiveNumber.optional(),
    mu: z.number().optional(), sigma: positiveNumber.optional(),
  }).transform((v, ctx): LognormalSpec => {
    const byMoments = v.mean !== undefined && v.cv !== undefined && v.mu === undefined && v.sigma === undefined;
    const byLog = v.mu !== undefined && v.sigma !== undefined && v.mean === undefined && v.cv === undefined;
    if (!byMoments && !byLog) {
      ctx.addIssue({ code: 'custom', message: 'give either mean and cv, or mu and sigma' });
      return z.NEVER;
    }
    if (byLog) return { dist: 'lognormal', mu: v.mu as number, sigma: v.sigma as number };
    const sigma2 = Math.log(1 + (v.cv as number) ** 2);
    return { dist: 'lognormal', mu: Math.log(v.mean as number) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
  });

const gammaSchema = (q: Quantity) =>
  z.strictObject({
    dist: z.literal('gamma'),
    shape: positiveNumber.optional(), scale: positive(q).optional(),
    mean: positive(q).optional(), cv: positiveNumber.optional(),
  }).transform((v, ctx): GammaSpec => {
    const byShape = v.shape !== undefined && v.scale !== undefined && v.mean === undefined && v.cv === undefined;
    const byMoments = v.mean !== undefined && v.cv !== undefined && v.shape === undefined && v.scale === undefined;
    if (!byShape && !byMoments) {
      ctx.addIssue({ code: 'custom', message: 'give either shape and scale, or mean and cv' });
      return z.NEVER;
    }
    if (byShape) return { dist: 'gamma', shape: v.shape as number, scale: v.scale as number };
    const cv2 = (v.cv as number) ** 2;
    return { dist: 'gamma', shape: 1 / cv2, scale: (v.mean as number) * cv2 };
  });

const truncNormalSchema = (q: Quantity) =>
  z.strictObject({
    dist: z.literal('trunc-normal'), mean: quantity(q), sd: positive(q),
    // Open bounds are written as ±.inf in experiment.resolved.yaml, so they must read back.
    min: quantity(q, true).optional(), max: quantity(q, true).optional(),
  }).transform((v, ctx): TruncNormalSpec => {
    // Quantities that are durations or sizes cannot be negative, so the default floor is 0.
    const min = v.min ?? (q === 'count' ? -Infinity : 0);
    const max = v.max ?? Infinity;
    const mass = jStat.normal.cdf(max, v.mean, v.sd) - jStat.normal.cdf(min, v.mean, v.sd);
    if (!(max > min) || !(mass > 1e-12)) {
      ctx.addIssue({ code: 'custom', message: `expected an interval [min, max] with probability mass under N(${v.mean}, ${v.sd}), got [${min}, ${max}]` });
      return z.NEVER;
    }
    return { dist: 'trunc-normal', mean: v.mean, sd: v.sd, min, max };
  });

const uniformSchema = (q: Quantity) =>
  z.strictObject({ dist: z.literal('uniform'), min: quantity(q), max: quantity(q) })
    .transform((v, ctx): UniformSpec => {
      if (!(v.max > v.min)) {
        ctx.addIssue({ code: 'custom', path: ['max'], message: `expected max > min (${v.min}), got ${v.max}` });
        return z.NEVER;
      }
      return { dist: 'uniform', min: v.min, max: v.max };
    });

const constantSchema = (q: Quantity) =>
  z.strictObject({ dist: z.literal('constant'), value: quantity(q) })
    .transform((v): ConstantSpec => ({ dist: 'constant', value: v.value }));

const categoricalSchema = (q: Quantity) =>
  z.strictObject({
    dist: z.literal('categorical'),
    values: z.array(quantity(q)).min(1, { error: 'expected at least one value' }),
    weights: z.array(z.number().gte(0, { error: 'expected a weight ≥ 0' })).optional(),
  }).transform((v, ctx): CategoricalSpec => {
    const weights = v.weights ?? v.values.map(() => 1);
    if (weights.length !== v.values.length) {
      ctx.addIssue({ code: 'custom', path: ['weights'], message: `expected ${v.values.length} weights (one per value), got ${weights.length}` });
      return z.NEVER;
    }
    if (!(weights.reduce((a, b) => a + b, 0) > 0)) {
      ctx.addIssue({ code: 'custom', path: ['weights'], message: 'expected weights with a positive sum' });
      return z.NEVER;
    }
    return { dist: 'categorical', values: v.values, weights };
  });

const empiricalSchema = (q: Quantity) =>
  z.strictObject({
    dist: z.literal('empirical'),
    samples: z.array(quantity(q)).min(1, { error: 'expected at least one sample' }),
    interpolate: z.boolean().default(false),
  }).transform((v, ctx): EmpiricalSpec => {
    if (v.interpolate && v.samples.length < 2) {
      ctx.addIssue({ code: 'custom', path: ['samples'], message: 'interpolation needs at least two samples' });
      return z.NEVER;
    }
    return { dist: 'empirical', samples: [...v.samples].sort((a, b) => a - b), interpolate: v.interpolate };
  });

const SCHEMAS = {
  exponential: exponentialSchema, weibull: weibullSchema, 'exp-weibull': expWeibullSchema,
  lognormal: lognormalSchema, gamma: gammaSchema, 'trunc-normal': truncNormalSchema,
  uniform: uniformSchema, constant: constantSchema, categorical: categoricalSchema, empirical: empiricalSchema,
} as const;

/** Names accepted in `dist:`. */
export const FAMILIES = Object.keys(SCHEMAS) as (keyof typeof SCHEMAS)[];

/**
 * Schema of a distribution in YAML, e.g. `{ dist: lognormal, mean: 2h, cv: 0.5 }`; quantities
 * are read in the unit of `q`. A bare number or unit string means a constant.
 */
export function distributionSchema(q: Quantity): z.ZodType<DistributionSpec, unknown> {
  const families = FAMILIES.map((name) => SCHEMAS[name](q));
  const tagged = z.discriminatedUnion('dist', families as never, {
    error: (issue) => issue.code === 'invalid_union' && issue.input && typeof issue.input === 'object' && 'dist' in issue.input
      ? `expected dist to be one of ${FAMILIES.join(', ')}`
      : `expected a distribution such as { dist: lognormal, mean: ..., cv: ... } (families: ${FAMILIES.join(', ')})`,
  }) as unknown as z.ZodType<DistributionSpec, unknown>;
  const constant = constantSchema(q);
  const asConstant = z.union([z.number(), z.string()]).transform((value) => ({ dist: 'constant', value })).pipe(constant);
  const any = dispatch<DistributionSpec>(
    (input) => (isMapping(input) ? tagged : typeof input === 'number' || typeof input === 'string' ? asConstant : undefined),
    'expected a distribution such as { dist: lognormal, mean: ..., cv: ... } or a constant',
  );
  return any.superRefine((spec, ctx) => {
    // Durations, sizes and bandwidths cannot be negative: a law that reaches below 0 is a mistake.
    const lowest = lowestValue(spec);
    if (q !== 'count' && lowest < 0) ctx.addIssue({ code: 'custom', message: `expected values ≥ 0 (a ${q} cannot be negative), got a distribution reaching ${lowest}` });
    const problem = unsimulable(spec);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }) as unknown as z.ZodType<DistributionSpec, unknown>;
}

/** Mean and variance per spec: a grid validates the same laws once per scenario, and exp-weibull's moments are integrals. */
const moments = new Map<string, { mean: number; variance: number } | undefined>();

/** The law's mean and variance (undefined when its parameters are invalid), memoised by spec. */
export function momentsOf(spec: DistributionSpec): { mean: number; variance: number } | undefined {
  const key = JSON.stringify(spec);
  if (moments.has(key)) return moments.get(key);
  let found: { mean: number; variance: number } | undefined;
  try {
    const law = createDistribution(spec);
    found = { mean: law.mean, variance: law.variance };
  } catch {
    found = undefined;
  }
  if (moments.size > 10_000) moments.clear();
  moments.set(key, found);
  return found;
}

/** Past this coefficient of variation a run's draws are almost all near 0 and its mean rests on a handful of giants. */
export const MAX_CV = 1000;

/**
 * Why a run could not represent this law, if it cannot: an infinite mean (a Weibull of shape
 * 1e-10: every draw is effectively infinite, so nothing ever arrives or ends), or a spread so
 * wide that about cv² draws are needed before their mean approaches the law's (lognormal cv
 * 1e200: the median is 1e-200 of the mean). Infinite variance alone is allowed (heavy tails).
 */
function unsimulable(spec: DistributionSpec): string | undefined {
  const law = momentsOf(spec);
  if (!law) return undefined; // the family's own schema reports what is wrong with its parameters
  if (Number.isNaN(law.mean) || Number.isNaN(law.variance)) return 'expected parameters a run can draw from; these overflow double precision (the mean or variance comes out as NaN)';
  if (!Number.isFinite(law.mean)) return `expected a distribution with a finite mean, got one whose mean is ${law.mean} (its draws would be effectively infinite)`;
  const cv = Math.sqrt(law.variance) / Math.abs(law.mean);
  if (law.mean !== 0 && Number.isFinite(law.variance) && cv > MAX_CV) {
    return `expected a coefficient of variation ≤ ${MAX_CV}, got ${cv.toPrecision(3)}: nearly every draw would be ~0 and the mean would rest on a few giant draws, so no run would see the law written here`;
  }
  return undefined;
}

/** The least value a distribution can take (0 for the families whose support is the positive reals). */
function lowestValue(spec: DistributionSpec): number {
  switch (spec.dist) {
    case 'constant': return spec.value;
    case 'uniform': case 'trunc-normal': return spec.min;
    case 'empirical': return spec.samples[0] ?? 0;
    case 'categorical': return Math.min(...spec.values);
    default: return 0;
  }
}
