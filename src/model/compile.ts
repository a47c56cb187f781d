/**
 * The scenario compiled for the hot loop: task kinds with their pools, units and duration models,
 * category mixes, the named streams a source of pipelines draws from, and the workload as a
 * replayed trace extends it. Plain data and pure functions, built once per run (platform.ts).
 */
import type { Scenario, UnitsSpec } from '../config/schema.js';
import {
  createDistribution, cumulativeWeights, drawIndex, type Distribution, type DistributionSpec, type RandomStreams, type Rng,
} from '../random/index.js';
import { compileDurationModel, DurationDraws, type DurationModel } from './durations.js';
import { compileStructures, type CompiledStructure } from './pipelines.js';
import type { TenantInfo } from './policies/policy.js';
import type { ReplayArrivals, ScenarioInputs } from './replay.js';
import type { TraceTable } from '../trace/read.js';

export const READS_NONE = 0;
export const READS_ASSET = 1;
export const READS_MODEL = 2;

/** A task kind compiled for the hot loop. */
export interface CompiledKind {
  name: string;
  /** Pool index per framework index. */
  poolByFramework: Int32Array;
  /** Units distribution per tenant index. */
  units: Distribution[];
  duration: DurationModel;
  reads: number;
  writesModel: boolean;
  modelSizeFactor: number;
}

/** A mix of named categories compiled to cumulative weights. */
export interface Mix {
  names: string[];
  cumulative: Float64Array;
}

/** Draws a category index; a mix with one category consumes no random number. */
export function drawMix(mix: Mix, rng: Rng): number {
  return mix.names.length === 1 ? 0 : drawIndex(mix.cumulative, rng());
}

/**
 * The streams one source of pipelines draws from. Regular arrivals and retraining pipelines
 * each have their own, so retraining (whose amount depends on the schedule) never shifts
 * what regular pipelines draw.
 */
export interface PipelineStreams {
  structure: Rng;
  tenant: Rng;
  framework: Rng;
  modelType: Rng;
  predictionType: Rng;
  asset: Rng;
  model: Rng;
  application: Rng;
  units: Rng[];
  /** Per task kind. */
  duration: DurationDraws[];
}

export function pipelineStreams(streams: RandomStreams, prefix: string, kinds: readonly CompiledKind[]): PipelineStreams {
  const s = (name: string) => streams.stream(prefix + name);
  return {
    structure: s('pipeline.structure'), tenant: s('pipeline.tenant'), framework: s('pipeline.framework'),
    modelType: s('pipeline.modelType'), predictionType: s('pipeline.predictionType'), asset: s('asset'),
    model: s('model.size'), application: s('pipeline.application'),
    units: kinds.map((k) => s(`task.${k.name}.units`)), duration: kinds.map((k) => k.duration(s(`task.${k.name}.duration`))),
  };
}

/** A replayed trace compiled for the run: its arrivals and, per row, tenant and framework indices. */
export interface Replay {
  trace: TraceTable;
  arrivals: ReplayArrivals;
  structure: number;
  tenant: Int32Array;
  framework: Int32Array;
  hasUnits: boolean;
  hasSize: boolean;
}

/** A task kind's units distribution for each tenant. */
export function unitsPerTenant(spec: UnitsSpec, tenants: readonly string[]): Distribution[] {
  if (!('byTenant' in spec)) {
    const one = createDistribution(spec);
    return tenants.map(() => one);
  }
  // A replay's extra tenants (not in the model) take the default, or the first listed.
  const fallback = spec.byTenant.default ?? (Object.values(spec.byTenant)[0] as DistributionSpec);
  return tenants.map((t) => createDistribution(spec.byTenant[t] ?? fallback));
}

/** Name of the single-task structure replayed jobs run as (not a valid YAML name, so no clash). */
export const REPLAY_STRUCTURE = ':replay';

/** A kind without a duration runs only replayed jobs, whose durations come from the trace. */
export const RECORDED_DURATION: DurationModel = (rng) => DurationDraws.picked(() => {
  throw new Error('a task kind without a duration ran a synthetic job');
}, rng);

/**
 * The workload with the replayed trace's tenants (those the experiment does not list get
 * weight 1 and priority 0; the unused default tenant is dropped) and its job structure.
 */
export function withReplay(w: Scenario['workload'], trace: TraceTable): Scenario['workload'] {
  const replay = w.replay as NonNullable<Scenario['workload']['replay']>;
  const listed = { ...w.tenants };
  const onlyDefault = Object.keys(listed).length === 1 && 'default' in listed && !trace.tenantNames.includes('default');
  if (onlyDefault && w.interarrival === undefined) delete listed.default;
  for (const name of trace.tenantNames) listed[name] ??= { weight: 1, priority: 0 };
  return {
    ...w,
    tenants: listed,
    structures: { ...w.structures, [REPLAY_STRUCTURE]: { weight: 0, tasks: { [replay.kind]: { kind: replay.kind, after: [], fanOut: 1 } } } },
  };
}

