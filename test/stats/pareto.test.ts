/** Pareto marking on a hand-built set, each answer worked out by hand, and on a sweep's summary. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/experiment/index.js';
import { loadExperiment } from '../../src/experiment/load.js';
import { paretoFront } from '../../src/stats/pareto.js';
import { tempDir } from '../helpers/cli.js';

describe('paretoFront', () => {
  // cost (lower is better) and quality.mean (higher is better).
  const metrics = ['cost.total', 'quality.mean'];
  const points = [
    { index: 0, values: [100, 0.80] }, // dominated by 1 (cheaper, better)
    { index: 1, values: [90, 0.85] }, // front
    { index: 2, values: [120, 0.95] }, // front: the best quality
    { index: 3, values: [60, 0.70] }, // front: the cheapest
    { index: 4, values: [90, 0.84] }, // dominated by 1 (same cost, worse quality)
    { index: 5, values: [130, 0.95] }, // dominated by 2 (same quality, dearer)
    { index: 6, values: [NaN, 0.99] }, // no mean of cost: on no front
  ];
  it('keeps exactly the scenarios no other beats on every metric', () => {
    expect(paretoFront(points, metrics)).toEqual([1, 2, 3]);
  });
  it('keeps both of two identical scenarios (neither is better on any metric)', () => {
    expect(paretoFront([{ index: 0, values: [1, 2] }, { index: 1, values: [1, 2] }], ['cost.total', 'pipeline.wait.p95'])).toEqual([0, 1]);
  });
  it('follows each metric\'s direction: three lower-is-better metrics', () => {
    const three = [
      { index: 0, values: [1, 5, 5] }, { index: 1, values: [5, 1, 5] }, { index: 2, values: [5, 5, 1] },
      { index: 3, values: [2, 2, 2] }, { index: 4, values: [3, 3, 3] },
    ];
    expect(paretoFront(three, ['cost.total', 'pipeline.wait.p95', 'pipeline.latency.mean'])).toEqual([0, 1, 2, 3]);
  });
});

describe('a sweep with pareto:', () => {
  it('marks in summary.json and the report exactly the scenarios no other beats, and names a metric the runs lack', async () => {
    const experiment = await loadExperiment('test/fixtures/experiments/pareto.yaml');
    const { summary, dir } = await runExperiment(experiment, { workers: 1, resultsRoot: tempDir() });
    const pareto = summary.pareto!;
    // quality.mean: the fixture has no quality: section.
    expect(pareto.metrics).toEqual(['cost.total', 'pipeline.wait.mean']);
    expect(summary.warnings).toContain("pareto.metrics: no metric 'quality.mean' in these runs; the Pareto front leaves it out");
    // Dominance checked by brute force, both metrics lower-is-better.
    const mean = (i: number, m: string) => summary.scenarios[i]!.metrics[m]!.mean;
    const beats = (a: number, b: number) => pareto.metrics.every((m) => mean(a, m) <= mean(b, m)) && pareto.metrics.some((m) => mean(a, m) < mean(b, m));
    const expected = summary.scenarios.map((s) => s.index).filter((i) => !summary.scenarios.some((o) => o.index !== i && beats(o.index, i)));
    expect(pareto.front).toEqual(expected);
    expect(pareto.front.length).toBeGreaterThan(0);
    expect(pareto.front.length).toBeLessThan(summary.scenarios.length);
    expect(pareto.labels).toEqual(pareto.front.map((i) => summary.scenarios[i]!.label));
    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    expect(html).toContain('<h2>Pareto front</h2>');
    expect(html).toContain('"id":"pareto"');
  });
});
