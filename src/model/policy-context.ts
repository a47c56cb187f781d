/**
 * What a scheduling policy sees of a run: task facts read live through the tables, and each
 * pool's counters. Built once per run; the policy's calls go through these closures (cold next
 * to the pool's own dispatch, which reads the tables directly).
 */
import type { PoolView, TaskInfo } from './policies/policy.js';
import { PipelineField, TaskField, type PipelineTable, type TaskTable } from './tables.js';
import type { CompiledKind } from './compile.js';

/** Task facts for policies, read through the tables at each call (their arrays are replaced when they grow). */
/** A task's service so far, from the preemption room (without one, nothing was ever preempted). */
export interface ServiceView {
  attainedSeconds(task: number): number;
  remainingSeconds(task: number): number;
}

export function taskInfoOf(t: TaskTable, p: PipelineTable, kinds: readonly CompiledKind[], frameworkNames: readonly string[], service?: ServiceView): TaskInfo {
  const task = (id: number, field: TaskField) => t.data[id * TaskField.Count + field] as number;
  const pipeline = (id: number, field: PipelineField) => p.data[t.pipelineOf(id) * PipelineField.Count + field] as number;
  return {
    units: (id) => task(id, TaskField.Units),
    expectedDurationSeconds: (id) => task(id, TaskField.ExpectedSeconds),
    readySince: (id) => task(id, TaskField.ReadyAt),
    pipelineArrivedAt: (id) => pipeline(id, PipelineField.ArrivedAt),
    tenant: (id) => pipeline(id, PipelineField.Tenant),
    kind: (id) => (kinds[task(id, TaskField.Kind)] as CompiledKind).name,
    framework: (id) => frameworkNames[pipeline(id, PipelineField.Framework)] as string,
    assetSizeBytes: (id) => pipeline(id, PipelineField.AssetSizeBytes),
    assetInstances: (id) => pipeline(id, PipelineField.Instances),
    assetDimensions: (id) => pipeline(id, PipelineField.Dimensions),
    retraining: (id) => pipeline(id, PipelineField.Retraining) === 1,
    recordedDurationSeconds: (id) => task(id, TaskField.DurationSeconds),
    attainedSeconds: (id) => (service ? service.attainedSeconds(id) : 0),
    remainingSeconds: (id) => (service ? service.remainingSeconds(id) : task(id, TaskField.DurationSeconds)),
  };
}

/** A pool as its policy sees it, read live from the simulation's counters. */
export class LivePoolView implements PoolView {
  constructor(
    readonly name: string, readonly capacity: number, private readonly busyByPool: Int32Array, private readonly pool: number, readonly busyByTenant: Int32Array,
    private readonly running: (pool: number) => readonly number[] = () => [],
  ) {}
  get busy(): number {
    return this.busyByPool[this.pool] as number;
  }
  runningTasks(): readonly number[] {
    return this.running(this.pool);
  }
}
