/** The discrete-event kernel: clock, event heap and integer queues. No model knowledge here. */
export { EventHeap } from './heap.js';
export { OrderedLane } from './ordered-lane.js';
export { Simulation, type EventHandler } from './simulation.js';
export { IntQueue } from './int-queue.js';
export { KeyHeap } from './key-heap.js';
