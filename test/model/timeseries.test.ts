/**
 * Time series recorded during a run: they never change what is simulated, and they add up to
 * the run's own metrics (arrivals, completions, time-averaged utilisation and queue length),
 * and handed out in chunks they are the same lines as in one piece.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fifo, runScenario } from '../../src/model/index.js';
import { scenario } from '../helpers/scenario.js';
import { SERIES_CHUNK } from '../../src/model/timeseries.js';
import { type RunSeries } from '../../src/core/records.js';
import { seriesLines } from '../../src/output/line-protocol.js';

const HOUR = 3600;
const baseline = () => {
  const raw = parse(readFileSync('experiments/baseline.yaml', 'utf8')) as Record<string, unknown>;
  for (const key of ['name', 'description', 'seed']) delete raw[key];
  return scenario({ ...raw, horizon: '21d', warmup: '3d' });
};

describe('time series', () => {
  const s = baseline();
  const plain = runScenario(s, fifo, 5, 0);
  const recorded = runScenario(s, fifo, 5, 0, { seriesInterval: HOUR });
  const series = recorded.series!;

  it('leave every metric of the run unchanged', () => {
    expect(recorded.metrics).toEqual(plain.metrics);
    expect(plain.series).toBeUndefined();
  });

  it('cover the whole run, one sample per interval', () => {
    expect(series.arrivals.length).toBe(24 * 24);
    expect(series.pools).toEqual(['cpu', 'gpu']);
  });

  it('add up to the run’s metrics after the warm-up', () => {
    const after = 3 * 24; // samples 72.. cover the measured 21 days
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    // Arrivals in measured intervals are the measured arrivals.
    expect(sum(series.arrivals.slice(after))).toBe(recorded.metrics['pipeline.arrived']);
    for (const [p, pool] of series.pools.entries()) {
      const meanUtil = sum(series.utilisation[p]!.slice(after)) / (series.arrivals.length - after);
      expect(meanUtil).toBeCloseTo(recorded.metrics[`pool.${pool}.utilisation`]!, 10);
      const meanQueue = sum(series.queue[p]!.slice(after)) / (series.arrivals.length - after);
      expect(meanQueue).toBeCloseTo(recorded.metrics[`pool.${pool}.queue.mean`]!, 9);
    }
    expect(sum(series.networkBytes.slice(after))).toBeCloseTo(recorded.metrics['network.bytes']!, -3);
    for (const u of series.utilisation.flat()) {
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThanOrEqual(1 + 1e-12);
    }
  });

  it('count every completed pipeline once, with its wait', () => {
    const completed = series.completed.reduce((a, b) => a + b, 0);
    // Completions include pipelines that arrived in the warm-up; those finished later still count.
    expect(completed).toBeGreaterThanOrEqual(recorded.metrics['pipeline.completed']!);
    expect(completed).toBeLessThanOrEqual(series.arrivals.reduce((a, b) => a + b, 0));
    series.waitMean.forEach((w, i) => (series.completed[i]! > 0 ? expect(w).toBeGreaterThanOrEqual(0) : expect(w).toBeNaN()));
  });
});

describe('series handed out in chunks (how a worker streams a long run)', () => {
  it('are, chunk after chunk and then the rest, exactly the series of one piece', () => {
    const s = baseline();
    const whole = runScenario(s, fifo, 5, 0, { seriesInterval: 60 }).series!;
    const chunks: RunSeries[] = [];
    const rest = runScenario(s, fifo, 5, 0, { seriesInterval: 60, onSeriesChunk: (c) => chunks.push(structuredClone(c)) }).series!;
    // 24 days at one minute: 34,560 samples, so eight full chunks of 4,096 and a rest.
    expect(chunks.map((c) => c.arrivals.length)).toEqual(Array(8).fill(SERIES_CHUNK));
    expect(chunks.map((c) => c.first)).toEqual(chunks.map((_, k) => k * SERIES_CHUNK));
    expect(rest.first).toBe(8 * SERIES_CHUNK);
    const tags = { experiment: 'e', run: 'r', scenario: 'base' };
    const pieces = [...chunks, rest].flatMap((c) => [...seriesLines(c, tags, 0)]);
    expect(pieces).toEqual([...seriesLines(whole, tags, 0)]);
  });
});
