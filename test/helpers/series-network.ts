/**
 * Two M/M/c stations in series (Poisson arrivals at 1/min, exponential service of 30 s at
 * each) as a forecast experiment, with the exact mean total wait (the sum of the stations'
 * Erlang C waits: by Burke's theorem each sees Poisson arrivals) and the cheapest lattice point
 * by exhaustive search: the ground truth of the cheapest-platform tests.
 */
import { writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import path from 'node:path';
import { loadExperiment } from '../../src/experiment/load.js';
import { runForecast } from '../../src/experiment/forecast.js';
import type { RecordedEvaluation } from '../../src/output/documents.js';
import { mmcMeanWait } from '../../src/stats/index.js';
import { tempDir } from './cli.js';

export const LAMBDA = 1 / 60;
export const MU = 1 / 30;
export const MAX = 6;
export const exactWait = (c: Record<string, number>) => ['a', 'b'].reduce((s, p) => s + ((c[p] as number) * MU > LAMBDA ? mmcMeanWait(c[p] as number, LAMBDA, MU) : Infinity), 0);

export const series = (objectiveSeconds: number, prices: { a: number; b: number }, extra = '') => `name: series-${objectiveSeconds}
seed: 3
horizon: 10d
warmup: 1d
forecast:
  growth: [1]
  pools: [a, b]
  objective: { metric: pipeline.wait.mean, max: ${objectiveSeconds}s }
  search: { min: 1, max: ${MAX} }
  replications: 4
platform: { pools: { a: { capacity: 1 }, b: { capacity: 1 } } }
workload:
  interarrival: { dist: exponential, mean: 1m }
  structures: { s: { tasks: { first: { kind: a }, second: { kind: b, after: [first] } } } }
tasks:
  a: { pool: a, duration: { dist: exponential, mean: 30s } }
  b: { pool: b, duration: { dist: exponential, mean: 30s } }
${prices.a > 0 ? `cost:\n  pools: { a: { unitHour: ${prices.a} }, b: { unitHour: ${prices.b} } }\n` : ''}${extra}`;

/** The cheapest lattice point whose exact wait meets the objective, and that it is the only one at its price. */
export function exhaustive(objective: number, prices: { a: number; b: number }) {
  let best: { capacities: Record<string, number>; price: number; ties: number } | undefined;
  for (let a = 1; a <= MAX; a++)
    for (let b = 1; b <= MAX; b++) {
      if (exactWait({ a, b }) > objective) continue;
      const price = prices.a * a + prices.b * b;
      if (!best || price < best.price) best = { capacities: { a, b }, price, ties: 1 };
      else if (price === best.price) best.ties++;
    }
  return best!;
}

export async function forecastOf(text: string) {
  const file = path.join(tempDir(), 'series.yaml');
  writeFileSync(file, text);
  const experiment = await loadExperiment(file);
  const evaluations: RecordedEvaluation[] = [];
  const report = await runForecast(experiment, experiment.forecast!, { workers: 2, onEvaluation: (e) => evaluations.push(e) });
  return { report, evaluations };
}

/** The cheapest platform of the series network at `prices` must be exhaustive search's, with the design's premise asserted. */
export async function checksCheapest({ objective, prices }: { objective: number; prices: { a: number; b: number } }): Promise<void> {
  const truth = exhaustive(objective, prices);
  expect(truth.ties).toBe(1);
  const { report, evaluations } = await forecastOf(series(objective, prices));
  // The design's premise, on every platform the search looked at: two half-widths of margin.
  for (const e of evaluations.filter((x) => !x.fresh)) {
    const w = exactWait(e.capacities);
    if (!Number.isFinite(w)) continue;
    expect(Math.abs(w - objective), JSON.stringify(e.capacities)).toBeGreaterThanOrEqual(2 * e.interval.halfWidth);
  }
  const step = report.steps[0]!;
  const cheapest = step.cheapest!;
  expect(cheapest.capacities).toEqual(truth.capacities);
  expect(cheapest.price).toBe(truth.price);
  expect(cheapest.saving).toBe(cheapest.poolByPoolPrice - cheapest.price);
  expect(cheapest.saving).toBeGreaterThanOrEqual(0);
  // The runner-up meets the objective exactly and costs more.
  expect(exactWait(cheapest.runnerUp!.capacities)).toBeLessThanOrEqual(objective);
  expect(cheapest.runnerUp!.price).toBeGreaterThan(cheapest.price);
  // Re-checked on fresh replications: it still meets, and one unit less anywhere misses.
  expect(cheapest.check.fresh.meets).toBe(true);
  expect(cheapest.check.removals.map((r) => r.pool).sort()).toEqual(['a', 'b'].filter((p) => (truth.capacities[p] as number) > 1));
  expect(cheapest.check.minimal).toBe(true);
  expect(cheapest.evaluations).toBeGreaterThan(0);
  expect(report.evaluations).toBeLessThan(MAX * MAX);
}
