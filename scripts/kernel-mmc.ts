/**
 * The event kernel alone on M/M/c, for `npm run bench`: PipeSim's Simulation (heap, ordered
 * arrival lane, handler table) with two small handlers and no platform model. Between it and
 * the ceiling loop, it shows how much of the engine's cost is the kernel and how much the model.
 */
import seedrandom from 'seedrandom';
import { IntQueue, Simulation } from '../src/engine/index.js';

/** Simulates `customers` arrivals of M/M/c; returns events processed and the mean wait. */
export function kernelMmc(c: number, lambda: number, mu: number, customers: number, seed: number): { events: number; meanWait: number } {
  const arrivals = seedrandom.xor4096(`kernel|${seed}|arrivals`);
  const services = seedrandom.xor4096(`kernel|${seed}|services`);
  const sim = new Simulation();
  const waiting = new IntQueue();
  const arrivedAt = new Float64Array(customers);
  let busy = 0;
  let arrived = 0;
  let served = 0;
  let waitSum = 0;
  const departure = sim.register(() => {
    const next = waiting.shift();
    if (next < 0) {
      busy--;
      return;
    }
    waitSum += sim.now - (arrivedAt[next] as number);
    served++;
    sim.schedule(-Math.log(1 - services()) / mu, departure, 0);
  });
  const arrival = sim.register(() => {
    const id = arrived++;
    arrivedAt[id] = sim.now;
    if (arrived < customers) sim.scheduleOrdered(sim.now - Math.log(1 - arrivals()) / lambda, arrival, 0);
    if (busy < c) {
      busy++;
      served++;
      sim.schedule(-Math.log(1 - services()) / mu, departure, 0);
    } else {
      waiting.push(id);
    }
  });
  sim.scheduleOrdered(-Math.log(1 - arrivals()) / lambda, arrival, 0);
  sim.run(Infinity);
  return { events: sim.eventsProcessed, meanWait: waitSum / served };
}
