/** The digest of what reference runs compute (test/experiment/model-version.test.ts). */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { loadExperiment } from '../../src/experiment/load.js';
import { loadScenarioInputs, loadScheduler, runScenario } from '../../src/model/index.js';

const REFERENCE_RUNS = ['mmc.yaml', 'baseline.yaml', 'model-quality.yaml', 'policy-sweep.yaml', 'philly-replay.yaml', 'gpu-placement.yaml', 'failures.yaml'];

/** Every metric, the distributions, the bottleneck and the event count of two short runs of each file's last scenario, digested. */
export async function referenceDigest(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of REFERENCE_RUNS) {
    const experiment = await loadExperiment(path.join('experiments', file), { set: [['horizon', '2d'], ['warmup', '12h']] });
    for (const { scenario } of experiment.scenarios.slice(-1)) {
      const scheduler = await loadScheduler(scenario.policy.scheduler, experiment.baseDir);
      for (const replication of [0, 1]) {
        const out = runScenario(scenario, scheduler, experiment.seed, replication, {}, await loadScenarioInputs(scenario));
        const metrics = Object.entries(out.metrics).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${Object.is(v, -0) ? 0 : v}`);
        hash.update(`${file} ${replication} ${out.bottleneck} ${out.events}\n${metrics.join('\n')}\n${JSON.stringify(out.distributions)}\n`);
      }
    }
  }
  return hash.digest('hex');
}

