/** The forecast's sentence of conclusion, per pool, on reports worked by hand. */
import { expect, it } from 'vitest';
import type { ForecastReport } from '../../src/output/documents.js';
import { forecastConclusion } from '../../src/report/forecast.js';

const report = (today: Record<string, number>, needs: Record<string, (number | null)[]>): ForecastReport => ({
  objective: { metric: 'pipeline.wait.mean', max: 600 }, confidence: 0.95, replications: 5, complete: true, evaluations: 10, today,
  steps: [1, 1.5, 2].map((growth, i) => ({ growth, capacities: Object.fromEntries(Object.entries(needs).map(([p, n]) => [p, n[i] ?? null])) })),
});

it('says how far today carries each pool, where it falls short, and when it already is', () => {
  expect(forecastConclusion(report({ gpu: 12, cpu: 16, big: 99 }, { gpu: [15, 21, 28], cpu: [16, 16, 29], big: [40, 50, 60] }))).toEqual([
    'gpu: already short — at 1× it needs 15, and has 12.',
    "cpu: today's 16 meet the objective up to 1.5× growth; at 2× it needs 29.",
    "big: today's 99 meet the objective at every growth factor forecast (up to 2×).",
  ]);
  expect(forecastConclusion(report({ gpu: 30 }, { gpu: [15, 21, null] }))).toEqual([
    "gpu: today's 30 meet the objective up to 1.5× growth; at 2× it needs more than the search allows.",
  ]);
  // A report from before `today` was recorded says nothing rather than guess.
  const { today: _, ...older } = report({ gpu: 1 }, { gpu: [1, 2, 3] });
  expect(forecastConclusion(older)).toEqual([]);
});
