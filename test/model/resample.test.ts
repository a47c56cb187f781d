/**
 * Replay with a block bootstrap (`replay.resample`): replications vary which weeks (or days)
 * the trace held. On a synthetic trace of eight weeks with known weekly counts, the arrivals
 * of a replication are a sum of eight weeks drawn with replacement, so their variance across
 * replications is 8 × the weekly counts' population variance — the interval's width follows.
 * Day blocks keep the week's shape: a trace with empty Sundays replays with empty Sundays.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fifo, loadScenarioInputs, runScenario } from '../../src/model/index.js';
import { jStat } from '../../src/random/index.js';
import { tempDir } from '../helpers/cli.js';
import { scenario } from '../helpers/scenario.js';

const DAY = 86400;
const WEEK = 7 * DAY;
const MONDAY = Date.UTC(2024, 0, 1) / 1000;
const WEEKLY = [100, 300, 150, 250, 200, 120, 280, 200];

/** A trace of `counts[w]` jobs spread evenly over week w (jobs on Sundays only if `sundays`). */
function trace(counts: number[], sundays: boolean): string {
  const rows: string[] = [];
  counts.forEach((count, w) => {
    const days = sundays ? 7 : 6;
    for (let j = 0; j < count; j++) rows.push(`${MONDAY + w * WEEK + ((j + 0.5) / count) * days * DAY},1,1`);
  });
  const file = path.join(tempDir(), 'weeks.csv');
  writeFileSync(file, `submit,duration,gpus\n${rows.join('\n')}\n`);
  return file;
}

const replayOf = (file: string, block?: string) => scenario({
  horizon: WEEKLY.length * WEEK, warmup: 0,
  platform: { pools: { gpu: { capacity: 1000 } } },
  workload: { replay: { trace: file, jitter: 0, ...(block ? { resample: { block } } : {}) } },
  tasks: { job: { pool: 'gpu' } },
});

describe('block bootstrap of a replayed trace', () => {
  it('7-day blocks: arrivals vary across replications as 8 weeks drawn with replacement (variance within its 99.9% chi-square band)', async () => {
    const s = replayOf(trace(WEEKLY, true), '7d');
    const inputs = await loadScenarioInputs(s);
    const R = 200;
    const arrived = Array.from({ length: R }, (_, r) => runScenario(s, fifo, 1, r, {}, inputs).metrics['pipeline.arrived']!);
    const mean = WEEKLY.reduce((a, b) => a + b, 0) / WEEKLY.length;
    const populationVariance = WEEKLY.reduce((a, c) => a + (c - mean) ** 2, 0) / WEEKLY.length;
    const expected = WEEKLY.length * populationVariance;
    const m = arrived.reduce((a, b) => a + b, 0) / R;
    const s2 = arrived.reduce((a, x) => a + (x - m) ** 2, 0) / (R - 1);
    const statistic = ((R - 1) * s2) / expected;
    expect(statistic).toBeGreaterThan(jStat.chisquare.inv(0.0005, R - 1));
    expect(statistic).toBeLessThan(jStat.chisquare.inv(0.9995, R - 1));
    expect(Math.abs(m - WEEKLY.length * mean)).toBeLessThan(4 * Math.sqrt(expected / R));
  });

  it('1-day blocks: arrivals vary as each day drawn among its weekday (variance within its 99.9% chi-square band)', async () => {
    // Day d of week w holds 20 + 10·((w·3 + d·5) mod 7) jobs: a known spread within each weekday.
    const daily = Array.from({ length: 8 }, (_, w) => Array.from({ length: 7 }, (_, d) => 20 + 10 * ((w * 3 + d * 5) % 7)));
    const rows: string[] = [];
    daily.forEach((days, w) => days.forEach((count, d) => {
      for (let j = 0; j < count; j++) rows.push(`${MONDAY + w * WEEK + d * DAY + ((j + 0.5) / count) * DAY},1,1`);
    }));
    const file = path.join(tempDir(), 'days.csv');
    writeFileSync(file, `submit,duration,gpus\n${rows.join('\n')}\n`);
    const s = replayOf(file, '1d');
    const inputs = await loadScenarioInputs(s);
    const R = 200;
    const arrived = Array.from({ length: R }, (_, r) => runScenario(s, fifo, 1, r, {}, inputs).metrics['pipeline.arrived']!);
    // Each of the 8 output weeks draws every weekday among that weekday's 8 recorded days.
    let expected = 0;
    for (let d = 0; d < 7; d++) {
      const counts = daily.map((days) => days[d]!);
      const mean = counts.reduce((a, b) => a + b, 0) / 8;
      expected += 8 * (counts.reduce((a, c) => a + (c - mean) ** 2, 0) / 8);
    }
    const m = arrived.reduce((a, b) => a + b, 0) / R;
    const statistic = arrived.reduce((a, x) => a + (x - m) ** 2, 0) / expected;
    expect(statistic).toBeGreaterThan(jStat.chisquare.inv(0.0005, R - 1));
    expect(statistic).toBeLessThan(jStat.chisquare.inv(0.9995, R - 1));
  });

  it('a block longer than the trace is the whole trace again; a block of 0 is refused by field', async () => {
    const s = replayOf(trace(WEEKLY, true), '100d');
    const inputs = await loadScenarioInputs(s);
    const counts = [0, 1, 2].map((r) => runScenario(s, fifo, 1, r, {}, inputs).metrics['pipeline.arrived']);
    expect(counts).toEqual([1600, 1600, 1600]);
    expect(() => replayOf('x.csv', '0s')).toThrow(/"resample",\s*"block"[\s\S]*expected a block length > 0/);
  });

  it('without resampling every replication replays the same jobs', async () => {
    const s = replayOf(trace(WEEKLY, true));
    const inputs = await loadScenarioInputs(s);
    const counts = [0, 1, 2].map((r) => runScenario(s, fifo, 1, r, {}, inputs).metrics['pipeline.arrived']);
    expect(new Set(counts).size).toBe(1);
  });

  it('1-day blocks draw each day among the same weekdays: empty Sundays stay empty', async () => {
    const s = replayOf(trace(WEEKLY, false), '1d');
    const inputs = await loadScenarioInputs(s);
    for (const r of [0, 1, 2]) {
      const byWeekday = new Array<number>(7).fill(0);
      runScenario(s, fifo, 1, r, { onArrival: (t) => { byWeekday[Math.floor(t / DAY) % 7]!++; } }, inputs);
      expect(byWeekday[6], `replication ${r}`).toBe(0);
      expect(byWeekday.slice(0, 6).every((c) => c > 0)).toBe(true);
    }
  });
});
