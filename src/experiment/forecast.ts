/**
 * Capacity forecast for user growth: for each growth factor, the smallest capacity of each
 * searched pool that meets a service objective, judged on the upper bound of the metric's
 * confidence interval (so "meets" is a statement we can defend, not a lucky mean).
 *
 * Search: waits fall as capacity grows, so capacity → objective is monotone and bisection
 * over [lower, max] finds the boundary in log2(range) evaluations. The required capacity is
 * non-decreasing in growth, so each growth factor starts its bracket at the previous answer.
 * Pools are searched one after another (the others held at `max` while one is searched, then
 * fixed at their answer), which finds a minimal capacity per pool for the bottleneck in turn.
 * Every evaluation uses the same replications and seeds (common random numbers).
 */
import type { Experiment } from '../config/load.js';
import type { ForecastSpec } from '../config/forecast.js';
import type { Scenario } from '../config/schema.js';
import { confidenceInterval, lowerIsBetter, type Interval } from '../stats/index.js';
import { runIdOf, type RunResult, type RunSpec } from '../types.js';
import { createRunPool } from './coordinator.js';

/** One evaluated capacity assignment. */
export interface Evaluation {
  capacities: Record<string, number>;
  interval: Interval;
  meets: boolean;
  bottleneck: string;
}

/** The answer for one growth factor. */
export interface ForecastStep {
  growth: number;
  /** Required capacity per searched pool; null where even `search.max` does not meet the objective. */
  capacities: Record<string, number | null>;
  /** The objective's metric at the answer, and the bottleneck there. */
  achieved?: Evaluation;
}

export interface ForecastReport {
  objective: { metric: string; max: number };
  confidence: number;
  replications: number;
  steps: ForecastStep[];
  /** Evaluations made, in order: what the search looked at. */
  evaluations: number;
}

/** Runs the forecast on the experiment's base scenario. */
export async function runForecast(experiment: Experiment, spec: ForecastSpec, workers: number, onEvaluation?: (g: number, e: Evaluation) => void): Promise<ForecastReport> {
  const base = experiment.scenarios[0]?.scenario as Scenario;
  const pool = createRunPool(workers);
  const cache = new Map<string, Evaluation>();
  const better = lowerIsBetter(spec.objective.metric);
  const evaluate = async (growth: number, capacities: Record<string, number>): Promise<Evaluation> => {
    const key = JSON.stringify([growth, capacities]);
    const known = cache.get(key);
    if (known) return known;
    const scenario: Scenario = structuredClone(base);
    scenario.workload.growth = base.workload.growth * growth;
    for (const [p, c] of Object.entries(capacities)) (scenario.platform.pools[p] as { capacity: number }).capacity = c;
    const specs: RunSpec[] = Array.from({ length: spec.replications }, (_, r) => ({
      runId: runIdOf(0, r), scenarioIndex: 0, replication: r, seed: experiment.seed, scenario, baseDir: experiment.baseDir,
    }));
    const results: RunResult[] = await Promise.all(specs.map((s) => pool.run(s)));
    const failed = results.find((r) => r.status === 'failed');
    if (failed?.status === 'failed') throw new Error(`a forecast run failed: ${failed.error}`);
    const ok = results.filter((r): r is Extract<RunResult, { status: 'ok' }> => r.status === 'ok');
    const interval = confidenceInterval(ok.map((r) => r.metrics[spec.objective.metric] ?? NaN), experiment.confidence);
    const bound = better ? interval.high : interval.low;
    const counts = new Map<string, number>();
    for (const r of ok) counts.set(r.bottleneck, (counts.get(r.bottleneck) ?? 0) + 1);
    const bottleneck = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'none';
    const evaluation = { capacities: { ...capacities }, interval, meets: better ? bound <= spec.objective.max : bound >= spec.objective.max, bottleneck };
    cache.set(key, evaluation);
    onEvaluation?.(growth, evaluation);
    return evaluation;
  };

  const steps: ForecastStep[] = [];
  const lower: Record<string, number> = Object.fromEntries(spec.pools.map((p) => [p, spec.search.min]));
  try {
    for (const growth of [...spec.growth].sort((a, b) => a - b)) {
      const answer: Record<string, number | null> = {};
      const current: Record<string, number> = Object.fromEntries(spec.pools.map((p) => [p, spec.search.max]));
      const reachable = (await evaluate(growth, current)).meets;
      for (const p of spec.pools) {
        if (!reachable) {
          answer[p] = null;
          continue;
        }
        let lo = lower[p] as number;
        let hi = spec.search.max;
        while (lo < hi) {
          const mid = Math.floor((lo + hi) / 2);
          if ((await evaluate(growth, { ...current, [p]: mid })).meets) hi = mid;
          else lo = mid + 1;
        }
        current[p] = lo;
        answer[p] = lo;
        lower[p] = lo;
      }
      const achieved = reachable ? await evaluate(growth, current) : undefined;
      steps.push({ growth, capacities: answer, ...(achieved ? { achieved } : {}) });
    }
  } finally {
    await pool.destroy();
  }
  return { objective: spec.objective, confidence: experiment.confidence, replications: spec.replications, steps, evaluations: cache.size };
}
