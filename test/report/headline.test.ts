/** report.html's first lines, on summaries worked by hand. */
import { expect, it } from 'vitest';
import type { ComparisonReport, SummaryDocument } from '../../src/output/documents.js';
import { headline } from '../../src/report/headline.js';
import type { Interval, ScenarioSummary } from '../../src/stats/index.js';

const interval = (mean: number, halfWidth: number): Interval => ({ n: 5, mean, sd: 1, low: mean - halfWidth, high: mean + halfWidth, halfWidth });
const scenario = (index: number, label: string, wait: number, bottleneck = 'gpu'): ScenarioSummary => ({
  index, label, parameters: {}, replications: 5, failed: 0, bottleneck, bottleneckCounts: { [bottleneck]: 5 },
  metrics: { 'pipeline.wait.inclusive.mean': interval(wait, 60), 'pipeline.wait.mean': interval(wait, 60), 'pool.gpu.utilisation': interval(0.555, 0.01) },
});
const summary = (scenarios: ScenarioSummary[], warnings?: string[]): SummaryDocument => ({
  experiment: 'demo', confidence: 0.95, complete: true, runs: { planned: 5 * scenarios.length, ok: 5 * scenarios.length, failed: 0 }, scenarios, ...(warnings ? { warnings } : {}),
});

it('a single scenario: its mean wait with the interval, and its bottleneck', () => {
  expect(headline(summary([scenario(0, 'base', 2400)]))).toEqual(['demo: 1 scenario(s), 5 run(s).', 'Mean wait 40.0 min ± 60.0 s; bottleneck gpu, 55.5% busy.']);
});

it('a sweep with a comparison: the best of each group, how many are shown worse, and the warnings to come', () => {
  const entry = (scenarioIndex: number, label: string, vsBest: 'best' | 'worse' | 'inconclusive') => ({ scenarioIndex, label, mean: 1, vsBest, relativeChange: NaN, relativeLow: NaN, relativeHigh: NaN, pAdjusted: NaN });
  const comparison = {
    baseline: 'policy.scheduler=fifo', confidence: 0.95, minEffect: 0.05, metrics: [], comparisons: [], rankBy: 'pipeline.wait.inclusive.mean',
    rankings: [{ group: 'capacity=12', entries: [entry(1, 'sjf, 12', 'best'), entry(0, 'fifo, 12', 'worse'), entry(2, 'fair, 12', 'inconclusive')] }],
  } satisfies ComparisonReport;
  expect(headline(summary([scenario(0, 'fifo, 12', 3000), scenario(1, 'sjf, 12', 1200), scenario(2, 'fair, 12', 1300)], ['pool gpu is saturated']), comparison)).toEqual([
    'demo: 3 scenario(s), 15 run(s).',
    'At capacity=12, best by pipeline.wait.inclusive.mean: sjf, 12; 1 of the other 2 shown worse.',
    '1 warning(s) below.',
  ]);
});

it('a sweep without a comparison: the lowest mean wait, and how to get verdicts', () => {
  expect(headline(summary([scenario(0, 'a', 3000), scenario(1, 'b', 1200)]))[1]).toBe('Lowest mean wait: b, 20.0 min ± 60.0 s (no comparison was asked for: add a compare: section for verdicts).');
});
