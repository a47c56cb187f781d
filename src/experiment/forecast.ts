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
import type { Evaluation, ForecastReport, ForecastStep, RecordedEvaluation } from '../output/documents.js';
import type { Experiment } from '../config/load.js';
import type { ForecastSpec } from '../config/forecast.js';
import type { Scenario } from '../config/schema.js';
import { confidenceInterval, lowerIsBetter } from '../stats/index.js';
import { metricInterval, withoutExtras } from '../stats/controls.js';
import { runIdOf, type RunResult } from '../core/records.js';
import { type RunSpec, varianceReductionSettings } from './run-spec.js';
import type { CacheUse } from './run-cache.js';
import { createRunPool, runLimited, type Overran } from './run-pool.js';
import { runKey, scenarioIdentity } from './run-identity.js';
import { RunsFailedError } from '../core/errors.js';

export interface ForecastOptions {
  workers: number;
  /** Aborting stops the search; the report holds the growth factors already answered. */
  signal?: AbortSignal;
  /** Evaluations recorded by an interrupted forecast of the same experiment (taken when their runs' keys match). */
  known?: readonly RecordedEvaluation[];
  /** Called once per new evaluation, as soon as its runs are in (to record it). */
  onEvaluation?: (e: RecordedEvaluation) => void;
  /** Finished runs kept by identity: found ones are not run again, new ones are added. */
  cache?: CacheUse;
}

/** Thrown inside the search when the signal aborts. */
class Interrupted extends Error {
  constructor(readonly reason?: string) {
    super(reason ?? 'interrupted');
  }
}

/** Runs the forecast on the experiment's base scenario. */
export async function runForecast(experiment: Experiment, spec: ForecastSpec, options: ForecastOptions): Promise<ForecastReport> {
  const base = experiment.scenarios[0]?.scenario as Scenario;
  const cache = new Map<string, Evaluation>();
  const known = new Map((options.known ?? []).map((e) => [JSON.stringify([e.growth, e.capacities]), e]));
  const better = lowerIsBetter(spec.objective.metric);
  let pool: ReturnType<typeof createRunPool> | undefined;
  const evaluate = async (growth: number, capacities: Record<string, number>): Promise<Evaluation> => {
    const id = JSON.stringify([growth, capacities]);
    const cached = cache.get(id);
    if (cached) return cached;
    const scenario: Scenario = structuredClone(base);
    scenario.workload.growth = base.workload.growth * growth;
    for (const [p, c] of Object.entries(capacities)) (scenario.platform.pools[p] as { capacity: number }).capacity = c;
    const identity = scenarioIdentity(scenario, experiment.baseDir, experiment.inputs);
    const vr = varianceReductionSettings(experiment.varianceReduction);
    const specs: RunSpec[] = Array.from({ length: spec.replications }, (_, r) => ({
      runId: runIdOf(0, r), key: runKey(identity, { seed: experiment.seed, replication: r, eventBudget: experiment.limits.events, ...vr }), scenarioIndex: 0, replication: r,
      seed: experiment.seed, scenario, baseDir: experiment.baseDir, eventBudget: experiment.limits.events, runSeconds: experiment.limits.runSeconds, ...vr,
    }));
    const keys = specs.map((s) => s.key);
    const recorded = known.get(id);
    if (recorded && recorded.keys.length === keys.length && recorded.keys.every((k, i) => k === keys[i])) {
      const { growth: _g, keys: _k, ...evaluation } = recorded;
      cache.set(id, evaluation);
      return evaluation;
    }
    if (options.signal?.aborted) throw new Interrupted();
    const stored = specs.map((s) => options.cache?.get(s));
    const toRun = specs.filter((_, i) => stored[i] === undefined);
    let fresh: (RunResult | Overran)[] = [];
    if (toRun.length > 0) {
      pool ??= createRunPool(Math.min(options.workers, spec.replications));
      const running = pool;
      try {
        fresh = await Promise.all(toRun.map((s) => runLimited(running, s, { runSeconds: s.runSeconds ?? Infinity, ...(options.signal ? { signal: options.signal } : {}) })));
      } catch (error) {
        if (options.signal?.aborted) throw new Interrupted();
        throw error;
      }
      for (const outcome of fresh) if (outcome.status !== 'overran') options.cache?.put(outcome, {});
    }
    let next = 0;
    const outcomes = stored.map((s) => s ?? (fresh[next++] as RunResult | Overran));
    const overran = outcomes.find((o) => o.status === 'overran');
    if (overran) throw new Interrupted(`run ${overran.runId} of growth ${growth} took longer than limits.runSeconds (${overran.seconds} s)`);
    const results = outcomes as RunResult[];
    const failed = results.find((r) => r.status === 'failed');
    if (failed?.status === 'failed') throw new RunsFailedError(`a forecast run failed (growth ${growth}, ${JSON.stringify(capacities)}, replication ${failed.replication}): ${failed.error.split('\n')[0]}`, 'every finished evaluation is kept: fix the policy and run pipesim forecast --resume on the folder');
    const ok = results.filter((r): r is Extract<RunResult, { status: 'ok' }> => r.status === 'ok');
    const vrOn = experiment.varianceReduction;
    const interval = vrOn ? withoutExtras(metricInterval(ok, 0, spec.objective.metric, experiment.confidence, vrOn)) : confidenceInterval(ok.map((r) => r.metrics[spec.objective.metric] ?? NaN), experiment.confidence);
    const bound = better ? interval.high : interval.low;
    const counts = new Map<string, number>();
    for (const r of ok) counts.set(r.bottleneck, (counts.get(r.bottleneck) ?? 0) + 1);
    const bottleneck = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'none';
    const evaluation = { capacities: { ...capacities }, interval, meets: better ? bound <= spec.objective.max : bound >= spec.objective.max, bottleneck };
    cache.set(id, evaluation);
    options.onEvaluation?.({ growth, ...evaluation, keys });
    return evaluation;
  };

  const steps: ForecastStep[] = [];
  const lower: Record<string, number> = Object.fromEntries(spec.pools.map((p) => [p, spec.search.min]));
  let complete = true;
  let stoppedBy: string | undefined;
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
  } catch (error) {
    if (!(error instanceof Interrupted)) throw error;
    complete = false;
    stoppedBy = error.reason;
  } finally {
    await pool?.destroy();
  }
  return {
    objective: spec.objective, confidence: experiment.confidence, replications: spec.replications, complete, ...(stoppedBy ? { stoppedBy } : {}), steps, evaluations: cache.size,
    today: Object.fromEntries(spec.pools.map((p) => [p, base.platform.pools[p]?.capacity ?? NaN])),
  };
}
