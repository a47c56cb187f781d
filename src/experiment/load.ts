/**
 * Loading an experiment as commands need it: the file read and validated against the schema
 * (config/load.ts), then what needs the model checked before any run starts — every policy
 * module loads, every replayed trace reads — and the sweep's cost estimated and held to the
 * budget (model/estimate.ts). Each problem names the file, line and field that hold it.
 */
import { UserError } from '../core/errors.js';
import { readExperiment, type Experiment, type LoadOptions } from '../config/load.js';
import type { Scenario } from '../config/schema.js';
import { checkBudget, estimateSweep, type SweepEstimate } from '../model/estimate.js';
import { loadScheduler } from '../model/policies/load.js';
import type { SchedulingPolicy } from '../model/policies/policy.js';
import { loadScenarioInputs, type ReplayNote } from '../model/replay.js';
import { MappedColumnMissing } from '../trace/columns.js';

/** An experiment ready to plan, with what its sweep is expected to cost. */
export interface LoadedExperiment extends Experiment {
  estimate: SweepEstimate;
  /** Each replayed trace: what it replays and what it leaves out (one entry per file and mapping). */
  replays: ReplayNote[];
}

/** Reads, validates and checks an experiment file; rejects with ConfigError (exit 2) on any problem. */
export async function loadExperiment(file: string, options: LoadOptions = {}): Promise<LoadedExperiment> {
  const { experiment, invalid } = await readExperiment(file, options);
  for (const scheduler of new Set(experiment.scenarios.map((s) => s.scenario.policy.scheduler))) {
    let policy: SchedulingPolicy;
    try {
      policy = await loadScheduler(scheduler, experiment.baseDir);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      throw invalid([{ path: ['policy', 'scheduler'], message: error.hint ? `${error.message} (${error.hint})` : error.message }]);
    }
    const preempts = (s: Scenario) => policy.preemption !== undefined || Object.values(s.platform.pools).some((pool) => pool.quotas !== undefined);
    if (experiment.scenarios.some(({ scenario: s }) => s.policy.scheduler === scheduler && s.policy.fallback && preempts(s))) {
      throw invalid([{ path: ['policy', 'fallback'], message: `cannot be combined with a preemptive scheduler ('${scheduler}') or quotas: a preempted task would have two ways back` }]);
    }
  }

  // Replayed traces are read and checked now, so a bad trace fails before any run starts.
  const traceRows = new Map<Scenario, number>();
  const tenantsOf = new Map<Scenario, Set<string>>();
  const replays = new Set<ReplayNote>();
  for (const { scenario } of experiment.scenarios) {
    if (!scenario.workload.replay) continue;
    try {
      const inputs = await loadScenarioInputs(scenario);
      traceRows.set(scenario, inputs.trace?.rows ?? 0);
      tenantsOf.set(scenario, new Set([...Object.keys(scenario.workload.tenants), ...(inputs.trace?.tenantNames ?? [])]));
      if (inputs.replayNote) replays.add(inputs.replayNote);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      throw invalid([{ path: ['workload', 'replay', error instanceof MappedColumnMissing ? 'columns' : 'trace'], message: error.message }]);
    }
  }

  // Quotas of a replay may name the trace's tenants, known only now.
  for (const [scenario, tenants] of tenantsOf) {
    for (const [name, pool] of Object.entries(scenario.platform.pools)) {
      const unknown = Object.keys(pool.quotas ?? {}).filter((t) => !tenants.has(t));
      if (unknown.length > 0) {
        throw invalid(unknown.map((t) => ({
          path: ['platform', 'pools', name, 'quotas', t],
          message: `no such tenant in the workload or the trace (a name like 6214e9 must be quoted: YAML reads it as a number); tenants: ${[...tenants].join(', ')}`,
        })));
      }
    }
  }

  const plan = experiment.replications;
  const runsPerScenario = plan.mode === 'fixed' ? plan.count : plan.max;
  const estimate = estimateSweep(experiment.scenarios, runsPerScenario, (s) => traceRows.get(s) ?? 0);
  if (!options.yes) checkBudget(experiment.file, estimate, experiment.limits.events);
  return { ...experiment, estimate, replays: [...replays] };
}
