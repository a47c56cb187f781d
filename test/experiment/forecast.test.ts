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

it('finds the Erlang C capacity for each growth factor by bisection', async () => {
  const file = path.join(tempDir(), 'forecast-mmc.yaml');
  writeFileSync(file, `name: forecast-mmc
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
`);
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
