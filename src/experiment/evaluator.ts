/**
 * One capacity assignment at one growth factor, judged: the objective's interval over the
 * forecast's replications, whether its pessimistic bound meets the objective, the bottleneck.
 * Shared by the pool-by-pool forecast and the cheapest-platform search, so every search sees the
 * same numbers for the same platform: the same seeds and replications everywhere (common random
 * numbers), each evaluation made once, recorded for resume and served from the run cache.
 *
 * `fresh` evaluations use the next `replications` replication numbers instead: independent
 * streams, to re-check an answer on runs the search never looked at.
 */
import type { Evaluation, RecordedEvaluation } from '../output/documents.js';
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

export interface EvaluatorOptions {
  workers: number;
  signal?: AbortSignal;
  /** Evaluations recorded by an interrupted search of the same experiment (taken when their runs' keys match). */
  known?: readonly RecordedEvaluation[];
  /** Called once per new evaluation, as soon as its runs are in (to record it). */
  onEvaluation?: (e: RecordedEvaluation) => void;
  cache?: CacheUse;
}

/** Thrown inside a search when the signal aborts or a run overruns its time limit. */
export class Interrupted extends Error {
  constructor(readonly reason?: string) {
    super(reason ?? 'interrupted');
  }
}

export class CapacityEvaluator {
  private readonly done = new Map<string, Evaluation>();
  private readonly known: Map<string, RecordedEvaluation>;
  private readonly better: boolean;
  private pool: ReturnType<typeof createRunPool> | undefined;

  constructor(
    private readonly experiment: Experiment,
    private readonly spec: ForecastSpec,
    private readonly options: EvaluatorOptions,
  ) {
    this.known = new Map((options.known ?? []).map((e) => [idOf(e.growth, e.capacities, e.fresh === true), e]));
    this.better = lowerIsBetter(spec.objective.metric);
  }

  /** How many distinct evaluations were made or taken from a previous attempt. */
  get count(): number {
    return this.done.size;
  }

  async evaluate(growth: number, capacities: Record<string, number>, fresh = false): Promise<Evaluation> {
    const id = idOf(growth, capacities, fresh);
    const done = this.done.get(id);
    if (done) return done;
    const { experiment, spec, options } = this;
    const base = experiment.scenarios[0]?.scenario as Scenario;
    const scenario: Scenario = structuredClone(base);
    scenario.workload.growth = base.workload.growth * growth;
    for (const [p, c] of Object.entries(capacities)) (scenario.platform.pools[p] as { capacity: number }).capacity = c;
    const identity = scenarioIdentity(scenario, experiment.baseDir, experiment.inputs);
    const vr = varianceReductionSettings(experiment.varianceReduction);
    const first = fresh ? spec.replications : 0;
    const specs: RunSpec[] = Array.from({ length: spec.replications }, (_, i) => {
      const r = first + i;
      return {
        runId: runIdOf(0, r), key: runKey(identity, { seed: experiment.seed, replication: r, eventBudget: experiment.limits.events, ...vr }), scenarioIndex: 0, replication: r,
        seed: experiment.seed, scenario, baseDir: experiment.baseDir, eventBudget: experiment.limits.events, runSeconds: experiment.limits.runSeconds, ...vr,
      };
    });
    const keys = specs.map((s) => s.key);
    const recorded = this.known.get(id);
    if (recorded && recorded.keys.length === keys.length && recorded.keys.every((k, i) => k === keys[i])) {
      const { growth: _g, keys: _k, fresh: _f, ...evaluation } = recorded;
      this.done.set(id, evaluation);
      return evaluation;
    }
    if (options.signal?.aborted) throw new Interrupted();
    const stored = specs.map((s) => options.cache?.get(s));
    const toRun = specs.filter((_, i) => stored[i] === undefined);
    let ran: (RunResult | Overran)[] = [];
    if (toRun.length > 0) {
      this.pool ??= createRunPool(Math.min(options.workers, spec.replications));
      const running = this.pool;
      try {
        ran = await Promise.all(toRun.map((s) => runLimited(running, s, { runSeconds: s.runSeconds ?? Infinity, ...(options.signal ? { signal: options.signal } : {}) })));
      } catch (error) {
        if (options.signal?.aborted) throw new Interrupted();
        throw error;
      }
      for (const outcome of ran) if (outcome.status !== 'overran') options.cache?.put(outcome, {});
    }
    let next = 0;
    const outcomes = stored.map((s) => s ?? (ran[next++] as RunResult | Overran));
    const overran = outcomes.find((o) => o.status === 'overran');
    if (overran) throw new Interrupted(`run ${overran.runId} of growth ${growth} took longer than limits.runSeconds (${overran.seconds} s)`);
    const results = outcomes as RunResult[];
    const failed = results.find((r) => r.status === 'failed');
    if (failed?.status === 'failed') throw new RunsFailedError(`a forecast run failed (growth ${growth}, ${JSON.stringify(capacities)}, replication ${failed.replication}): ${failed.error.split('\n')[0]}`, 'every finished evaluation is kept: fix the policy and run the forecast again with --resume on the folder');
    const ok = results.filter((r): r is Extract<RunResult, { status: 'ok' }> => r.status === 'ok');
    const vrOn = experiment.varianceReduction;
    const interval = vrOn ? withoutExtras(metricInterval(ok, 0, spec.objective.metric, experiment.confidence, vrOn)) : confidenceInterval(ok.map((r) => r.metrics[spec.objective.metric] ?? NaN), experiment.confidence);
    const bound = this.better ? interval.high : interval.low;
    const counts = new Map<string, number>();
    for (const r of ok) counts.set(r.bottleneck, (counts.get(r.bottleneck) ?? 0) + 1);
    const bottleneck = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'none';
    const evaluation: Evaluation = { capacities: { ...capacities }, interval, meets: this.better ? bound <= spec.objective.max : bound >= spec.objective.max, bottleneck };
    this.done.set(id, evaluation);
    options.onEvaluation?.({ growth, ...evaluation, keys, ...(fresh ? { fresh: true } : {}) });
    return evaluation;
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
  }
}

function idOf(growth: number, capacities: Record<string, number>, fresh: boolean): string {
  return JSON.stringify([growth, capacities, fresh]);
}
