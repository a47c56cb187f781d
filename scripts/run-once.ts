/**
 * Runs one replication of an experiment's first scenario in this process and prints its
 * events, wall seconds and peak RSS as JSON: what one worker does, measured on its own.
 * Usage: node dist/scripts/run-once.js <experiment.yaml> [horizon]
 */
import path from 'node:path';
import { loadExperiment } from '../src/experiment/load.js';
import { loadScheduler, runScenario } from '../src/model/index.js';
import { peakRssMB } from './peak-rss.js';

const [file = 'experiments/baseline.yaml', horizon] = process.argv.slice(2);
const experiment = await loadExperiment(file, horizon ? { set: [['horizon', horizon]] } : {});
const { scenario } = experiment.scenarios[0]!;
const scheduler = await loadScheduler(scenario.policy.scheduler, path.dirname(path.resolve(file)));
const started = performance.now();
const out = runScenario(scenario, scheduler, experiment.seed, 0);
const wallSeconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({
  events: out.events, wallSeconds, horizonSeconds: scenario.horizon,
  peakRssMB: peakRssMB(),
}));

