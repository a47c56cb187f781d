/** Every distribution family: its YAML schema, its spec (plain data) and its sampler class. */
import { z } from 'zod';
import type { Quantity } from '../../config/units.js';
import { dispatch, isMapping } from '../../config/dispatch.js';
import type { Distribution } from '../distribution.js';
import { exponentialSchema, Exponential, type ExponentialSpec } from './exponential.js';
import { weibullSchema, Weibull, type WeibullSpec } from './weibull.js';
import { expWeibullSchema, ExpWeibull, type ExpWeibullSpec } from './exp-weibull.js';
import { lognormalSchema, Lognormal, type LognormalSpec } from './lognormal.js';
import { gammaSchema, Gamma, type GammaSpec } from './gamma.js';
import { truncNormalSchema, TruncNormal, type TruncNormalSpec } from './trunc-normal.js';
import { uniformSchema, Uniform, type UniformSpec } from './uniform.js';
import { constantSchema, Constant, type ConstantSpec } from './constant.js';
import { categoricalSchema, Categorical, type CategoricalSpec } from './categorical.js';
import { empiricalSchema, Empirical, type EmpiricalSpec } from './empirical.js';

/** A resolved distribution: plain data (numbers in seconds or bytes), safe to send to a worker. */
export type DistributionSpec =
  | ExponentialSpec | WeibullSpec | ExpWeibullSpec | LognormalSpec | GammaSpec
  | TruncNormalSpec | UniformSpec | ConstantSpec | CategoricalSpec | EmpiricalSpec;

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
  return dispatch<DistributionSpec>(
    (input) => (isMapping(input) ? tagged : typeof input === 'number' || typeof input === 'string' ? asConstant : undefined),
    'expected a distribution such as { dist: lognormal, mean: ..., cv: ... } or a constant',
  );
}

/** Builds the sampler for a resolved spec. */
export function createDistribution(spec: DistributionSpec): Distribution {
  switch (spec.dist) {
    case 'exponential': return new Exponential(spec);
    case 'weibull': return new Weibull(spec);
    case 'exp-weibull': return new ExpWeibull(spec);
    case 'lognormal': return new Lognormal(spec);
    case 'gamma': return new Gamma(spec);
    case 'trunc-normal': return new TruncNormal(spec);
    case 'uniform': return new Uniform(spec);
    case 'constant': return new Constant(spec);
    case 'categorical': return new Categorical(spec);
    case 'empirical': return new Empirical(spec);
  }
}

export { cumulativeWeights, drawIndex } from './categorical.js';
export { expWeibullRawMoment } from './exp-weibull.js';
