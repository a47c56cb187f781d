/** The forecast's sentence of conclusion, per pool, on reports worked by hand. */
import { expect, it } from 'vitest';
import type { ForecastReport } from '../../src/output/documents.js';
import { reportHtml } from '../../src/report/html.js';
import { cheapestTable, forecastConclusion, forecastMarkdown, forecastText } from '../../src/report/forecast.js';

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

const interval = (mean: number, halfWidth: number) => ({ n: 4, mean, sd: halfWidth, low: mean - halfWidth, high: mean + halfWidth, halfWidth });
const evaluation = (capacities: Record<string, number>, high: number, meets: boolean) => ({ capacities, interval: interval(high - 60, 60), meets, bottleneck: 'gpu' });

it('shows the cheapest platform beside the pool-by-pool answer, with the saving and what the fresh check said', () => {
  const byPool = { gpu: 16, cpu: 20 };
  const joint = { gpu: 17, cpu: 10 };
  const priced: ForecastReport = {
    objective: { metric: 'pipeline.wait.mean', max: 900 }, confidence: 0.95, replications: 4, complete: true, evaluations: 30, checks: 6,
    steps: [{
      growth: 1.5, capacities: byPool, achieved: evaluation(byPool, 800, true),
      check: { fresh: evaluation(byPool, 820, true), removals: [{ pool: 'gpu', evaluation: evaluation({ gpu: 15, cpu: 20 }, 1000, false) }, { pool: 'cpu', evaluation: evaluation({ gpu: 16, cpu: 19 }, 850, true) }], minimal: false },
      cheapest: {
        capacities: joint, price: 40.8, poolByPoolPrice: 44, saving: 3.2, evaluations: 12,
        runnerUp: { capacities: { gpu: 18, cpu: 9 }, price: 46.8 },
        check: { fresh: evaluation(joint, 880, true), removals: [{ pool: 'gpu', evaluation: evaluation({ gpu: 16, cpu: 10 }, 1200, false) }, { pool: 'cpu', evaluation: evaluation({ gpu: 17, cpu: 9 }, 950, false) }], minimal: true },
      },
    }],
  };
  const text = forecastText(priced);
  expect(text).toMatch(/^1\.5×\s+16\s+20\s+.*cpu −1 also meets \(14\.2 min\)$/m);
  expect(text).toMatch(/^1\.5×\s+gpu 17, cpu 10\s+40\.80\s+gpu 16, cpu 20\s+44\.00\s+3\.20 \(7\.3%\)\s+gpu 18, cpu 9 \(46\.80\)\s+12\s+minimal$/m);
  priced.steps[0]!.cheapest!.saving = 0;
  expect(cheapestTable(priced)!.rows[0]![5]).toBe('0 (same)');
  expect(forecastMarkdown(priced)).toContain('### Cheapest platform');
  const page = reportHtml({ title: 't', resolved: {}, forecast: priced });
  expect(page).toContain('<h2>Cheapest platform</h2>');
  expect(page).toContain('<td>gpu 17, cpu 10</td><td>40.80</td><td>gpu 16, cpu 20</td><td>44.00</td>');
  // Without prices there is no cheapest table, but the fresh check is still explained.
  const { cheapest: _, ...unpriced } = priced.steps[0]!;
  const plain = { ...priced, steps: [unpriced] };
  expect(cheapestTable(plain)).toBeUndefined();
  expect(forecastText(plain)).toContain('Fresh check: each answer re-run on 4 new replications');
});
