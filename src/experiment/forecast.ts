/**
 * Capacity forecast for user growth: for each growth factor, the smallest capacity of each
 * searched pool that meets a service objective, judged on the upper bound of the metric's
 * confidence interval (so "meets" is a statement we can defend, not a lucky mean).
 *
 * Search: waits fall as capacity grows, so capacity → objective is monotone and bisection
 * over [lower, max] finds the boundary in log2(range) evaluations. The capacity a pool needs
 * with every other pool at max is non-decreasing in growth and bounds what it needs with less of
 * the others, so each growth factor starts a pool's bracket at that bound from the previous one
 * (the first pool's answer; for the others, known only when the cheapest search computed it).
 * Pools are searched one after another (the others held at `max` while one is searched, then
 * fixed at their answer), which finds a minimal capacity per pool for the bottleneck in turn.
 * Every evaluation uses the same replications and seeds (common random numbers).
 *
 * With a price per unit-hour for every searched pool, the forecast also finds the cheapest
 * platform jointly (`cheapest.ts`), which the pool-by-pool answer need not be. Every answer is
 * then re-checked on fresh replications, with one unit less in each pool in turn: a minimal
 * answer meets the objective there and each removal misses it.
 */
import type { CheapestAnswer, ForecastReport, ForecastStep, MinimalityCheck } from '../output/documents.js';
import type { Experiment } from '../config/load.js';
import type { ForecastSpec } from '../config/forecast.js';
import type { Scenario } from '../config/schema.js';
import { CapacityEvaluator, Interrupted, type EvaluatorOptions } from './evaluator.js';
import { searchGrowth } from './capacity-search.js';

export type ForecastOptions = EvaluatorOptions;

/** Per searched pool, its price per unit-hour; undefined unless every searched pool has one. */
export function searchedPrices(experiment: Experiment, spec: ForecastSpec): Record<string, number> | undefined {
  const pools = (experiment.scenarios[0]?.scenario as Scenario).cost?.pools ?? {};
  const prices = spec.pools.map((p) => pools[p]?.unitHour ?? 0);
  return prices.every((v) => v > 0) ? Object.fromEntries(spec.pools.map((p, i) => [p, prices[i] as number])) : undefined;
}

/** Runs the forecast on the experiment's base scenario. */
export async function runForecast(experiment: Experiment, spec: ForecastSpec, options: ForecastOptions): Promise<ForecastReport> {
  const base = experiment.scenarios[0]?.scenario as Scenario;
  const evaluator = new CapacityEvaluator(experiment, spec, options);
  const evaluate = (growth: number, capacities: Record<string, number>) => evaluator.evaluate(growth, capacities);
  const prices = searchedPrices(experiment, spec);
  const priceOf = (caps: Record<string, number>) => spec.pools.reduce((s, p) => s + (prices?.[p] ?? 0) * (caps[p] as number), 0);
  let checks = 0;
  /** The answer and each one-unit-smaller platform, on fresh replications. */
  const check = async (growth: number, capacities: Record<string, number>): Promise<MinimalityCheck> => {
    const before = evaluator.count;
    const fresh = await evaluator.evaluate(growth, capacities, true);
    const removals: MinimalityCheck['removals'] = [];
    for (const p of spec.pools) {
      if ((capacities[p] as number) <= spec.search.min) continue;
      removals.push({ pool: p, evaluation: await evaluator.evaluate(growth, { ...capacities, [p]: (capacities[p] as number) - 1 }, true) });
    }
    checks += evaluator.count - before;
    return { fresh, removals, minimal: fresh.meets && removals.every((r) => !r.evaluation.meets) };
  };

  const steps: ForecastStep[] = [];
  let complete = true;
  let stoppedBy: string | undefined;
  const cheapestEvaluations = new Map<number, number>();
  try {
    const search = { pools: spec.pools, min: spec.search.min, max: spec.search.max, ...(prices ? { prices } : {}), meets: async (growth: number, c: Record<string, number>, by: 'pool-by-pool' | 'cheapest') => {
      const before = evaluator.count;
      const { meets } = await evaluate(growth, c);
      if (by === 'cheapest') cheapestEvaluations.set(growth, (cheapestEvaluations.get(growth) ?? 0) + evaluator.count - before);
      return meets;
    } };
    await searchGrowth({
      ...search,
      onStep: async (growth, current, cheapest) => {
        if (!current) {
          steps.push({ growth, capacities: Object.fromEntries(spec.pools.map((p) => [p, null])) });
          return;
        }
        const achieved = await evaluate(growth, current);
        const poolByPoolCheck = await check(growth, current);
        let joint: CheapestAnswer | undefined;
        if (cheapest?.best) {
          const same = JSON.stringify(cheapest.best.capacities) === JSON.stringify(current);
          joint = {
            ...cheapest.best, ...(cheapest.runnerUp ? { runnerUp: cheapest.runnerUp } : {}),
            poolByPoolPrice: priceOf(current), saving: priceOf(current) - cheapest.best.price,
            evaluations: cheapestEvaluations.get(growth) ?? 0, check: same ? poolByPoolCheck : await check(growth, cheapest.best.capacities),
          };
        }
        steps.push({ growth, capacities: { ...current }, achieved, check: poolByPoolCheck, ...(joint ? { cheapest: joint } : {}) });
      },
    }, spec.growth);
  } catch (error) {
    if (!(error instanceof Interrupted)) throw error;
    complete = false;
    stoppedBy = error.reason;
  } finally {
    await evaluator.close();
  }
  return {
    objective: spec.objective, confidence: experiment.confidence, replications: spec.replications, complete, ...(stoppedBy ? { stoppedBy } : {}), steps, evaluations: evaluator.count - checks, checks,
    today: Object.fromEntries(spec.pools.map((p) => [p, base.platform.pools[p]?.capacity ?? NaN])),
  };
}
