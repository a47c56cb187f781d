/**
 * The capacity forecast against theory: for M/M/c the smallest c with mean wait ≤ 1 min
 * follows from Erlang C; the forecast, judging on the interval's upper bound, must answer
 * that c or the next one, never less, never decreasing with growth, and with far fewer
 * evaluations than a full grid.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { loadExperiment } from '../../src/experiment/load.js';
import { runForecast } from '../../src/experiment/forecast.js';
import { mmcMeanWait } from '../../src/stats/index.js';
import { tempDir } from '../helpers/cli.js';

const MMC_FORECAST = (extra = '') => `name: forecast-mmc
seed: 2
horizon: 30d
warmup: 1d
forecast:
  growth: [1, 2]
  pools: [server]
  objective: { metric: pipeline.wait.mean, max: 1m }
  search: { min: 1, max: 64 }
  replications: 4
platform: { pools: { server: { capacity: 1 } } }
workload:
  interarrival: { dist: exponential, mean: 1m }
  structures: { s: { tasks: { t: { kind: t } } } }
tasks: { t: { pool: server, duration: { dist: exponential, mean: 5m } } }
${extra}`;

it('finds the Erlang C capacity for each growth factor by bisection', async () => {
  const file = path.join(tempDir(), 'forecast-mmc.yaml');
  writeFileSync(file, MMC_FORECAST());
  const experiment = await loadExperiment(file);
  const report = await runForecast(experiment, experiment.forecast!, { workers: 2 });
  const analytic = (growth: number) => {
    const lambda = growth / 60;
    const mu = 1 / 300;
    let c = Math.floor(lambda / mu) + 1;
    while (mmcMeanWait(c, lambda, mu) > 60) c++;
    return c;
  };
  const answers = report.steps.map((s) => s.capacities.server as number);
  report.steps.forEach((step, i) => {
    const c = analytic(step.growth);
    expect([c, c + 1]).toContain(answers[i]);
    expect(step.achieved?.meets).toBe(true);
    expect(step.achieved!.interval.high).toBeLessThanOrEqual(60);
  });
  expect(answers[1]!).toBeGreaterThan(answers[0]!);
  // Bisection over 1..64 needs about log2(64) = 6 evaluations per growth factor, not 64.
  expect(report.evaluations).toBeLessThanOrEqual(2 * 8);
});

/** One growth factor over a shorter search and horizon, eight replications. */
const small = (text: string) => text.replace('growth: [1, 2]', 'growth: [1]').replace('max: 64', 'max: 16').replace('horizon: 30d', 'horizon: 10d').replace('replications: 4', 'replications: 8');

it('judges the objective on the controlled interval with control variates', async () => {
  const file = path.join(tempDir(), 'forecast-mmc-cv.yaml');
  // Eight replications: with two controls, fewer than five leave too few degrees of freedom and the plain interval is used.
  writeFileSync(file, small(MMC_FORECAST('varianceReduction: { controlVariates: true }\n')));
  const experiment = await loadExperiment(file);
  const evaluations: { capacities: Record<string, number>; interval: { mean: number; halfWidth: number } }[] = [];
  const report = await runForecast(experiment, experiment.forecast!, { workers: 2, onEvaluation: (e) => evaluations.push(e) });
  // Each evaluation's interval is the controlled one of its runs: the same runs, recomputed.
  const plainFile = path.join(tempDir(), 'forecast-mmc-plain.yaml');
  writeFileSync(plainFile, small(MMC_FORECAST()));
  const plain = await loadExperiment(plainFile);
  const plainEvaluations: typeof evaluations = [];
  await runForecast(plain, plain.forecast!, { workers: 2, onEvaluation: (e) => plainEvaluations.push(e) });
  // The first capacity assignment where anyone waits (at the search maximum nobody does).
  const first = evaluations.find((e) => e.interval.mean > 0)!;
  const same = plainEvaluations.find((e) => JSON.stringify(e.capacities) === JSON.stringify(first.capacities))!;
  // Same streams, same runs: the controlled mean moves and its interval differs from the plain one.
  expect(first.interval.mean).not.toBe(same.interval.mean);
  expect(first.interval.halfWidth).not.toBe(same.interval.halfWidth);
  expect(report.steps.every((s) => s.achieved?.meets)).toBe(true);
});
