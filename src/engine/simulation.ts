/**
 * Simulation: the clock and the event loop of one run. Handlers are plain functions in a
 * table indexed by event kind; an event carries one integer argument (an entity id).
 */
import { EventHeap } from './heap.js';
import { OrderedLane } from './ordered-lane.js';

/** An event handler: receives the event's integer argument; the clock is already advanced. */
export type EventHandler = (arg: number) => void;

/** Discrete-event simulation kernel; a run is a pure function of the handlers and their draws. */
export class Simulation {
  /** Current simulated time in seconds. */
  now = 0;
  /** Events processed so far (for throughput reporting). */
  eventsProcessed = 0;
  private readonly heap = new EventHeap();
  private readonly lane = new OrderedLane();
  private readonly handlers: EventHandler[] = [];
  private stopped = false;
  /** Set when `run` returned because its event budget ran out, not because time or events did. */
  budgetSpent = false;
  /** Insertion counter shared by the heap and the lane: ties break by it, and only by it. */
  private nextSeq = 0;
  /** Time of the last event put in the lane. */
  private laneLast = 0;

  /** Registers a handler and returns the event kind that dispatches to it. */
  register(handler: EventHandler): number {
    this.handlers.push(handler);
    return this.handlers.length - 1;
  }

  /** Schedules an event of `kind` after `delay` seconds (delay ≥ 0). */
  schedule(delay: number, kind: number, arg: number): void {
    this.heap.push(this.now + delay, this.nextSeq++, kind, arg);
  }

  /**
   * Schedules an event of `kind` after the delay held in `record[at]` (≥ 0): the same as
   * `schedule(record[at], …)`, for hot callers. A double passed to a call V8 does not inline is
   * boxed on the heap, and whether it inlines `schedule` into a large caller varies from one
   * process to the next; an array and an index are never boxed.
   */
  scheduleAfter(record: Float64Array, at: number, kind: number, arg: number): void {
    this.heap.push(this.now + (record[at] as number), this.nextSeq++, kind, arg);
  }

  /** Schedules an event at absolute time `time` (never before now). */
  scheduleAt(time: number, kind: number, arg: number): void {
    this.heap.push(time < this.now ? this.now : time, this.nextSeq++, kind, arg);
  }

  /**
   * Schedules an event at `time` through the ordered lane, for sources whose events come in
   * non-decreasing time (successive arrivals). Same order as `scheduleAt`, without the heap's
   * cost. An event earlier than the lane's last one (a second source interleaving) goes to the
   * heap instead, so the lane stays sorted whoever uses it.
   */
  scheduleOrdered(time: number, kind: number, arg: number): void {
    const at = time < this.now ? this.now : time;
    if (at < this.laneLast) {
      this.heap.push(at, this.nextSeq++, kind, arg);
      return;
    }
    this.laneLast = at;
    this.lane.push(at, this.nextSeq++, kind, arg);
  }

  /** Number of pending events. */
  get pending(): number {
    return this.heap.size + this.lane.size;
  }

  /** Makes `run` return after the current event. */
  stop(): void {
    this.stopped = true;
  }

  /** Whether the last `run` ended by `stop`. */
  get halted(): boolean {
    return this.stopped;
  }

  /**
   * Processes events in (time, insertion) order until the next one is later than `until`,
   * none are left, or `stop()` is called; the clock then stands at `until` (or the stop time).
   * At most `budget` events are processed: past it `budgetSpent` is set and the clock stays at
   * the last event (a deterministic bound on runaway runs, the same on every machine).
   */
  run(until: number, budget = Infinity): void {
    this.stopped = false;
    this.budgetSpent = false;
    this.eventsProcessed += this.loop(until, budget);
    if (!this.stopped && !this.budgetSpent && until !== Infinity) this.now = until;
  }

  /**
   * The event loop alone, returning the events it processed. Kept apart from `run`'s
   * bookkeeping: V8 optimises a long loop on the stack while it runs, before the code after it
   * has ever run, and an optimised loop followed by such code was thrown away at every return
   * (one deoptimisation per `run` call, 17 per platform run) — some processes then ran the
   * whole loop unoptimised, allocating a heap number per event.
   */
  private loop(until: number, budget: number): number {
    const heap = this.heap;
    const lane = this.lane;
    const handlers = this.handlers;
    let processed = 0;
    for (;;) {
      const heapTime = heap.peekTime();
      const laneTime = lane.peekTime();
      // The earlier of the two heads by (time, seq); the lane is usually empty or later.
      const fromLane = laneTime < heapTime || (laneTime === heapTime && laneTime !== Infinity && lane.peekSeq() < heap.peekSeq());
      const next = fromLane ? laneTime : heapTime;
      // Infinity means both are empty, which must end even run(Infinity).
      if (next > until || next === Infinity) return processed;
      if (processed >= budget) {
        this.budgetSpent = true;
        return processed;
      }
      let kind: number;
      let arg: number;
      if (fromLane) {
        lane.pop();
        this.now = lane.poppedTime;
        kind = lane.poppedKind;
        arg = lane.poppedArg;
      } else {
        heap.pop();
        this.now = heap.poppedTime;
        kind = heap.poppedKind;
        arg = heap.poppedArg;
      }
      processed++;
      (handlers[kind] as EventHandler)(arg);
      if (this.stopped) return processed;
    }
  }
}
