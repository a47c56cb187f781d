/**
 * The schema of an experiment file: what each field means, its unit and its default. Parsing
 * with it turns YAML into a resolved Scenario (plain data, numbers in seconds and bytes).
 * Unknown fields are errors. `experiments/annotated.yaml` documents every field for users.
 */
import { z } from 'zod';
import { quantity } from './units.js';
import type { DistributionSpec } from '../random/index.js';
import { distributionSchema, momentsOf } from './distributions.js';
import { compareSchema } from './compare.js';
import { forecastSchema } from './forecast.js';
import { dispatch, isMapping } from './dispatch.js';
import { parseTimestamp } from '../trace/read.js';

import { RESERVED_NAMES } from '../core/names.js';
import { duration, name, positiveInt } from './fields.js';
import { failures, pool } from './resources.js';

export { RESERVED_NAMES };
const weight = z.number({ error: 'expected a weight (a number ≥ 0)' }).gte(0, { error: 'expected a weight ≥ 0' });

/** A mix of named categories with weights: `{ tensorflow: 0.4, pytorch: 0.6 }`. */
const mix = z.record(name, weight).refine((m) => Object.values(m).some((w) => w > 0), {
  error: 'expected at least one category with a positive weight',
});

const network = z.strictObject({
  bandwidth: quantity('bandwidth').pipe(z.number().gt(0, { error: 'expected a bandwidth > 0' })),
});

const tenant = z.strictObject({
  weight: weight.default(1),
  /** Higher runs first under the `priority` scheduler. */
  priority: z.number().default(0),
  /**
   * The tenant's own mix of structures (by weight; absent ones weigh 0), e.g. a team that
   * runs only CPU jobs. Without it the tenant draws from the structures' weights.
   */
  structures: z.record(name, weight).optional(),
});

const HOURS = 24;
const DAYS = 7;
const profileVector = (n: number, what: string) =>
  z.array(z.number().gte(0, { error: 'expected a multiplier ≥ 0' })).length(n, { error: `expected ${n} multipliers (one per ${what})` });
/** A profile whose multipliers are all 0 would never let an arrival happen. */
const somePositive = (vector: readonly number[]) => vector.some((m) => m > 0);
const ALL_ZERO = 'expected at least one multiplier > 0 (with all at 0 no pipeline would ever arrive)';

/** Hour-of-day × weekday rate multipliers; a preset name or explicit vectors (multiplied). */
const profile = z.union([
  z.enum(['flat', 'business-hours']),
  z.strictObject({
    hourly: profileVector(HOURS, 'hour, 0-23').refine(somePositive, { error: ALL_ZERO }).optional(),
    weekday: profileVector(DAYS, 'day, Monday first').refine(somePositive, { error: ALL_ZERO }).optional(),
  }),
  z.strictObject({
    matrix: z.array(profileVector(HOURS, 'hour, 0-23')).length(DAYS, { error: 'expected 7 rows (Monday first) of 24 multipliers' })
      .refine((rows) => rows.some(somePositive), { error: ALL_ZERO }),
  }),
], { error: "expected 'flat', 'business-hours', { hourly: [24], weekday: [7] } or { matrix: 7 × 24 }" });

const assets = z.strictObject({
  size: distributionSchema('size'),
  instances: distributionSchema('count').default({ dist: 'constant', value: 100000 }),
  dimensions: distributionSchema('count').default({ dist: 'constant', value: 100 }),
});

const structureTask = z.strictObject({
  kind: name,
  after: z.array(name).default([]),
  /** Parallel copies of this task (e.g. a hyper-parameter search); successors wait for all. */
  fanOut: positiveInt.gte(1, { error: 'expected an integer ≥ 1' }).default(1),
});

const structure = z.strictObject({
  weight: weight.default(1),
  tasks: z.record(name, structureTask).refine((t) => Object.keys(t).length > 0, { error: 'expected at least one task' }),
});

