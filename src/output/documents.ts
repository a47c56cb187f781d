/**
 * The documents a results folder holds, as data: the summary (summary.json), the comparison
 * (comparison.json) and the capacity forecast (forecast.json, evaluations.jsonl). The experiment
 * layer builds them, output writes them, report renders them; none of them needs the others.
 */
import type { Comparison, Interval, RankEntry, ScenarioSummary } from '../stats/index.js';

/** Everything summary.json holds. */
export interface SummaryDocument {
  experiment: string;
  confidence: number;
  /** False while runs are missing (an interrupted sweep). */
  complete: boolean;
  runs: { planned: number; ok: number; failed: number };
  scenarios: ScenarioSummary[];
  precision?: Precision[];
  /** Each distinct error of the failed runs, once, with the runs it hit (absent when none failed). */
  failures?: Failure[];
  /** What to know before trusting the numbers: saturated pools, waits the horizon cut short (absent when none). */
  warnings?: string[];
  /** With variance reduction: how the intervals were computed and what it did (report/warnings.ts). */
  method?: string;
  /** With `pareto:`: the scenarios no other beats on every trade-off metric, by their means (stats/pareto.ts). */
  pareto?: { metrics: string[]; front: number[]; labels: string[] };
  /** With `compare.select:`: the scenario selected as the best, and the guarantee it carries (experiment/selection.ts). */
  selection?: SelectionReport;
}

/**
 * Kim–Nelson's selection of the best scenario. `selected`: the procedure ended with one left;
 * `capped`: `max` replications were reached with several left (the best mean is named, without
 * the guarantee); `incomplete`: the sweep stopped before it decided; `failed`: a run failed or
 * lacks the metric.
 */
export interface SelectionReport {
  metric: string;
  confidence: number;
  firstStage: number;
  max: number;
  /** As written: a share of the best first-stage mean, or an amount. */
  indifferenceGiven: string;
  /** δ in the metric's units. */
  indifference?: number;
  status: 'selected' | 'capped' | 'incomplete' | 'failed';
  selected?: string;
  selectedIndex?: number;
  /** Per scenario: the replications it received, its mean then, and the selected one's mean over those same replications. */
  scenarios?: { label: string; replications: number; mean: number; selectedMean: number }[];
  replications?: number;
  problem?: string;
}

/** One error message (its first line) and the runs that failed with it, in run order. */
export interface Failure {
  error: string;
  runs: string[];
}

/** Where a scenario's sequential rule stands. */
export interface Precision {
  scenarioIndex: number;
  replications: number;
  /** Relative half-width of the target metric's interval now. */
  relativeHalfWidth: number;
  /** True when the target was met; false when the scenario stopped at `max` without it. */
  reached: boolean;
}

/** A comparison with the labels people read. */
export type LabelledComparison = Comparison & { label: string; baselineLabel: string };

/** Scenarios ranked among those that share every grid value but the baseline's fields. */
export interface RankingGroup {
  /** The shared grid values ('all scenarios' when the baseline's fields are the whole grid). */
  group: string;
  entries: (RankEntry & { label: string })[];
}

export interface ComparisonReport {
  baseline: string;
  confidence: number;
  /** The smallest relative change that counts as better or worse. */
  minEffect: number;
  metrics: string[];
  comparisons: LabelledComparison[];
  rankBy: string;
  rankings: RankingGroup[];
}

/** One evaluated capacity assignment. */
export interface Evaluation {
  capacities: Record<string, number>;
  interval: Interval;
  meets: boolean;
  bottleneck: string;
}

/** An evaluation as recorded in evaluations.jsonl: with its growth factor and the identity keys of its runs. */
export interface RecordedEvaluation extends Evaluation {
  growth: number;
  keys: string[];
  /** On the fresh replications (the next `replications` numbers), for checks of an answer. */
  fresh?: true;
}

/** A platform with its price: Σ unitHour × capacity over the searched pools, per hour. */
export interface PricedAnswer {
  capacities: Record<string, number>;
  price: number;
}

/**
 * An answer re-checked on fresh replications: whether it still meets the objective, and for
 * each pool above the search's minimum, the same platform with one unit less there.
 */
export interface MinimalityCheck {
  fresh: Evaluation;
  removals: { pool: string; evaluation: Evaluation }[];
  /** The answer meets the objective on fresh replications and every removal misses it. */
  minimal: boolean;
}

/** The cheapest platform that meets the objective, found jointly over every searched pool. */
export interface CheapestAnswer extends PricedAnswer {
  runnerUp?: PricedAnswer;
  /** The pool-by-pool answer's price, and what the cheapest saves on it per hour. */
  poolByPoolPrice: number;
  saving: number;
  /** Evaluations the joint search added to the pool-by-pool one's. */
  evaluations: number;
  check: MinimalityCheck;
}

/** The answer for one growth factor. */
export interface ForecastStep {
  growth: number;
  /** Required capacity per searched pool; null where even `search.max` does not meet the objective. */
  capacities: Record<string, number | null>;
  /** The objective's metric at the answer, and the bottleneck there. */
  achieved?: Evaluation;
  /** The pool-by-pool answer re-checked on fresh replications. */
  check?: MinimalityCheck;
  /** With prices for every searched pool (`cost.pools.<pool>.unitHour`): the cheapest platform. */
  cheapest?: CheapestAnswer;
}

export interface ForecastReport {
  objective: { metric: string; max: number };
  confidence: number;
  replications: number;
  /** False when interrupted: `steps` holds the growth factors answered so far. */
  complete: boolean;
  /** Why it stopped early when not by an interrupt (a run past limits.runSeconds); resumable. */
  stoppedBy?: string;
  steps: ForecastStep[];
  /** Evaluations made by the searches: what they looked at. */
  evaluations: number;
  /** Evaluations on fresh replications that checked the answers. */
  checks?: number;
  /** The capacity each searched pool has in the experiment as written: today's platform. */
  today?: Record<string, number>;
}
