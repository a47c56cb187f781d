/**
 * Outlying replications: the generalized ESD test against samples of known law (its false-alarm
 * rate on normal replications, its power on planted jams, two jams that a single Grubbs test
 * would miss), and on the reference platform, whose third replication jams.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/experiment/index.js';
import { loadExperiment } from '../../src/experiment/load.js';
import { jStat, RandomStreams } from '../../src/random/index.js';
import { outlierIndices, outlierReplications, OUTLIER_LEVEL } from '../../src/stats/outliers.js';
import { tempDir } from '../helpers/cli.js';

const normals = (seed: number, count: number, n: number): number[][] => {
  const rng = new RandomStreams(seed, 0).stream('values');
  return Array.from({ length: count }, () => Array.from({ length: n }, () => jStat.normal.inv(rng(), 0, 1)));
};

/** Bounds that a binomial(count, p) count falls outside with probability about 1e-4. */
const binomialBounds = (count: number, p: number): [number, number] => {
  const sd = Math.sqrt(count * p * (1 - p));
  return [count * p - 3.9 * sd, count * p + 3.9 * sd];
};

describe('outlierIndices (generalized ESD)', () => {
  it('finds the one far value, and nothing in values that do not vary or in fewer than five', () => {
    expect(outlierIndices([1, 1.1, 0.9, 1.05, 0.95, 1, 100])).toEqual([6]);
    expect(outlierIndices([3, 3, 3, 3, 3, 3])).toEqual([]);
    expect(outlierIndices([1, 1.1, 0.9, 100])).toEqual([]);
  });

  for (const n of [10, 30]) {
    it(`raises a false alarm on at most its level of ${n} normal replications, and not never (level 0.01 over 6,000 samples)`, () => {
      const samples = normals(n, 6000, n);
      const alarms = samples.filter((s) => outlierIndices(s, 0.01).length > 0).length;
      // The steps share the level (Bonferroni), so the whole test is conservative: at most nominal.
      expect(alarms).toBeLessThanOrEqual(binomialBounds(samples.length, 0.01)[1]);
      expect(alarms).toBeGreaterThanOrEqual(binomialBounds(samples.length, 0.002)[0]);
    });
  }

  it('at its default level raises about one alarm in a thousand normal samples of 10', () => {
    const samples = normals(7, 10_000, 10);
    const alarms = samples.filter((s) => outlierIndices(s).length > 0).length;
    expect(alarms).toBeLessThanOrEqual(binomialBounds(samples.length, OUTLIER_LEVEL)[1]);
  });

  it('finds a jam planted 20 sd away in 10 replications nearly always, and only it', () => {
    const samples = normals(11, 1000, 10);
    let exact = 0;
    for (const s of samples) {
      s[4] = 20;
      if (JSON.stringify(outlierIndices(s)) === '[4]') exact++;
    }
    expect(exact).toBeGreaterThanOrEqual(990);
  });

  it('finds two jams that hide each other from a single Grubbs test', () => {
    const values = [10.2, 9.8, 10.1, 9.9, 10, 10.3, 9.7, 10, 500, 510];
    // Grubbs on the most extreme value alone: G is below its critical value even at level 0.05.
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / (values.length - 1));
    const t = jStat.studentt.inv(1 - 0.05 / 20, 8);
    expect(Math.abs(510 - mean) / sd).toBeLessThan((9 * t) / Math.sqrt((8 + t * t) * 10));
    expect(outlierIndices(values)).toEqual([8, 9]);
  });
});

describe('outlierReplications', () => {
  const runs = (waits: number[], inFlight: number[]) => waits.map((w, i) => ({ replication: i, metrics: { 'pipeline.wait.mean': w, 'pipeline.inFlight': inFlight[i] as number } }));

  it('names the replication, the others\' median and mean, and its pipelines in flight', () => {
    const found = outlierReplications(runs([100, 102, 98, 101, 99, 100, 5000, 103, 97, 100], [1, 2, 1, 0, 1, 2, 900, 1, 1, 3]));
    expect(found).toEqual([{ metric: 'pipeline.wait.mean', replication: 6, value: 5000, medianOfOthers: 100, meanWithout: 100, inFlight: 900, inFlightMedianOfOthers: 1 }]);
  });

  it('leaves out a replication that is statistically distinct but within 10% of the others', () => {
    const waits = [100, 100.01, 99.99, 100.02, 99.98, 100, 105, 100.01, 99.99, 100];
    expect(outlierIndices(waits)).toEqual([6]);
    expect(outlierReplications(runs(waits, waits.map(() => 0)))).toEqual([]);
  });
});

describe('the reference platform over 10 replications', () => {
  it('warns that replication 2 jammed, in summary.json and summary.md, with the mean without it', async () => {
    const experiment = await loadExperiment('experiments/baseline.yaml', { set: [['replications', 10]], timeseries: false });
    const { summary, dir } = await runExperiment(experiment, { workers: 2, resultsRoot: tempDir() });
    const scenario = summary.scenarios[0]!;
    const outliers = scenario.outliers ?? [];
    expect(outliers.map((o) => [o.metric, o.replication])).toEqual([['pipeline.wait.mean', 2], ['pipeline.latency.mean', 2]]);
    const wait = outliers[0]!;
    // Its mean wait is over a thousand times the others', and it ends the year with tens of thousands in flight.
    expect(wait.value / wait.medianOfOthers).toBeGreaterThan(1000);
    expect(wait.inFlight! / Math.max(1, wait.inFlightMedianOfOthers!)).toBeGreaterThan(1000);
    expect(wait.meanWithout).toBeLessThan(scenario.metrics['pipeline.wait.mean']!.mean / 100);
    const warning = summary.warnings?.find((w) => w.startsWith('replication 2 is an outlier'));
    expect(warning).toMatch(/pipeline\.wait\.mean and pipeline\.latency\.mean .*: a jam\./);
    expect(readFileSync(path.join(dir, 'summary.md'), 'utf8')).toContain('replication 2 is an outlier');
    // The censoring warning's mean in flight is mostly the jam's: it says so.
    expect(summary.warnings?.find((w) => w.includes('pipelines per run were still waiting'))).toMatch(/a mean over replications: replication 2 alone had 5\d,\d{3}\)/);
  });
});
