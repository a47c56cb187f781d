/**
 * Piscina worker entry: RunSpec in, RunResult out. No I/O besides loading a user's policy
 * module once per thread. A run that throws is returned as a failed result, not rethrown,
 * so one bad run never stops the sweep.
 */
import { loadScheduler } from '../model/policies/load.js';
import { runScenario } from '../model/run.js';
import { loadScenarioInputs } from '../model/replay.js';
import type { PlatformOptions, TaskRecord } from '../model/platform.js';
import seedrandom from 'seedrandom';
import type { RunResult, RunSpec } from '../types.js';

/** Runs one replication; never rejects for a failure inside the model or a policy. */
export async function executeRun(spec: RunSpec): Promise<RunResult> {
  const started = performance.now();
  const base = { runId: spec.runId, key: spec.key, scenarioIndex: spec.scenarioIndex, replication: spec.replication, seed: spec.seed };
  try {
    const scheduler = await loadScheduler(spec.scenario.policy.scheduler, spec.baseDir);
    const inputs = await loadScenarioInputs(spec.scenario);
    const taskEvents: TaskRecord[] = [];
    const options: PlatformOptions = {};
    if (spec.seriesInterval !== undefined) options.seriesInterval = spec.seriesInterval;
    const share = spec.eventSample;
    if (share !== undefined) {
      // Its own generator: sampling events must not draw from the model's streams.
      const pick = seedrandom.xor4096(`pipesim-events|${spec.seed}|${spec.replication}|${spec.scenarioIndex}`);
      options.onTaskEnd = (record) => { if (share >= 1 || pick() < share) taskEvents.push(record); };
    }
    const out = runScenario(spec.scenario, scheduler, spec.seed, spec.replication, options, inputs);
    return {
      ...base, wallSeconds: (performance.now() - started) / 1000, status: 'ok', metrics: out.metrics, bottleneck: out.bottleneck, distributions: out.distributions, events: out.events,
      ...(out.series ? { series: out.series } : {}), ...(share !== undefined ? { taskEvents } : {}),
    };
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}${error.stack ? `\n${error.stack.split('\n').slice(1, 6).join('\n')}` : ''}` : String(error);
    return { ...base, wallSeconds: (performance.now() - started) / 1000, status: 'failed', error: message };
  }
}

export default executeRun;
