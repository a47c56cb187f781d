/**
 * The engine, or the event kernel alone, against the ceiling loop on M/M/c, for `npm run
 * bench`, each in a process of its own: V8's feedback is per function, so what else a process
 * has run changes what it measures (beside the engine, the kernel's handlers shared the
 * Simulation class and cost the engine ~5%; once a process has also run the baseline
 * platform, M/M/c runs ~10% slower there; a worker running one experiment never mixes them).
 * Prints the best events/s of each over interleaved rounds, after untimed warm-up runs.
 * Usage: node dist/scripts/against-ceiling.js <engine|kernel> <c> <lambda> <mu> <customers> <rounds>
 */
import { fifo, runScenario } from '../src/model/index.js';
import { ceilingMmc } from './ceiling-mmc.js';
import { kernelMmc } from './kernel-mmc.js';
import { mmcScenario } from './mmc.js';

type Subject = (customers: number) => (seed: number) => { events: number };

/** Events per wall-clock second of one measured run. */
function eventsPerSecond(measure: () => { events: number }): number {
  const started = performance.now();
  const { events } = measure();
  return events / ((performance.now() - started) / 1000);
}

const [name, ...numbers] = process.argv.slice(2);
const [c, lambda, mu, customers, rounds] = numbers.map(Number) as [number, number, number, number, number];
const subjects: Record<string, Subject> = {
  engine: (n) => {
    const scenario = mmcScenario(c, lambda, mu, n / lambda, 0);
    return (seed) => runScenario(scenario, fifo, 1, seed);
  },
  kernel: (n) => (seed) => kernelMmc(c, lambda, mu, n, seed),
};
const subject = subjects[name as string];
if (!subject) throw new Error(`expected engine or kernel, got ${name}`);

for (let run = 0; run < 2; run++) {
  subject(customers / 10)(100 + run);
  ceilingMmc(c, lambda, mu, customers / 10, 100 + run);
}
const measured = subject(customers);
let best = 0;
let ceiling = 0;
for (let round = 0; round < rounds; round++) {
  best = Math.max(best, eventsPerSecond(() => measured(round)));
  ceiling = Math.max(ceiling, eventsPerSecond(() => ceilingMmc(c, lambda, mu, customers, round)));
}
console.log(JSON.stringify({ [name as string]: best, ceiling }));