/** A recorded trace replayed as the workload: each row is one single-task pipeline. */
const replay = z.strictObject({
  /** CSV or JSONL file, relative to the experiment file. */
  trace: z.string().min(1, { error: 'expected a file name' }),
  /** Trace column per field (submit, duration, units, tenant, ...); the rest by common names. */
  columns: z.record(z.string(), z.string()).default({}),
  /** The task kind recorded jobs run as: its pool; duration and units come from the trace. */
  kind: name.default('job'),
  /**
   * Each submission moves later by a uniform offset in [0, jitter), drawn per replication: a
   * trace recorded to the second is ambiguous within the second, and this is what varies.
   */
  jitter: duration.default(1),
  /** Copies made by growth > 1 are placed uniformly within ± this of their original. */
  copySpread: duration.default(3600),
  /** How numbers in the trace's time columns count (s, ms, us, ns); by default their magnitude tells. */
  timeUnit: z.enum(['s', 'ms', 'us', 'ns']).optional(),
  /**
   * Block bootstrap of the trace, per replication: its span is cut into blocks (e.g. 1d or 7d)
   * and each replication strings together as many blocks drawn with replacement, so that the
   * replications vary which days were recorded, not only the order of ties.
   */
  resample: z.strictObject({
    block: duration.pipe(z.number().gt(0, { error: 'expected a block length > 0, e.g. 1d or 7d' })),
  }).optional(),
});

const workload = z.strictObject({
  /** Synthetic arrivals (optional when a trace is replayed; both superpose when given). */
  interarrival: distributionSchema('duration')
    .refine((spec) => (momentsOf(spec)?.mean ?? 0) > 0, { error: 'expected a mean interarrival time > 0 (at 0, arrivals would never stop)' }).optional(),
  replay: replay.optional(),
  profile: profile.default('flat'),
  growth: z.number({ error: 'expected a number > 0' }).gt(0, { error: 'expected a growth factor > 0' }).default(1),
  tenants: z.record(name, tenant).refine((t) => Object.values(t).some((x) => x.weight > 0), { error: 'expected at least one tenant with a weight > 0' })
    .default({ default: { weight: 1, priority: 0 } }),
  frameworks: mix.default({ generic: 1 }),
  modelTypes: mix.default({ generic: 1 }),
  predictionTypes: mix.default({ classification: 1 }),
  assets: assets.default({
    size: { dist: 'constant', value: 0 },
    instances: { dist: 'constant', value: 100000 },
    dimensions: { dist: 'constant', value: 100 },
  }),
  modelSize: distributionSchema('size').default({ dist: 'constant', value: 0 }),
  structures: z.record(name, structure).refine((t) => Object.keys(t).length === 0 || Object.values(t).some((x) => x.weight > 0), { error: 'expected at least one structure with a weight > 0' })
    .default({}),
});

/** Duration of a task: a distribution, or a model that depends on the pipeline. */
const sizeLinear = z.strictObject({
  model: z.literal('size-linear'),
  base: duration,
  perGB: duration,
  /** Multiplicative noise with mean 1, e.g. { dist: lognormal, mean: 1, cv: 0.3 }. */
  noise: distributionSchema('count').default({ dist: 'constant', value: 1 }),
});

const stratified = z.strictObject({
  model: z.literal('stratified'),
  /** Ascending asset-size boundaries; n boundaries make n + 1 buckets. */
  sizeBuckets: z.array(quantity('size')).default([]),
  /** Per framework, one distribution per size bucket; `default` covers the rest. */
  byFramework: z.record(name, z.array(distributionSchema('duration')).min(1)),
});

const byTenant = z.strictObject({
  model: z.literal('by-tenant'),
  /**
   * Ascending units boundaries; n boundaries make n + 1 buckets (units ≤ b1, ≤ b2, ..., more),
   * because jobs on more GPUs tend to run longer, and their product is the load.
   */
  unitsBuckets: z.array(positiveInt.gte(1, { error: 'expected an integer ≥ 1' })).default([]),
  /** Per tenant, one distribution per units bucket; `default` covers the rest. */
  byTenant: z.record(name, z.array(distributionSchema('duration')).min(1)),
});

