/**
 * The engine against the ceiling loop on M/M/c, for `npm run bench`, in a process of its own:
 * the bench's process also runs the baseline platform, and once it has, V8's feedback for the
 * shared model code is polymorphic and M/M/c runs ~10% slower there (a worker running one
 * experiment never mixes the two). Prints the best events/s of each over interleaved rounds,
 * after untimed warm-up runs.
 * Usage: node dist/scripts/engine-bench.js <c> <lambda> <mu> <customers> <rounds>
 */
import { fifo, runScenario } from '../src/model/index.js';
import { ceilingMmc } from './ceiling-mmc.js';
import { mmcScenario } from './mmc.js';
import { eventsPerSecond } from './timing.js';

const [c, lambda, mu, customers, rounds] = process.argv.slice(2).map(Number) as [number, number, number, number, number];
// Warm-up, untimed: a worker runs many replications, so its steady state is what counts. The
// first runs of a process pay for compilation, and again for re-optimisation once a second
// simulation object exists (V8 then stops treating its fields as constants).
for (let run = 0; run < 2; run++) {
  runScenario(mmcScenario(c, lambda, mu, customers / 10 / lambda, 0), fifo, 1, 100 + run);
  ceilingMmc(c, lambda, mu, customers / 10, 100 + run);
}
const scenario = mmcScenario(c, lambda, mu, customers / lambda, 0);
let engine = 0;
let ceiling = 0;
for (let round = 0; round < rounds; round++) {
  engine = Math.max(engine, eventsPerSecond(() => runScenario(scenario, fifo, 1, round)));
  ceiling = Math.max(ceiling, eventsPerSecond(() => ceilingMmc(c, lambda, mu, customers, round)));
}
console.log(JSON.stringify({ engine, ceiling }));
