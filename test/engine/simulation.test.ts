import { describe, expect, it } from 'vitest';
import { IntQueue, Simulation } from '../../src/engine/index.js';

describe('Simulation', () => {
  it('dispatches events in time order, ties in scheduling order, and records an exact trace', () => {
    const sim = new Simulation();
    const trace: string[] = [];
    const ping = sim.register((arg) => {
      trace.push(`${sim.now}:ping${arg}`);
      if (arg < 3) sim.schedule(2, ping, arg + 1);
    });
    const pong = sim.register((arg) => trace.push(`${sim.now}:pong${arg}`));
    sim.schedule(0, ping, 0);
    sim.schedule(2, pong, 0);
    sim.schedule(2, pong, 1);
    sim.run(100);
    // At t=2 the pongs were scheduled before ping1, so they go first.
    expect(trace).toEqual(['0:ping0', '2:pong0', '2:pong1', '2:ping1', '4:ping2', '6:ping3']);
    expect(sim.eventsProcessed).toBe(6);
    expect(sim.now).toBe(100);
  });

  it('stops at `until`, leaving later events pending, and can continue', () => {
    const sim = new Simulation();
    const seen: number[] = [];
    const kind = sim.register((arg) => seen.push(arg));
    for (let t = 1; t <= 10; t++) sim.schedule(t, kind, t);
    sim.run(4.5);
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(sim.pending).toBe(6);
    sim.run(Infinity);
    expect(seen).toHaveLength(10);
  });

  it('stop() ends the run after the current event', () => {
    const sim = new Simulation();
    let count = 0;
    const kind = sim.register(() => {
      count++;
      if (count === 3) sim.stop();
      sim.schedule(1, kind, 0);
    });
    sim.schedule(0, kind, 0);
    sim.run(1000);
    expect(count).toBe(3);
    expect(sim.now).toBe(2);
  });

  it('processes at most `budget` events, says so, and leaves the clock at the last one', () => {
    const sim = new Simulation();
    let count = 0;
    // A source that never ends at a fixed step: the kind of run an event budget must stop.
    const kind = sim.register(() => {
      count++;
      sim.schedule(0.5, kind, 0);
    });
    sim.schedule(0, kind, 0);
    sim.run(1000, 7);
    expect(count).toBe(7);
    expect(sim.eventsProcessed).toBe(7);
    expect(sim.budgetSpent).toBe(true);
    expect(sim.now).toBe(3);
    // A budget the run does not reach changes nothing.
    const free = new Simulation();
    const k = free.register(() => undefined);
    for (let t = 1; t <= 5; t++) free.schedule(t, k, 0);
    free.run(100, 5);
    expect(free.budgetSpent).toBe(false);
    expect(free.now).toBe(100);
  });
});

describe('ordered lane', () => {
  it('merges with the heap in (time, insertion) order, ties included, and drains completely', () => {
    const sim = new Simulation();
    const trace: string[] = [];
    const mark = sim.register((arg) => trace.push(`${sim.now}:${arg}`));
    sim.scheduleOrdered(1, mark, 1);
    sim.scheduleAt(1, mark, 2);
    sim.scheduleOrdered(1, mark, 3);
    sim.scheduleAt(0.5, mark, 4);
    sim.scheduleOrdered(2, mark, 5);
    sim.scheduleAt(2, mark, 6);
    sim.run(Infinity);
    expect(trace).toEqual(['0.5:4', '1:1', '1:2', '1:3', '2:5', '2:6']);
    expect(sim.pending).toBe(0);
  });
});

it('keeps time order when two sources interleave their ordered events', () => {
  const sim = new Simulation();
  const times: number[] = [];
  const mark = sim.register(() => times.push(sim.now));
  // Source A every 10, source B every 3: each is ordered, together they are not.
  for (let t = 10; t <= 100; t += 10) sim.scheduleOrdered(t, mark, 0);
  for (let t = 3; t <= 99; t += 3) sim.scheduleOrdered(t, mark, 0);
  sim.run(Infinity);
  expect(times).toEqual([...times].sort((a, b) => a - b));
  expect(times).toHaveLength(10 + 33);
});

describe('IntQueue', () => {
  it('is FIFO across wrap-around and growth', () => {
    const q = new IntQueue();
    const expected: number[] = [];
    const got: number[] = [];
    let next = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 37; i++) { q.push(next); expected.push(next++); }
      for (let i = 0; i < 30; i++) got.push(q.shift());
    }
    while (q.length > 0) got.push(q.shift());
    expect(got).toEqual(expected);
    expect(q.shift()).toBe(-1);
  });
});