export type DurationModelSpec =
  | DistributionSpec
  | z.output<typeof sizeLinear>
  | z.output<typeof stratified>
  | z.output<typeof byTenant>;

const DURATION_MODELS: Record<string, z.ZodType<DurationModelSpec, unknown>> = { 'size-linear': sizeLinear, stratified, 'by-tenant': byTenant };
const durationModel = dispatch<DurationModelSpec>((input) => {
  if (!isMapping(input) || !('model' in input)) return distributionSchema('duration');
  return typeof input.model === 'string' && Object.hasOwn(DURATION_MODELS, input.model) ? DURATION_MODELS[input.model] : undefined;
}, 'expected model to be size-linear, stratified or by-tenant (or give a distribution with dist:)', 'model');

const poolChoice = z.union([name, z.strictObject({ byFramework: z.record(name, name) })], {
  error: 'expected a pool name or { byFramework: { <framework>: <pool>, default: <pool> } }',
});

/** Units a task needs: one distribution, or one per tenant (`default` covers the rest). */
const unitsByTenant = z.strictObject({ byTenant: z.record(name, distributionSchema('count')) });
export type UnitsSpec = DistributionSpec | z.output<typeof unitsByTenant>;
const units = dispatch<UnitsSpec>(
  (input) => (isMapping(input) && 'byTenant' in input ? unitsByTenant : distributionSchema('count')),
  'expected a units distribution or { byTenant: { <tenant>: <distribution>, default: <distribution> } }',
);

const taskKind = z.strictObject({
  pool: poolChoice,
  units: units.default({ dist: 'constant', value: 1 }),
  /** Required unless the kind only runs replayed jobs, whose durations the trace gives. */
  duration: durationModel.optional(),
  /** What the task moves from the data store before computing. */
  reads: z.enum(['none', 'asset', 'model']).default('none'),
  /** Whether it writes the model artifact back after computing. */
  writes: z.enum(['none', 'model']).default('none'),
  /** Multiplies the model's size when this task writes it (e.g. compression: 0.25). */
  modelSizeFactor: z.number().gt(0).default(1),
});

const fallback = z.strictObject({
  from: name,
  to: name,
  after: duration,
  /** The task's duration is multiplied by this on the fallback pool. */
  slowdown: z.number().gt(0, { error: 'expected a factor > 0' }).default(1),
});

/** How a preempted task goes on (by a preemptive scheduler, or a quota reclaiming its units). */
const preemption = z.strictObject({
  /** resume: it keeps the work done (checkpointed); restart: it starts again from scratch. Default resume. */
  mode: z.enum(['resume', 'restart']).optional(),
  /** Checkpoint and restore time added to the task each time it starts again after a preemption. Default 0. */
  overhead: duration.optional(),
});

const policy = z.strictObject({
  /** fifo, sjf, priority, fair-share, srtf, las, preemptive-priority, or a path to a module (./policies/x.ts). */
  scheduler: z.string().min(1).default('fifo'),
  /** Tasks still queued in `from` after `after` move to `to` (GPU, falling back to CPU). */
  fallback: fallback.optional(),
  preemption: preemption.optional(),
  /** `srtf`: order by the recorded (drawn or replayed) durations, or by the duration model's expectation. Default recorded. */
  srtf: z.strictObject({ durations: z.enum(['recorded', 'expected']).optional() }).optional(),
  /**
   * `las` (Tiresias' discretised least attained service): a task's queue is the number of
   * `thresholds` its attained service has passed; lower queues first, FIFO within a queue.
   * `service: unit-time` counts units × time (2D-LAS). Defaults: thresholds [1h, 10h], time.
   */
  las: z.strictObject({
    thresholds: z.array(duration).min(1, { error: 'expected at least one threshold' }).optional(),
    service: z.enum(['time', 'unit-time']).optional(),
  }).optional(),
});

