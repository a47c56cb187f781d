/**
 * The event kernel alone against the ceiling loop on M/M/c, for `npm run bench`, in a process
 * of its own: measured in the bench's process, the kernel's handlers shared the Simulation
 * class with the engine's and cost the engine ~5% there (V8's feedback is per function).
 * Prints the best events/s of each over interleaved rounds, after untimed warm-up runs.
 * Usage: node dist/scripts/kernel-bench.js <c> <lambda> <mu> <customers> <rounds>
 */
import { ceilingMmc } from './ceiling-mmc.js';
import { kernelMmc } from './kernel-mmc.js';
import { eventsPerSecond } from './timing.js';

const [c, lambda, mu, customers, rounds] = process.argv.slice(2).map(Number) as [number, number, number, number, number];
for (let run = 0; run < 2; run++) {
  kernelMmc(c, lambda, mu, customers / 10, 100 + run);
  ceilingMmc(c, lambda, mu, customers / 10, 100 + run);
}
let kernel = 0;
let ceiling = 0;
for (let round = 0; round < rounds; round++) {
  kernel = Math.max(kernel, eventsPerSecond(() => kernelMmc(c, lambda, mu, customers, round)));
  ceiling = Math.max(ceiling, eventsPerSecond(() => ceilingMmc(c, lambda, mu, customers, round)));
}
console.log(JSON.stringify({ kernel, ceiling }));