/** The mixes a synthetic pipeline's static properties are drawn from. */
export interface PropertyMixes {
  /** Synthetic structures only: the replayed jobs' structure comes last and is never drawn. */
  structure: Mix;
  /** Per tenant: its own structure mix, or the same object as `structure` (one draw either way). */
  structureByTenant: Mix[];
  tenant: Mix;
  framework: Mix;
  modelType: Mix;
  predictionType: Mix;
}

/** The distributions of a pipeline's asset and model. */
export interface AssetLaws {
  size: Distribution;
  instances: Distribution;
  dimensions: Distribution;
  modelSize: Distribution;
}

/** A scenario compiled for one run: names resolved to indices, distributions built. */
export interface CompiledPlatform {
  /** The workload, with a replayed trace's tenants and job structure added. */
  workload: Scenario['workload'];
  poolNames: string[];
  capacity: Int32Array;
  tenants: TenantInfo[];
  mixes: PropertyMixes;
  laws: AssetLaws;
  kinds: CompiledKind[];
  structures: CompiledStructure[];
  /** Per structure: whether it compresses its model (costs quality). */
  compresses: boolean[];
  /** The most tasks a structure has: each pipeline's slot in the task table. */
  tasksPerPipeline: number;
  /** Pool indices of `policy.fallback`, if any. */
  fallback: { from: number; to: number; after: number; slowdown: number } | undefined;
}

export function compilePlatform(scenario: Scenario, inputs: ScenarioInputs): CompiledPlatform {
  let w = scenario.workload;
  if (w.replay) {
    if (!inputs.trace) throw new Error('the replay trace was not loaded (call loadScenarioInputs first)');
    w = withReplay(w, inputs.trace);
  }
  const poolNames = Object.keys(scenario.platform.pools);
  const poolIndex = new Map(poolNames.map((n, i) => [n, i]));
  const tenantNames = Object.keys(w.tenants);
  const mix = (weights: Record<string, number>): Mix => ({ names: Object.keys(weights), cumulative: cumulativeWeights(Object.values(weights)) });
  const synthetic = Object.fromEntries(Object.entries(w.structures).filter(([n]) => n !== REPLAY_STRUCTURE).map(([n, s]) => [n, s.weight]));
  const structureMix = mix(Object.keys(synthetic).length > 0 ? synthetic : { [REPLAY_STRUCTURE]: 1 });
  const mixes: PropertyMixes = {
    structure: structureMix,
    structureByTenant: tenantNames.map((t) => {
      const own = w.tenants[t]?.structures;
      return own ? mix(Object.fromEntries(structureMix.names.map((n) => [n, own[n] ?? 0]))) : structureMix;
    }),
    tenant: mix(Object.fromEntries(Object.entries(w.tenants).map(([n, t]) => [n, t.weight]))),
    framework: mix(w.frameworks),
    modelType: mix(w.modelTypes),
    predictionType: mix(w.predictionTypes),
  };
  const frameworks = mixes.framework.names;
  const kindNames = Object.keys(scenario.tasks);
  const kinds = kindNames.map((name): CompiledKind => {
    const spec = scenario.tasks[name] as Scenario['tasks'][string];
    const poolOf = (fw: string): number => {
      const choice = typeof spec.pool === 'string' ? spec.pool : (spec.pool.byFramework[fw] ?? spec.pool.byFramework.default);
      return poolIndex.get(choice as string) as number;
    };
    return {
      name,
      poolByFramework: Int32Array.from(frameworks.map(poolOf)),
      units: unitsPerTenant(spec.units, tenantNames),
      duration: spec.duration ? compileDurationModel(spec.duration, frameworks, tenantNames) : RECORDED_DURATION,
      reads: spec.reads === 'asset' ? READS_ASSET : spec.reads === 'model' ? READS_MODEL : READS_NONE,
      writesModel: spec.writes === 'model',
      modelSizeFactor: spec.modelSizeFactor,
    };
  });
  const structures = compileStructures(w, new Map(kindNames.map((n, i) => [n, i])));
  const fb = scenario.policy.fallback;
  return {
    workload: w,
    poolNames,
    capacity: Int32Array.from(poolNames.map((n) => scenario.platform.pools[n]?.capacity ?? 0)),
    tenants: Object.entries(w.tenants).map(([name, t]) => ({ name, weight: t.weight, priority: t.priority })),
    mixes,
    laws: {
      size: createDistribution(w.assets.size), instances: createDistribution(w.assets.instances),
      dimensions: createDistribution(w.assets.dimensions), modelSize: createDistribution(w.modelSize),
    },
    kinds,
    structures,
    compresses: structures.map((st) => Array.from(st.kind).some((k) => {
      const kind = kinds[k] as CompiledKind;
      return kind.writesModel && kind.modelSizeFactor < 1;
    })),
    tasksPerPipeline: Math.max(...structures.map((s) => s.kind.length)),
    fallback: fb && { from: poolIndex.get(fb.from) as number, to: poolIndex.get(fb.to) as number, after: fb.after, slowdown: fb.slowdown },
  };
}
