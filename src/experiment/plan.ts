/**
 * Which runs to do, in what order: a fixed number of replications per scenario (dispatched
 * replication by replication, so early results already span every scenario), or a
 * sequential rule that adds batches of replications to a scenario until the confidence
 * interval of the target metric is narrow enough, or `compare.select`'s selection procedure,
 * which adds replications one at a time to the scenarios still in contention. Decisions are
 * taken only on complete prefixes of replications 0..n−1, so they do not depend on which worker
 * finished first.
 */
import type { Precision } from '../output/documents.js';
import { selects, type Experiment } from '../config/load.js';
import { confidenceInterval, relativeHalfWidth } from '../stats/confidence.js';
import { metricInterval } from '../stats/controls.js';
import { runIdOf, type RunResult } from '../core/records.js';
import { type RunSpec, varianceReductionSettings } from './run-spec.js';
import { runKey, scenarioIdentity } from './run-identity.js';
import { selectionState } from './selection.js';

export class ReplicationDriver {
  /** Replications wanted per scenario so far. */
  private readonly target: number[];
  /** Next replication to hand out per scenario. */
  private readonly issued: number[];
  private readonly stopped: boolean[];
  private readonly results = new Map<string, RunResult>();
  /** Position in the replication-major scan of (replication, scenario) pairs. */
  private cursor = 0;
  private maxTarget: number;
  /** Results recorded for runs inside the current plan. */
  private donePlanned = 0;
  /** Each scenario's part of its runs' identity, computed when first needed. */
  private readonly identities: (string | undefined)[];
  /** Records given at construction that are not runs of this experiment (another seed, scenario, model or input). */
  readonly foreign: RunResult[] = [];
  /** Where stored results come from instead of runs (experiment/run-cache.ts), and who records them. */
  private store: { lookup: (spec: RunSpec) => RunResult | undefined; onServed: (result: RunResult) => void } | undefined;

  /**
   * `only` restricts a fixed plan to these run ids (one shard of a sweep); results for other
   * runs (from other shards) are still recorded and aggregated.
   */
  constructor(private readonly experiment: Experiment, private readonly baseDir: string, done: Iterable<RunResult> = [], private readonly only?: ReadonlySet<string>) {
    const plan = experiment.replications;
    const initial = plan.mode === 'fixed' ? plan.count : plan.min;
    this.target = experiment.scenarios.map(() => initial);
    this.issued = experiment.scenarios.map(() => 0);
    this.stopped = experiment.scenarios.map(() => plan.mode === 'fixed' && !experiment.select);
    this.maxTarget = initial;
    this.identities = experiment.scenarios.map(() => undefined);
    for (const r of done) {
      if (!this.belongs(r)) {
        this.foreign.push(r);
        continue;
      }
      if (this.results.has(r.runId)) continue;
      this.results.set(r.runId, r);
      if (r.replication < initial && r.scenarioIndex < this.target.length && this.inPlan(r.runId)) this.donePlanned++;
    }
    for (let s = 0; s < this.target.length; s++) this.review(s);
    this.reviewSelection();
  }

  /** Runs with a result so far (including those given at construction). */
  get completed(): number {
    return this.donePlanned;
  }

  /** The most runs the plan can come to: all of a fixed plan, every scenario at `max` for a sequential one. */
  get maxRuns(): number {
    const plan = this.experiment.replications;
    if (this.only) return this.only.size;
    if (this.experiment.select) return this.experiment.select.max * this.target.length;
    return plan.mode === 'fixed' ? this.planned : plan.max * this.target.length;
  }

  /** Runs planned so far; grows under the sequential rule. */
  get planned(): number {
    return this.only ? this.only.size : this.target.reduce((a, b) => a + b, 0);
  }

  private inPlan(runId: string): boolean {
    return this.only === undefined || this.only.has(runId);
  }

  /** True when every planned run has a result and no scenario wants more. */
  get finished(): boolean {
    return this.donePlanned >= this.planned && this.stopped.every(Boolean);
  }

  /** Every result recorded, in no particular order. */
  allResults(): RunResult[] {
    return [...this.results.values()];
  }

  /** Whether `record` is a run of this experiment: a planned scenario and replication, with its identity key. */
  belongs(record: RunResult): boolean {
    const s = record.scenarioIndex;
    const plan = this.experiment.replications;
    const replications = this.experiment.select ? this.experiment.select.max : plan.mode === 'fixed' ? plan.count : plan.max;
    return Number.isInteger(s) && s >= 0 && s < this.experiment.scenarios.length
      && Number.isInteger(record.replication) && record.replication >= 0 && record.replication < replications
      && record.runId === runIdOf(s, record.replication) && record.seed === this.experiment.seed && record.key === this.specOf(s, record.replication).key;
  }

  /** What a worker needs for replication r of scenario s. */
  specOf(s: number, r: number): RunSpec {
    const entry = this.experiment.scenarios[s] as Experiment['scenarios'][number];
    const { timeseries, events, seed, inputs, limits } = this.experiment;
    const run = {
      seed, replication: r, eventBudget: limits.events, ...varianceReductionSettings(this.experiment.varianceReduction),
      ...(timeseries && selects(timeseries.replications, r) ? { seriesInterval: timeseries.interval } : {}),
      ...(events && selects(events.replications, r) ? { eventSample: events.sample } : {}),
    };
    const identity = (this.identities[s] ??= scenarioIdentity(entry.scenario, this.baseDir, inputs));
    return { runId: runIdOf(s, r), key: runKey(identity, run), scenarioIndex: s, scenario: entry.scenario, baseDir: this.baseDir, ...run, runSeconds: limits.runSeconds };
  }

