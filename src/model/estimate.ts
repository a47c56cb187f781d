/**
 * What an experiment will cost, estimated before anything runs: events per run (arrival rate ×
 * simulated time × events per pipeline) and memory per run (the task table's rows and the
 * quality ledger). An experiment far beyond a sane budget is refused unless --yes, so a typo
 * (`horizon: 1e300`, `growth: 1e12`, `fanOut: 100000`) is a message, not a machine out of memory.
 */
import { momentsOf } from '../config/distributions.js';
import { PipelineField, TaskField } from './tables.js';
import type { Scenario } from '../config/schema.js';
import { UserError } from '../core/errors.js';

/** Events per task: ready, start and end, plus a transfer or phase change on average (baseline: ~4). */
const EVENTS_PER_TASK = 4;
/** The pipeline table starts with this many slots and doubles (model/tables.ts). */
const FIRST_PIPELINE_SLOTS = 256;
/** Bytes of a quality ledger entry per application (model/quality.ts: five typed arrays and flags). */
const BYTES_PER_APPLICATION = 50;
/** What a worker uses before its run allocates anything. */
const WORKER_BASE_BYTES = 80 * 2 ** 20;
/** A run that needs more memory than this is refused without --yes. */
export const MAX_RUN_BYTES = 4 * 2 ** 30;
/** A sweep past this many events in total is refused without --yes (~280 CPU-hours at 1 M events/s). */
export const MAX_SWEEP_EVENTS = 1e12;
/** Sweeps past this many events print their estimate before starting. */
export const ANNOUNCED_SWEEP_EVENTS = 1e9;
/** Events a worker processes per second on the reference platform, for the CPU-time estimate (docs: Performance). */
const EVENTS_PER_CPU_SECOND = 1e6;

export interface ScenarioEstimate {
  eventsPerRun: number;
  bytesPerRun: number;
}

/** Estimates one run of `scenario`; replayed traces count as their rows × growth (the trace is read later). */
export function estimateRun(scenario: Scenario, traceRows = 0): ScenarioEstimate {
  const w = scenario.workload;
  const simulated = scenario.horizon + scenario.warmup;
  const mean = w.interarrival ? momentsOf(w.interarrival)?.mean ?? Infinity : Infinity;
  const synthetic = Number.isFinite(mean) && mean > 0 ? (simulated / mean) * w.growth : 0;
  const structures = Object.values(w.structures);
  const totalWeight = structures.reduce((sum, s) => sum + s.weight, 0);
  const tasksOf = (s: (typeof structures)[number]) => Object.values(s.tasks).reduce((n, t) => n + t.fanOut, 0);
  const meanTasks = totalWeight > 0 ? structures.reduce((sum, s) => sum + s.weight * tasksOf(s), 0) / totalWeight : 1;
  const widest = Math.max(1, ...structures.map(tasksOf));
  const arrivals = synthetic + traceRows * w.growth;
  const eventsPerRun = arrivals * (1 + EVENTS_PER_TASK * meanTasks);
  // At least the first slots of the pipeline table, each with room for the widest pipeline's tasks; doubled while it grows.
  const tableBytes = 2 * FIRST_PIPELINE_SLOTS * 8 * (PipelineField.Count + widest * TaskField.Count);
  const bytesPerRun = WORKER_BASE_BYTES + tableBytes + (scenario.quality ? scenario.quality.applications * BYTES_PER_APPLICATION : 0);
  return { eventsPerRun, bytesPerRun };
}

export interface SweepEstimate {
  runs: number;
  events: number;
  cpuSeconds: number;
  /** The scenario with the most events per run, and the one with the most memory per run. */
  mostEvents: { label: string; value: number };
  mostMemory: { label: string; value: number };
}

/** Sums the estimate over every planned run (the sequential plan's maximum). */
export function estimateSweep(scenarios: readonly { label: string; scenario: Scenario }[], runsPerScenario: number, traceRows: (s: Scenario) => number = () => 0): SweepEstimate {
  let events = 0;
  const mostEvents = { label: '', value: 0 };
  const mostMemory = { label: '', value: 0 };
  for (const { label, scenario } of scenarios) {
    const e = estimateRun(scenario, traceRows(scenario));
    events += e.eventsPerRun * runsPerScenario;
    if (e.eventsPerRun > mostEvents.value) Object.assign(mostEvents, { label, value: e.eventsPerRun });
    if (e.bytesPerRun > mostMemory.value) Object.assign(mostMemory, { label, value: e.bytesPerRun });
  }
  return { runs: scenarios.length * runsPerScenario, events, cpuSeconds: events / EVENTS_PER_CPU_SECOND, mostEvents, mostMemory };
}

const amount = (x: number) => (x >= 1e6 ? x.toPrecision(2).replace('e+', 'e') : x >= 10 ? String(Math.round(x)) : x.toPrecision(2));
const bytes = (x: number) => (x >= 2 ** 30 ? `${x < 2 ** 40 ? (x / 2 ** 30).toPrecision(3) : amount(x / 2 ** 30)} GiB` : `${Math.round(x / 2 ** 20)} MiB`);

/** One line for the terminal: what the sweep will cost. */
export function describeEstimate(e: SweepEstimate): string {
  const hours = e.cpuSeconds / 3600;
  return `estimate: about ${amount(e.events)} events over ${e.runs} run(s), ~${hours >= 1 ? `${amount(hours)} CPU-hours` : `${Math.ceil(e.cpuSeconds / 60)} CPU-minutes`} at 1 M events/s; up to ${bytes(e.mostMemory.value)} per worker`;
}

/** Refuses (UserError, exit 2) what no one means to run; `--yes` overrides. */
export function checkBudget(file: string, e: SweepEstimate, eventLimit: number): void {
  const why = e.mostEvents.value > eventLimit
    ? `each run of scenario ${e.mostEvents.label} would need about ${amount(e.mostEvents.value)} events, past limits.events (${amount(eventLimit)}): every such run would fail`
    : e.mostMemory.value > MAX_RUN_BYTES
      ? `each run of scenario ${e.mostMemory.label} would need about ${bytes(e.mostMemory.value)} of memory (more than ${bytes(MAX_RUN_BYTES)}; a wide fanOut or many quality.applications?)`
      : e.events > MAX_SWEEP_EVENTS
        ? `the sweep would simulate about ${amount(e.events)} events (more than ${amount(MAX_SWEEP_EVENTS)})`
        : undefined;
  if (why) throw new UserError(`${file}: ${why}. ${describeEstimate(e)}`, 'check horizon, growth, interarrival and fanOut; pass --yes to run it anyway');
}
