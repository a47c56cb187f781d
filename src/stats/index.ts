/** Statistics over numbers and run records; knows nothing of the model's internals. */
export { Mean, Welford, TimeWeighted } from './online.js';
export { LogHistogram, HISTOGRAM_RELATIVE_ERROR } from './histogram.js';
export { confidenceInterval, median, relativeHalfWidth, tQuantile, type Interval } from './confidence.js';
export { aggregate, sortRuns, type ScenarioSummary, type ScenarioIdentity } from './aggregate.js';
export { erlangC, mmcMeanWait } from './queueing.js';
export { isSaturated, unstablePools, UNSTABLE_UTILISATION, UNSTABLE_Z, type UnstablePool } from './saturation.js';
export { mannKendall, type Trend } from './trend.js';
export { outlierIndices, outlierReplications, OUTLIER_LEVEL, OUTLIER_METRICS, type OutlierReplication } from './outliers.js';
export { comparePaired, holm, judge, rank, lowerIsBetter, welchHalfWidth, type Comparison, type RankEntry, type Verdict } from './compare.js';
