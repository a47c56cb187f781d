/**
 * Exact-trace runs for tests: jobs submitted at known seconds, replayed on a small platform,
 * with every schedule event and placement recorded by the job's name.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUILT_IN_SCHEDULERS, loadScenarioInputs, runScenario, type SchedulingPolicy } from '../../src/model/index.js';
import type { MetricMap } from '../../src/core/records.js';
import { scenario } from './scenario.js';

export interface Job { name: string; at: number; seconds: number; units?: number; tenant?: string }

/** 2024-01-01 is a Monday, so the replay's clock starts at its midnight: submit times are seconds from 0. */
function stamp(seconds: number): string {
  return new Date(Date.UTC(2024, 0, 1) + seconds * 1000).toISOString().replace('T', ' ').replace('Z', '');
}

export interface TraceRun {
  /** 'A start 0', 'A fail 50', … (with preemption or failures). */
  events: string[];
  /** 'A 0 [0,2]': job, time, its [node, units, …] within the pool. */
  placements: string[];
  /** Per job, its [start, end] times from the task records. */
  spans: Map<string, [number, number]>;
  metrics: MetricMap;
  /** Per pool with nodes, each node's utilisation by label (the run record's distributions). */
  nodeUtilisation: Record<string, Record<string, number>> | undefined;
}

export class TraceRunner {
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'pipesim-trace-'));
  private count = 0;

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * Runs `jobs` on the scenario fields `rest` (platform, policy, failures, horizon…; `tenants`
   * gives the workload's tenants, by default those the jobs name), under `scheduler` (by
   * default the built-in one `rest.policy.scheduler` names, else fifo).
   */
  async run(jobs: Job[], rest: Record<string, unknown>, scheduler?: SchedulingPolicy): Promise<TraceRun> {
    const file = path.join(this.dir, `t${this.count++}.csv`);
    writeFileSync(file, ['submit_time,duration,gpus,tenant', ...jobs.map((j) => `${stamp(j.at)},${j.seconds},${j.units ?? 1},${j.tenant ?? 'x'}`)].join('\n'));
    const { tenants = Object.fromEntries(jobs.map((j) => [j.tenant ?? 'x', {}])), ...fields } = rest;
    const s = scenario({
      horizon: '1d', warmup: 0, workload: { replay: { trace: file, kind: 'job', jitter: 0 }, tenants },
      tasks: { job: { pool: 'gpu' } }, ...fields,
    });
    const named = (fields.policy as { scheduler?: string } | undefined)?.scheduler ?? 'fifo';
    scheduler ??= BUILT_IN_SCHEDULERS[named] as SchedulingPolicy;
    const inputs = await loadScenarioInputs(s);
    const byArrival = new Map(jobs.map((j) => [j.at, j.name]));
    const events: string[] = [];
    const placements: string[] = [];
    const spans = new Map<string, [number, number]>();
    const out = runScenario(s, scheduler, 1, 0, {
      onSchedule: (event, _task, time, arrivedAt) => events.push(`${byArrival.get(arrivedAt)} ${event} ${time}`),
      onPlace: (_task, nodes, time, arrivedAt) => placements.push(`${byArrival.get(arrivedAt)} ${time} [${nodes.join(',')}]`),
      onTaskEnd: (record) => spans.set(byArrival.get(record.pipelineArrivedAt) as string, [record.startedAt, record.endedAt]),
    }, inputs);
    return { events, placements, spans, metrics: out.metrics, nodeUtilisation: out.distributions.nodeUtilisation };
  }
}
