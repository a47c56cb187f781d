/**
 * Writes experiments/traces/synthetic-jobs.csv: four weeks of experiments/example-jobs.yaml
 * simulated under FIFO, one row per job that finished, with its submission, start and end
 * times (simulated time 0 is Monday 2024-01-01 00:00), GPUs, tenant and framework.
 * Start and end are what the recorded platform did, so a replay can be checked against them.
 *
 *   npx tsx scripts/make-example-trace.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadExperiment } from '../src/experiment/load.js';
import { fifo, runScenario } from '../src/model/index.js';
import { type TaskRecord } from '../src/core/records.js';

const root = path.join(import.meta.dirname, '..');
const experiment = await loadExperiment(path.join(root, 'experiments/example-jobs.yaml'));
const scenario = (experiment.scenarios[0] as (typeof experiment.scenarios)[number]).scenario;
const records: TaskRecord[] = [];
runScenario(scenario, fifo, experiment.seed, 0, { onTaskEnd: (r) => records.push(r) });
records.sort((a, b) => a.pipelineArrivedAt - b.pipelineArrivedAt);

const origin = Date.UTC(2024, 0, 1) / 1000;
// Milliseconds keep the order of submissions; durations keep every digit, so a replay on the
// recorded platform reproduces the recorded start times to the millisecond.
const stamp = (t: number) => new Date(Math.round((origin + t) * 1000)).toISOString().replace('T', ' ').replace('Z', '');
const lines = ['submit_time,start_time,end_time,duration,gpus,tenant,framework'];
for (const r of records) {
  lines.push([stamp(r.pipelineArrivedAt), stamp(r.startedAt), stamp(r.endedAt), String(r.endedAt - r.startedAt), r.units, r.tenant, r.framework].join(','));
}
const out = path.join(root, 'experiments/traces/synthetic-jobs.csv');
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`wrote ${records.length} jobs to ${path.relative(process.cwd(), out)}`);
