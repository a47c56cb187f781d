/** Randomness: named seeded streams and distribution families, the only source of draws. */
export { RandomStreams, type Rng, type StreamName } from './streams.js';
export { type Distribution, standardExponential, standardNormal } from './distribution.js';
export { DrawBlock } from './draw-block.js';
export {
  type DistributionSpec, createDistribution, cumulativeWeights, drawIndex, expWeibullRawMoment,
  type CategoricalSpec, type ConstantSpec, type EmpiricalSpec, type ExponentialSpec, type ExpWeibullSpec, type GammaSpec,
  type LognormalSpec, type TruncNormalSpec, type UniformSpec, type WeibullSpec,
} from './distributions/index.js';
export { jStat } from './jstat.js';
