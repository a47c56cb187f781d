/**
 * Recordings streamed out of a worker thread in chunks (series samples and task events, with
 * back-pressure) end up as exactly the files a run returned whole writes, as a queue worker's
 * run is: the same lines in the same order, whatever the chunking.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { loadExperiment } from '../../src/experiment/load.js';
import { runExperiment } from '../../src/experiment/index.js';
import { ReplicationDriver } from '../../src/experiment/plan.js';
import { executeRun } from '../../src/experiment/worker.js';
import { recordRun } from '../../src/output/recordings.js';
import { tempDir } from '../helpers/cli.js';

it('streamed recordings equal the whole run’s, line for line', async () => {
  const folder = tempDir();
  const file = path.join(folder, 'stream.yaml');
  // Ten days at one minute: 14,400 samples (three chunks and a rest); ~7,200 tasks (one chunk of events and a rest).
  writeFileSync(file, `name: stream
seed: 4
warmup: 0s
horizon: 10d
timeseries: { interval: 1m }
events: { sample: 1 }
platform: { pools: { gpu: { capacity: 4 } }, network: { bandwidth: 1Gbps } }
workload:
  interarrival: { dist: exponential, mean: 2m }
  assets: { size: { dist: lognormal, mean: 2GB, cv: 1 } }
  structures: { job: { tasks: { train: { kind: train } } } }
tasks: { train: { pool: gpu, duration: { dist: exponential, mean: 6m } } }
`);
  const experiment = await loadExperiment(file);
  // Both folders end in the same name: the `run` tag of every line is the folder's name.
  const streamed = path.join(folder, 'a', 'run');
  const whole = path.join(folder, 'b', 'run');
  mkdirSync(streamed, { recursive: true });
  mkdirSync(whole, { recursive: true });
  await runExperiment(experiment, { workers: 1, resumeDir: streamed });

  const spec = new ReplicationDriver(experiment, experiment.baseDir).next()!;
  const result = await executeRun(spec);
  expect(result.status === 'ok' && result.taskEvents!.length).toBeGreaterThan(4096);
  recordRun(whole, experiment, result);
  for (const folderName of ['timeseries', 'events']) {
    const names = readdirSync(path.join(streamed, folderName));
    expect(names).toEqual(['s0-r0.lp']);
    const a = readFileSync(path.join(streamed, folderName, 's0-r0.lp'), 'utf8');
    expect(a.split('\n').length).toBeGreaterThan(4096);
    expect(a).toBe(readFileSync(path.join(whole, folderName, 's0-r0.lp'), 'utf8'));
  }
});