/** Deployed models: quality at deployment, drift, monitoring and retraining (off when absent). */
const quality = z.strictObject({
  /** Distinct applications, each with one deployed model; pipelines pick one uniformly. */
  applications: positiveInt.gte(1, { error: 'expected an integer ≥ 1' }),
  /** Quality (0-1) of a freshly trained model, before the adjustments below. */
  initial: distributionSchema('count'),
  /** Added to the initial quality per model type. */
  byModelType: z.record(name, z.number()).default({}),
  /** Added per decade of data size in GB: quality + perDecadeOfData x log10(1 + GB). */
  perDecadeOfData: z.number().default(0),
  /** Subtracted when the pipeline compresses its model (a task writes it with modelSizeFactor < 1). */
  compressionCost: z.number().gte(0).default(0),
  drift: z.strictObject({
    /** Gradual decay, quality units per day. */
    ratePerDay: z.number().gte(0, { error: 'expected a rate ≥ 0' }),
    /** Sudden drift: per application, events every `every` on average (exponential), each dropping quality by `drop`. */
    sudden: z.strictObject({ every: quantity('duration').pipe(z.number().gt(0)), drop: distributionSchema('count') }).optional(),
  }),
  monitoring: z.strictObject({
    /** How often deployed models are checked; 0 means continuously (a trigger at the crossing instant). */
    interval: duration,
    threshold: z.number().gte(0).lte(1, { error: 'expected a quality threshold in [0, 1]' }),
    /** Standard deviation of the measurement noise on each periodic check. */
    noise: z.number().gte(0).default(0),
  }),
  /** The structure that retraining pipelines run. */
  retraining: z.strictObject({ structure: name }),
});

const price = z.number().gte(0, { error: 'expected a price ≥ 0' });

/**
 * What the platform costs and what its shortfalls cost, in one currency (`model/costs.ts`):
 * per pool, a price per provisioned unit-hour and per busy unit-hour (energy); a penalty per
 * pipeline whose wait exceeds `sla.wait`; a price per model-day below the quality threshold.
 */
const cost = z.strictObject({
  pools: z.record(name, z.strictObject({ unitHour: price.default(0), busyUnitHour: price.default(0) })).default({}),
  sla: z.strictObject({ wait: duration, penalty: price }).optional(),
  staleness: z.strictObject({ perModelDay: price }).optional(),
});

/** Everything one simulation run needs, as written in YAML (before defaults). */
export const scenarioShape = z.strictObject({
  /** Simulated time measured after warm-up. */
  horizon: duration.pipe(z.number().gt(0, { error: 'expected a horizon > 0' })).default(365 * 86400),
  /** Simulated time discarded before measuring. */
  warmup: duration.default(7 * 86400),
  platform: z.strictObject({
    pools: z.record(name, pool).refine((p) => Object.keys(p).length > 0, { error: 'expected at least one pool' }),
    network: network.optional(),
  }),
  workload,
  tasks: z.record(name, taskKind),
  policy: policy.default({ scheduler: 'fifo' }),
  quality: quality.optional(),
  cost: cost.optional(),
  failures: failures.optional(),
});

/** A resolved scenario: every default filled, every quantity in seconds / bytes. */
export type Scenario = z.output<typeof scenarioShape>;
export type TaskKindSpec = Scenario['tasks'][string];
export type CostSpec = NonNullable<Scenario['cost']>;
export type FailuresSpec = NonNullable<Scenario['failures']>;
export type PoolSpec = Scenario['platform']['pools'][string];
export type NodeTypeSpec = NonNullable<PoolSpec['nodes']>[number];
export type ProfileSpec = Scenario['workload']['profile'];

/** Which replications record an output: 'all', or a list of replication indices. */
const replicationSelection = z.union([z.literal('all'), z.array(z.number().int().gte(0)).min(1)], {
  error: "expected 'all' or a list of replication numbers, e.g. [0]",
}).default([0]);

