/**
 * Simulation: the clock and the event loop of one run. Handlers are plain functions in a
 * table indexed by event kind; an event carries one integer argument (an entity id).
 */
import { EventHeap } from './heap.js';

/** An event handler: receives the event's integer argument; the clock is already advanced. */
export type EventHandler = (arg: number) => void;

/** Discrete-event simulation kernel; a run is a pure function of the handlers and their draws. */
export class Simulation {
  /** Current simulated time in seconds. */
  now = 0;
  /** Events processed so far (for throughput reporting). */
  eventsProcessed = 0;
  private readonly heap = new EventHeap();
  private readonly handlers: EventHandler[] = [];
  private stopped = false;

  /** Registers a handler and returns the event kind that dispatches to it. */
  register(handler: EventHandler): number {
    this.handlers.push(handler);
    return this.handlers.length - 1;
  }

  /** Schedules an event of `kind` after `delay` seconds (delay ≥ 0). */
  schedule(delay: number, kind: number, arg: number): void {
    this.heap.push(this.now + delay, kind, arg);
  }

  /** Schedules an event at absolute time `time` (never before now). */
  scheduleAt(time: number, kind: number, arg: number): void {
    this.heap.push(time < this.now ? this.now : time, kind, arg);
  }

  /** Number of pending events. */
  get pending(): number {
    return this.heap.size;
  }

  /** Makes `run` return after the current event. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Processes events in (time, insertion) order until the next one is later than `until`,
   * none are left, or `stop()` is called; the clock then stands at `until` (or the stop time).
   */
  run(until: number): void {
    const heap = this.heap;
    const handlers = this.handlers;
    this.stopped = false;
    let processed = 0;
    while (heap.size > 0 && heap.peekTime() <= until) {
      heap.pop();
      this.now = heap.poppedTime;
      processed++;
      (handlers[heap.poppedKind] as EventHandler)(heap.poppedArg);
      if (this.stopped) break;
    }
    this.eventsProcessed += processed;
    if (!this.stopped && until !== Infinity) this.now = until;
  }
}