  /**
   * Runs whose result `lookup` has (a cache) are not handed out: `onServed` gets the stored
   * result instead, and must `record` it.
   */
  serveFrom(lookup: (spec: RunSpec) => RunResult | undefined, onServed: (result: RunResult) => void): void {
    this.store = { lookup, onServed };
  }

  /** The next run to dispatch, or undefined if none can start until results come back. */
  next(): RunSpec | undefined {
    const scenarios = this.experiment.scenarios;
    const count = scenarios.length;
    while (this.cursor < this.maxTarget * count) {
      const r = Math.floor(this.cursor / count);
      const s = this.cursor % count;
      this.cursor++;
      if (r !== this.issued[s] || r >= (this.target[s] as number)) continue;
      this.issued[s] = r + 1;
      const runId = runIdOf(s, r);
      if (this.results.has(runId) || !this.inPlan(runId)) continue;
      const spec = this.specOf(s, r);
      const stored = this.store?.lookup(spec);
      if (stored) {
        this.store?.onServed(stored);
        continue;
      }
      return spec;
    }
    return undefined;
  }

  /** Records a finished run; may extend its scenario's plan under the sequential rule. */
  record(result: RunResult): void {
    if (this.results.has(result.runId)) return;
    this.results.set(result.runId, result);
    if (result.replication < (this.target[result.scenarioIndex] as number) && this.inPlan(result.runId)) this.donePlanned++;
    this.review(result.scenarioIndex);
    this.reviewSelection();
  }

  /** The sequential rule's state per scenario (empty for a fixed plan). */
  precision(): Precision[] {
    const plan = this.experiment.replications;
    if (plan.mode !== 'sequential') return [];
    return this.target.map((n, s) => {
      const rel = this.relativeHalfWidthOf(s, n);
      return { scenarioIndex: s, replications: n, relativeHalfWidth: rel, reached: rel <= plan.relativeHalfWidth };
    });
  }

  private relativeHalfWidthOf(s: number, n: number): number {
    const plan = this.experiment.replications;
    if (plan.mode !== 'sequential') return NaN;
    const values: number[] = [];
    const runs: RunResult[] = [];
    for (let r = 0; r < n; r++) {
      const res = this.results.get(runIdOf(s, r));
      if (res?.status === 'ok') {
        values.push(res.metrics[plan.metric] ?? NaN);
        runs.push(res);
      }
    }
    const vr = this.experiment.varianceReduction;
    return relativeHalfWidth(vr ? metricInterval(runs, s, plan.metric, this.experiment.confidence, vr) : confidenceInterval(values, this.experiment.confidence));
  }

  /**
   * Under `compare.select`: once the replications the procedure asked for are in, give the
   * scenarios still in contention their next one, or stop every scenario when it has decided
   * (or cannot go on: a failed run, a missing metric; the summary says which).
   */
  private reviewSelection(): void {
    const select = this.experiment.select;
    if (!select || this.stopped.every(Boolean)) return;
    const state = selectionState(select, this.target.length, (id) => this.results.get(id));
    if (state.kind === 'waiting') return;
    if (state.kind === 'failed' || state.step.done) {
      this.stopped.fill(true);
      return;
    }
    const { round, need } = state.step;
    let grew = false;
    for (const s of need) {
      const n = this.target[s] as number;
      if (n >= round) continue;
      for (let r = n; r < round; r++) if (this.results.has(runIdOf(s, r))) this.donePlanned++;
      this.target[s] = round;
      this.maxTarget = Math.max(this.maxTarget, round);
      this.cursor = Math.min(this.cursor, n * this.experiment.scenarios.length + s);
      grew = true;
    }
    // Results already known (a resumed folder, the cache) may settle the new round at once.
    if (grew) this.reviewSelection();
  }

  /** Once replications 0..target−1 of scenario s are all in, stop it or add a batch. */
  private review(s: number): void {
    const plan = this.experiment.replications;
    if (plan.mode !== 'sequential' || this.stopped[s]) return;
    const n = this.target[s] as number;
    for (let r = 0; r < n; r++) if (!this.results.has(runIdOf(s, r))) return;
    if (this.relativeHalfWidthOf(s, n) <= plan.relativeHalfWidth || n >= plan.max) {
      this.stopped[s] = true;
      return;
    }
    const grown = Math.min(plan.max, n + plan.batch);
    for (let r = n; r < grown; r++) if (this.results.has(runIdOf(s, r))) this.donePlanned++;
    this.target[s] = grown;
    this.maxTarget = Math.max(this.maxTarget, grown);
    // The new runs sit behind the scan position; rewind to the first of them.
    this.cursor = Math.min(this.cursor, n * this.experiment.scenarios.length + s);
    // Results already known (from a resumed folder) may settle the new batch at once.
    this.review(s);
  }
}
