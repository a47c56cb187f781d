/**
 * The ceiling for `npm run bench`: a minimal hand-written M/M/c event loop (binary heap over
 * typed arrays, FIFO ring buffer, the same seeded generator as the engine), with no model,
 * no policies and no metrics beyond the mean wait. Nothing in PipeSim can beat it.
 */
import seedrandom from 'seedrandom';

/** Simulates `customers` arrivals of M/M/c; returns events processed and the mean wait. */
export function ceilingMmc(c: number, lambda: number, mu: number, customers: number, seed: number): { events: number; meanWait: number } {
  const arrivals = seedrandom.xor4096(`ceiling|${seed}|arrivals`);
  const services = seedrandom.xor4096(`ceiling|${seed}|services`);
  let capacity = 1024;
  let times = new Float64Array(capacity);
  let seqs = new Float64Array(capacity);
  let kinds = new Int32Array(capacity);
  let size = 0;
  let nextSeq = 0;
  const push = (time: number, kind: number): void => {
    if (size === capacity) {
      capacity *= 2;
      const t = new Float64Array(capacity); t.set(times); times = t;
      const s = new Float64Array(capacity); s.set(seqs); seqs = s;
      const k = new Int32Array(capacity); k.set(kinds); kinds = k;
    }
    const seq = nextSeq++;
    let i = size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && seqs[parent]! < seq)) break;
      times[i] = pt; seqs[i] = seqs[parent]!; kinds[i] = kinds[parent]!;
      i = parent;
    }
    times[i] = time; seqs[i] = seq; kinds[i] = kind;
  };
  let poppedTime = 0;
  let poppedKind = 0;
  const pop = (): void => {
    poppedTime = times[0]!; poppedKind = kinds[0]!;
    const last = --size;
    const time = times[last]!; const seq = seqs[last]!; const kind = kinds[last]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && (times[child + 1]! < times[child]! || (times[child + 1] === times[child] && seqs[child + 1]! < seqs[child]!))) child++;
      if (time < times[child]! || (time === times[child] && seq < seqs[child]!)) break;
      times[i] = times[child]!; seqs[i] = seqs[child]!; kinds[i] = kinds[child]!;
      i = child;
    }
    times[i] = time; seqs[i] = seq; kinds[i] = kind;
  };
  const queue = new Float64Array(1 << 20);
  let head = 0;
  let tail = 0;
  let busy = 0;
  let arrived = 0;
  let served = 0;
  let waitSum = 0;
  let events = 0;
  let now: number;
  const ARRIVAL = 0;
  const DEPARTURE = 1;
  push(-Math.log(1 - arrivals()) / lambda, ARRIVAL);
  while (size > 0) {
    pop();
    now = poppedTime;
    events++;
    if (poppedKind === ARRIVAL) {
      arrived++;
      if (arrived < customers) push(now - Math.log(1 - arrivals()) / lambda, ARRIVAL);
      if (busy < c) {
        busy++;
        served++;
        push(now - Math.log(1 - services()) / mu, DEPARTURE);
      } else {
        queue[tail] = now; tail = (tail + 1) & (queue.length - 1);
      }
    } else if (head !== tail) {
      waitSum += now - queue[head]!;
      head = (head + 1) & (queue.length - 1);
      served++;
      push(now - Math.log(1 - services()) / mu, DEPARTURE);
    } else {
      busy--;
    }
  }
  return { events, meanWait: waitSum / served };
}
