/**
 * Prints the minor GCs of a million M/M/8 customers after two warm-up runs (test/engine/garbage.test.ts
 * runs it in a process with a 1 MB young generation, so that 16 bytes of garbage per customer
 * cost some 30 scavenges). With `litter`, the arrival hook keeps a small object per customer.
 */
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { mmcScenario } from '../../scripts/mmc.js';
import { fifo, runScenario } from '../../src/model/index.js';

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
run(1_000_000, 3);
await new Promise((resolve) => setTimeout(resolve, 50));
observer.disconnect();
process.stdout.write(`${minor}\n`);
