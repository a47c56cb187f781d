/** Every distribution family: its spec (plain data) and its sampler class; their YAML schemas are in schemas.ts. */
import type { Distribution } from '../distribution.js';
import { Exponential, type ExponentialSpec } from './exponential.js';
import { Weibull, type WeibullSpec } from './weibull.js';
import { ExpWeibull, type ExpWeibullSpec } from './exp-weibull.js';
import { Lognormal, type LognormalSpec } from './lognormal.js';
import { Gamma, type GammaSpec } from './gamma.js';
import { TruncNormal, type TruncNormalSpec } from './trunc-normal.js';
import { Uniform, type UniformSpec } from './uniform.js';
import { Constant, type ConstantSpec } from './constant.js';
import { Categorical, type CategoricalSpec } from './categorical.js';
import { Empirical, type EmpiricalSpec } from './empirical.js';

/** A resolved distribution: plain data (numbers in seconds or bytes), safe to send to a worker. */
export type DistributionSpec =
  | ExponentialSpec | WeibullSpec | ExpWeibullSpec | LognormalSpec | GammaSpec
  | TruncNormalSpec | UniformSpec | ConstantSpec | CategoricalSpec | EmpiricalSpec;

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
export type {
  CategoricalSpec, ConstantSpec, EmpiricalSpec, ExponentialSpec, ExpWeibullSpec, GammaSpec, LognormalSpec, TruncNormalSpec, UniformSpec, WeibullSpec,
};
