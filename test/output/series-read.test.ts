/**
 * A run's series read back for the report in bounded memory: a long series becomes 400 stretches
 * whose mean, minimum and maximum are those of its samples; its average day and week are the
 * means per hour of the samples' dates; task events are kept one in k.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ENVELOPE_BUCKETS, EVENT_POINTS, readEvents, readSeries } from '../../src/output/series-read.js';
import { tempDir } from '../helpers/cli.js';

const MONDAY = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;

it('reduces a long series to stretches and an average day and week, by the samples dates', () => {
  const file = path.join(tempDir(), 's0-r0.lp');
  const n = 24 * 7 * 10; // ten weeks of hourly samples, each closing its hour
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const end = MONDAY + (i + 1) * HOUR;
    const hourOfWeek = i % 168;
    lines.push(`pipesim_pool,experiment=x,pool=gpu,replication=0,run=r,scenario=base utilisation=${hourOfWeek / 168},queue=${i} ${end}000000`);
    lines.push(`pipesim_platform,experiment=x,replication=0,run=r,scenario=base arrivals=${i % 24}i,in_flight=1,network_bytes=0,completed=1${i % 2 === 0 ? ',wait_mean=60' : ''} ${end}000000`);
  }
  // A wait is written only for intervals in which something completed (NaN fields are left out).
  writeFileSync(file, `${lines.join('\n')}\n`);
  const s = readSeries(file);
  expect(s.interval).toBe(HOUR);
  const queue = s.pools.gpu!.queue;
  expect(queue.samples).toBe(n);
  expect(queue.stretches).toHaveLength(ENVELOPE_BUCKETS);
  // Stretch b holds the samples i with ⌊i·400/n⌋ = b: ⌈b·n/400⌉ … ⌈(b+1)·n/400⌉ − 1; queue = sample index.
  for (const b of [0, 1, 123, ENVELOPE_BUCKETS - 1]) {
    const from = Math.ceil((b * n) / ENVELOPE_BUCKETS);
    const to = Math.ceil(((b + 1) * n) / ENVELOPE_BUCKETS) - 1;
    expect(queue.stretches![b]).toEqual({ x: MONDAY + (to + 1) * HOUR, mean: (from + to) / 2, min: from, max: to });
  }
  // Utilisation is the hour of the week / 168: its average week is exactly that, its average day the mean over days.
  const week = s.pools.gpu!.utilisation.week;
  expect(week.map((v) => Math.round(v! * 168))).toEqual(Array.from({ length: 168 }, (_, h) => h));
  expect(s.platform.arrivals.day).toEqual(Array.from({ length: 24 }, (_, h) => h));
  // Intervals without a completion have no wait: the hours they fall on average the others.
  expect(s.platform.waitMean.day).toEqual(Array.from({ length: 24 }, (_, h) => (h % 2 === 0 ? 60 : null)));
});

it('keeps a short series whole, and at most EVENT_POINTS task events, one in k', () => {
  const dir = tempDir();
  const series = path.join(dir, 'short.lp');
  writeFileSync(series, Array.from({ length: 10 }, (_, i) => `pipesim_pool,pool=cpu utilisation=0.5,queue=${i} ${MONDAY + (i + 1) * HOUR}000000\n`).join(''));
  const short = readSeries(series).pools.cpu!.queue;
  expect(short.stretches).toBeUndefined();
  expect(short.points!.map((p) => p.y)).toEqual(Array.from({ length: 10 }, (_, i) => i));

  const events = path.join(dir, 'events.lp');
  const total = 5 * EVENT_POINTS + 3;
  writeFileSync(events, Array.from({ length: total }, (_, i) => `pipesim_task,kind=t,pool=${i % 2 ? 'a' : 'b'},tenant=x wait=${i},start=0 ${MONDAY + i * 1000}000000\n`).join(''));
  const kept = readEvents(events);
  expect(kept.total).toBe(total);
  expect(kept.step).toBe(6);
  expect(kept.waitSeconds.slice(0, 3)).toEqual([0, 6, 12]);
  expect(kept.startTimes.length).toBeLessThanOrEqual(EVENT_POINTS);
});
