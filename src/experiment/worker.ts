/**
 * Piscina worker entry: RunSpec in, RunResult out. No I/O besides loading a user's policy
 * module once per thread. A run that throws is returned as a failed result, not rethrown,
 * so one bad run never stops the sweep.
 */
import { loadScheduler } from '../model/policies/load.js';
import { runScenario } from '../model/run.js';
import { loadScenarioInputs } from '../model/replay.js';
import type { PlatformOptions } from '../model/platform.js';
import type { TaskRecord, RunResult } from '../core/records.js';
import seedrandom from 'seedrandom';
import type { RunTask } from './run-spec.js';
import { chunkPoster, EVENT_CHUNK } from '../output/recording-stream.js';
import { failureMessage, PolicyError } from '../model/run-errors.js';

/** In a worker thread process.exit() ends the thread; in a run it ends the run instead (as a failure). */
const exitThread = process.exit.bind(process);
function exitFromRun(code?: number | string | null): never {
  throw new PolicyError(`the run called process.exit(${code ?? ''}); a policy must throw an Error instead of ending the process`);
}

/** Runs one replication; never rejects for a failure inside the model or a policy. */
export async function executeRun(task: RunTask): Promise<RunResult> {
  const { recordingPort, recordingWritten, ...spec } = task;
  const started = performance.now();
  const base = { runId: spec.runId, key: spec.key, scenarioIndex: spec.scenarioIndex, replication: spec.replication, seed: spec.seed };
  process.exit = exitFromRun;
  try {
    const scheduler = await loadScheduler(spec.scenario.policy.scheduler, spec.baseDir);
    const inputs = await loadScenarioInputs(spec.scenario);
    let taskEvents: TaskRecord[] = [];
    let firstEvent = 0;
    const options: PlatformOptions = {};
    // Local threads stream recordings out in chunks; a queue's worker returns them whole.
    const post = recordingPort && recordingWritten ? chunkPoster(recordingPort, recordingWritten) : undefined;
    if (spec.eventBudget !== undefined) options.eventBudget = spec.eventBudget;
    if (spec.controls) options.controls = true;
    if (spec.antithetic) options.antithetic = true;
    if (spec.seriesInterval !== undefined) options.seriesInterval = spec.seriesInterval;
    if (post) options.onSeriesChunk = (series) => post({ series });
    const share = spec.eventSample;
    if (share !== undefined) {
      // Its own generator: sampling events must not draw from the model's streams.
      const pick = seedrandom.xor4096(`pipesim-events|${spec.seed}|${spec.replication}|${spec.scenarioIndex}`);
      options.onTaskEnd = (record) => {
        if (share < 1 && pick() >= share) return;
        taskEvents.push(record);
        if (post && taskEvents.length >= EVENT_CHUNK) {
          post({ events: taskEvents, first: firstEvent });
          firstEvent += taskEvents.length;
          taskEvents = [];
        }
      };
    }
    const out = runScenario(spec.scenario, scheduler, spec.seed, spec.replication, options, inputs);
    return {
      ...base, wallSeconds: (performance.now() - started) / 1000, status: 'ok', metrics: out.metrics, bottleneck: out.bottleneck, distributions: out.distributions, events: out.events,
      ...(out.controls ? { controls: out.controls } : {}), ...(out.series ? { series: out.series } : {}), ...(share !== undefined ? { taskEvents, ...(firstEvent > 0 ? { firstEvent } : {}) } : {}),
    };
  } catch (error) {
    return { ...base, wallSeconds: (performance.now() - started) / 1000, status: 'failed', error: failureMessage(error) };
  } finally {
    process.exit = exitThread;
  }
}

export default executeRun;
