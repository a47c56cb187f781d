/**
 * When pipelines arrive, from the scenario's sources: the synthetic lane (interarrival draws in
 * operational time, mapped through the weekly profile and growth by the ArrivalClock) and a
 * replayed trace. Both come in time order, so they use the kernel's ordered lane, not the heap.
 * What arrives is demand.ts's.
 */
import type { Simulation } from '../engine/index.js';
import { createDistribution, DrawBlock, type RandomStreams } from '../random/index.js';
import { REPLAY_STRUCTURE, type CompiledPlatform, type Replay } from './compile.js';
import type { Demand } from './demand.js';
import { replayArrivals, type ScenarioInputs } from './replay.js';
import { ArrivalClock, weeklyMultipliers } from './workload.js';

/** The replayed trace of a scenario compiled for one replication, or undefined without `workload.replay`. */
export function compileReplay(compiled: CompiledPlatform, inputs: ScenarioInputs, streams: RandomStreams): Replay | undefined {
  const w = compiled.workload;
  const trace = inputs.trace;
  if (!w.replay || !trace) return undefined;
  const tenantNames = compiled.tenants.map((t) => t.name);
  const frameworks = compiled.mixes.framework.names;
  return {
    trace,
    arrivals: replayArrivals(trace, w.replay, w.growth, streams.stream('replay.jitter'), streams.stream('replay.growth'), w.replay.resample ? streams.stream('replay.resample') : undefined),
    structure: compiled.structures.findIndex((st) => st.name === REPLAY_STRUCTURE),
    tenant: Int32Array.from(trace.tenantNames, (t) => tenantNames.indexOf(t)),
    framework: Int32Array.from(trace.frameworkNames, (f) => Math.max(0, frameworks.indexOf(f))),
    hasUnits: trace.columns.units !== undefined,
    hasSize: trace.columns.size !== undefined,
  };
}

export class Arrivals {
  private readonly clock: ArrivalClock;
  /** Interarrival times in operational time, drawn from the `arrivals` stream. */
  private readonly interarrivals: DrawBlock | undefined;
  /** Every structure is one task: synthetic arrivals take Demand's straight-line `createJob`. */
  private readonly jobs: boolean;
  private readonly arrivalKind: number;
  private readonly replayKind: number;
  private readonly meanInterarrival: number;

  constructor(
    compiled: CompiledPlatform, streams: RandomStreams, private readonly replay: Replay | undefined,
    private readonly sim: Simulation, private readonly demand: Demand, private readonly end: number,
  ) {
    const w = compiled.workload;
    this.clock = new ArrivalClock(weeklyMultipliers(w.profile), w.growth);
    const interarrival = w.interarrival && createDistribution(w.interarrival);
    this.interarrivals = interarrival && new DrawBlock(interarrival, streams.stream('arrivals'));
    this.meanInterarrival = interarrival?.mean ?? NaN;
    this.jobs = compiled.tasksPerPipeline === 1;
    this.arrivalKind = sim.register(() => this.onArrival());
    this.replayKind = sim.register((i) => this.onReplayArrival(i));
  }

  /** Σ (interarrival − mean) / mean over the interarrivals drawn so far, or undefined without synthetic arrivals. */
  deviation(): number | undefined {
    const block = this.interarrivals;
    return block && block.deviation() / this.meanInterarrival;
  }

  /** Schedules each source's first arrival. */
  start(): void {
    if (this.interarrivals) this.scheduleNextArrival(0);
    if (this.replay) this.scheduleReplayArrival(0);
  }

  private scheduleNextArrival(from: number): void {
    const next = this.clock.advance(from, (this.interarrivals as DrawBlock).take());
    if (next < this.end) this.sim.scheduleOrdered(next, this.arrivalKind, 0);
  }

  private onArrival(): void {
    const now = this.sim.now;
    this.scheduleNextArrival(now);
    if (this.jobs) this.demand.createJob();
    else this.demand.createPipeline(now, this.demand.arrivalStreams, -1, -1);
  }

  private scheduleReplayArrival(i: number): void {
    const arrivals = (this.replay as Replay).arrivals;
    if (i < arrivals.time.length && (arrivals.time[i] as number) < this.end) this.sim.scheduleOrdered(arrivals.time[i] as number, this.replayKind, i);
  }

  private onReplayArrival(i: number): void {
    this.scheduleReplayArrival(i + 1);
    this.demand.createPipeline(this.sim.now, this.demand.arrivalStreams, -1, (this.replay as Replay).arrivals.row[i] as number);
  }
}
