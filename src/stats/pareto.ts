/**
 * The Pareto front of a sweep: the scenarios that no other beats on every trade-off metric
 * (`pareto.metrics`), by their means. One scenario dominates another when it is at least as
 * good on every metric and better on one; whether smaller or larger is better follows
 * `lowerIsBetter`. A scenario without a finite mean of every metric is on no front.
 */
import { lowerIsBetter } from './compare.js';

export interface ParetoPoint {
  index: number;
  /** The means, one per metric, in the order of the metrics. */
  values: readonly number[];
}

/** Indices of the points on the front, ascending. */
export function paretoFront(points: readonly ParetoPoint[], metrics: readonly string[]): number[] {
  const sign = metrics.map((m) => (lowerIsBetter(m) ? 1 : -1));
  const usable = points.filter((p) => p.values.length === metrics.length && p.values.every(Number.isFinite));
  // Oriented so that smaller is better on every metric.
  const oriented = usable.map((p) => ({ index: p.index, v: p.values.map((x, k) => x * (sign[k] as number)) }));
  const dominates = (a: number[], b: number[]) => a.every((x, k) => x <= (b[k] as number)) && a.some((x, k) => x < (b[k] as number));
  return oriented.filter((p) => !oriented.some((q) => q !== p && dominates(q.v, p.v))).map((p) => p.index).sort((a, b) => a - b);
}
