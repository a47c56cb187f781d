/**
 * The records every layer shares: what a run reports (metrics, distributions, series, task
 * events) and the run record written for it. Plain data, no imports: the model produces them,
 * the runner moves them, statistics, output and reports read them. Times are seconds.
 */

/** Flat metric name → value map of one run; names are stable and documented in docs/reference.md (Metrics). */
export type MetricMap = Record<string, number>;

/** A histogram coarsened to one bin per power of two (see `LogHistogram.powersOfTwo`). */
export interface PowerOfTwoCounts {
  zeros: number;
  minExponent: number;
  counts: number[];
}

/** Per-run distributions for charts: pipeline waits by power of two, arrivals by hour of week, per-node utilisation. */
export interface RunDistributions {
  pipelineWait: PowerOfTwoCounts;
  /** Measured arrivals per hour of the week, Monday 00:00 first (168 counts). */
  arrivalsByHourOfWeek: number[];
  /** Per pool, its mean queue length in each of 16 equal segments of the measured horizon (absent in records older than it). */
  queueCheckpoints?: Record<string, number[]>;
  /** Per pool with nodes, each node's utilisation by its label (`<type>-<k>`), in the configuration's order. */
  nodeUtilisation?: Record<string, Record<string, number>>;
}

/**
 * A run's series, or a stretch of it: sample i covers [(first + i)·interval, (first + i + 1)·interval)
 * of simulated time.
 */
export interface RunSeries {
  interval: number;
  /** Index of the first sample (0 unless the run's earlier samples were handed out as chunks). */
  first: number;
  pools: string[];
  /** Per pool, one value per interval. */
  utilisation: number[][];
  queue: number[][];
  arrivals: number[];
  inFlight: number[];
  networkBytes: number[];
  completed: number[];
  /** Mean wait of the pipelines completed in the interval (NaN when none). */
  waitMean: number[];
}

/** One finished task, as an event trace records it (times in simulated seconds). */
export interface TaskRecord {
  pipelineArrivedAt: number;
  readyAt: number;
  startedAt: number;
  endedAt: number;
  pool: string;
  kind: string;
  units: number;
  tenant: string;
  framework: string;
  /** Measured: it arrived after the warm-up. */
  measured: boolean;
}

/** What every run record carries, whatever its outcome. */
export interface RunCoordinates {
  /** Stable id, `s<scenario>-r<replication>`; aggregates sort by (scenario, replication). */
  runId: string;
  /** The run's identity: a digest of everything that determines its result (experiment/run-identity.ts). */
  key: string;
  scenarioIndex: number;
  replication: number;
  /** The experiment seed; streams are seeded from (seed, replication, stream name). */
  seed: number;
}

/** A run's outcome: its metrics, or the error that stopped it. */
export type RunResult = RunCoordinates & {
  /** Wall-clock seconds the run took (informational; never aggregated). */
  wallSeconds: number;
} & (
  | {
    status: 'ok'; metrics: MetricMap; bottleneck: string; distributions: RunDistributions; events: number;
    /** Control variates (expectation 0), with `varianceReduction.controlVariates` only. */
    controls?: Record<string, number>;
    /** Recorded outputs, written to their own files (never to runs.jsonl). */
    series?: RunSeries; taskEvents?: TaskRecord[];
    /** Number of the first of `taskEvents` in the run (the earlier ones streamed out in chunks). */
    firstEvent?: number;
  }
  | { status: 'failed'; error: string }
);

/** Builds the stable run id. */
export function runIdOf(scenarioIndex: number, replication: number): string {
  return `s${scenarioIndex}-r${replication}`;
}

/** Rows of a trace left out (or a field of them unknown) for one reason: how many, and the first few line numbers. */
export interface RowsByReason {
  reason: string;
  count: number;
  lines: number[];
}

/** What a replay of a trace file runs and leaves out: printed by `run`, kept in run.json. */
export interface ReplayNote {
  trace: string;
  /** Rows of the file, arrivals among them (a usable submission time), and arrivals replayed. */
  rows: number;
  arrivals: number;
  replayed: number;
  /** Rows without a usable submission time. */
  skipped: RowsByReason[];
  /** Arrivals that cannot be replayed as recorded. */
  notReplayed: RowsByReason[];
}

/** An experiment's `varianceReduction:` (stats/controls.ts applies it to every interval). */
export interface VarianceReduction {
  controlVariates: boolean;
  antithetic: boolean;
}
