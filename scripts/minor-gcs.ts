/**
 * Prints the minor GCs of each of three runs of a million M/M/8 customers, after two warm-up
 * runs (test/engine/garbage.test.ts runs the built dist/scripts/minor-gcs.js in a process with
 * a 1 MB young generation, where 16 bytes of garbage per customer cost some 16 scavenges). With
 * `litter`, the arrival hook keeps a small object per customer.
 */
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { mmcScenario } from './mmc.js';
import { fifo, runScenario } from '../src/model/index.js';

const C = 8;
const LAMBDA = 0.9 * C;
const kept: unknown[] = new Array(1024);
let next = 0;
const options = process.argv[2] === 'litter' ? { onArrival: (time: number) => { kept[next++ & 1023] = { time }; } } : {};
const run = (customers: number, seed: number) => runScenario(mmcScenario(C, LAMBDA, 1, customers / LAMBDA, 0), fifo, seed, 0, options);

run(300_000, 1);
run(300_000, 2);
let minor = 0;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) minor++;
});
observer.observe({ entryTypes: ['gc'] });
const counts: number[] = [];
for (const seed of [3, 4, 5]) {
  minor = 0;
  run(1_000_000, seed);
  await new Promise((resolve) => setTimeout(resolve, 50));
  counts.push(minor);
}
observer.disconnect();
process.stdout.write(`${counts.join(' ')}\n`);