/** Fields of an experiment file that are not part of a scenario. */
export const experimentMetaSchema = z.strictObject({
  name: name.optional(),
  description: z.string().optional(),
  /**
   * Folder against which relative paths (policy modules, traces) resolve; default: the file's
   * own folder. experiment.resolved.yaml records it, so a results folder re-runs from anywhere.
   */
  baseDir: z.string().min(1).optional(),
  seed: z.number().int().gte(0, { error: 'expected an integer ≥ 0' }).default(1),
  replications: z.unknown().optional(),
  confidence: z.number().gt(0).lt(1, { error: 'expected a level in (0, 1), e.g. 0.95' }).default(0.95),
  grid: z.unknown().optional(),
  /**
   * Simulated time 0 as a date, for time-series and InfluxDB timestamps (a Monday 00:00 keeps
   * weekdays aligned). `now`: the Monday 00:00 UTC that ends the longest scenario at the
   * present or just before, so its points fall within a server's retention; resolved once, when
   * the experiment is read, and recorded as a date in experiment.resolved.yaml and run.json.
   */
  start: z.string().refine((v) => v === 'now' || Number.isFinite(parseTimestamp(v)), { error: 'expected a date, e.g. 2024-01-01 or 2024-01-01T00:00:00Z, or now' }).default('2024-01-01T00:00:00Z'),
  /**
   * Variance reduction beyond common random numbers (off by default): control variates (the
   * run's arrivals, offered work and backlog of excess work per pool, each of expectation 0)
   * for waits, latencies, utilisations and queues; antithetic replications (pairs, the second on mirrored streams,
   * every draw by inversion). Both feed every interval: summaries, comparisons, the forecast
   * and the sequential rule. See docs/statistics.md.
   */
  varianceReduction: z.strictObject({
    controlVariates: z.boolean().default(false),
    antithetic: z.boolean().default(false),
  }).optional(),
  /** The trade-off metrics of a sweep: summary.json and the report mark the scenarios no other beats on all of them. */
  pareto: z.strictObject({ metrics: z.array(z.string().min(1)).min(2, { error: 'expected at least 2 metrics to trade off' }) }).optional(),
  /** Per-run time series (default: on, hourly, for an experiment of one run; else off). */
  timeseries: z.union([z.literal(false), z.strictObject({
    interval: quantity('duration').pipe(z.number().gt(0, { error: 'expected an interval > 0' })).default(3600),
    replications: replicationSelection,
  })]).optional(),
  /** Per-task event traces (default: off). */
  events: z.strictObject({
    replications: replicationSelection,
    /** Share of tasks recorded (sampled per task). */
    sample: z.number().gt(0).lte(1, { error: 'expected a share in (0, 1]' }).default(1),
  }).optional(),
  /**
   * Per-run limits that keep one runaway run from holding a sweep. `events` is deterministic (a
   * run past it fails the same way everywhere); `runSeconds` is wall-clock (a run past it is
   * stopped, not recorded, and runs again on --resume).
   */
  limits: z.strictObject({
    /** About 750 simulated years of the reference platform (experiments/baseline.yaml: 1.3 M events a year). */
    events: z.number().int().gte(1, { error: 'expected a whole number of events ≥ 1' }).default(1_000_000_000),
    runSeconds: quantity('duration', true).pipe(z.number().gt(0, { error: 'expected a wall-clock time > 0, e.g. 30m, or .inf for none' })).default(3600),
  }).default({ events: 1_000_000_000, runSeconds: 3600 }),
  /** Where runs write to InfluxDB (also --influx-url and INFLUX_URL / INFLUX_ORG / INFLUX_BUCKET). */
  influx: z.strictObject({
    url: z.string().optional(),
    org: z.string().optional(),
    bucket: z.string().optional(),
    token: z.never({ error: 'a token is read from the INFLUX_TOKEN environment variable only, never from a file' }).optional(),
  }).optional(),
  /** Capacity forecast for `pipesim forecast` (see config/forecast.ts). */
  forecast: forecastSchema.optional(),
  /** Paired comparisons against a baseline scenario, written with the results. */
  compare: compareSchema.optional(),
});

/** Top-level keys that belong to the scenario rather than to the experiment. */
export const SCENARIO_KEYS = Object.keys(scenarioShape.shape);
