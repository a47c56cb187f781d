/**
 * The cheapest platform found by simulation against exhaustive search with Erlang C: two
 * M/M/c stations in series (Poisson arrivals at 1/min, exponential service of 30 s at each),
 * whose exact mean total wait is the sum of the stations' Erlang C waits. Each objective is
 * chosen between two lattice values far enough apart that it lies at least two CI half-widths
 * from every candidate's exact value — asserted on every evaluation the search made — so the
 * confidence bound cannot flip the answer, and the answer must be the exact cheapest one.
 * Two price ratios per objective move the answer from one pool to the other.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExperiment } from '../../src/experiment/load.js';
import { runForecast } from '../../src/experiment/forecast.js';
import type { RecordedEvaluation } from '../../src/output/documents.js';
import { mmcMeanWait } from '../../src/stats/index.js';
import { pipesim, tempDir } from '../helpers/cli.js';

const LAMBDA = 1 / 60;
const MU = 1 / 30;
const MAX = 6;
const exactWait = (c: Record<string, number>) => ['a', 'b'].reduce((s, p) => s + ((c[p] as number) * MU > LAMBDA ? mmcMeanWait(c[p] as number, LAMBDA, MU) : Infinity), 0);

const series = (objectiveSeconds: number, prices: { a: number; b: number }, extra = '') => `name: series-${objectiveSeconds}
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
function exhaustive(objective: number, prices: { a: number; b: number }) {
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

async function forecastOf(text: string) {
  const file = path.join(tempDir(), 'series.yaml');
  writeFileSync(file, text);
  const experiment = await loadExperiment(file);
  const evaluations: RecordedEvaluation[] = [];
  const report = await runForecast(experiment, experiment.forecast!, { workers: 2, onEvaluation: (e) => evaluations.push(e) });
  return { report, evaluations };
}

describe('cheapest platform of an M/M/c series network vs exhaustive Erlang C', () => {
  // Lattice waits near the objectives: 32.0 s (1,2), 60 s (1,1); 2.22 s (2,3), 4.0 s (2,2).
  const cases = [
    { objective: 41.8, prices: { a: 1, b: 3 } },
    { objective: 41.8, prices: { a: 3, b: 1 } },
    { objective: 3, prices: { a: 1, b: 3 } },
    { objective: 3, prices: { a: 3, b: 1 } },
  ];
  it.each(cases)('mean wait ≤ $objective s at prices $prices', async ({ objective, prices }) => {
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
  });

  it('without prices, checks the pool-by-pool answer and finds no cheapest platform', async () => {
    const { report, evaluations } = await forecastOf(series(41.8, { a: 0, b: 0 }));
    const step = report.steps[0]!;
    expect(step.cheapest).toBeUndefined();
    expect(step.check!.fresh.capacities).toEqual(step.capacities);
    expect(step.check!.fresh.meets).toBe(true);
    expect(report.checks).toBe(evaluations.filter((e) => e.fresh).length);
    // Fresh replications are other runs: their keys are new.
    const searchKeys = new Set(evaluations.filter((e) => !e.fresh).flatMap((e) => e.keys));
    expect(evaluations.filter((e) => e.fresh).flatMap((e) => e.keys).some((k) => searchKeys.has(k))).toBe(false);
  });
});

it('pipesim optimize names the searched pool without a price, and exits 2 without a stack trace', async () => {
  const file = path.join(tempDir(), 'unpriced.yaml');
  writeFileSync(file, series(41.8, { a: 0, b: 0 }, 'cost:\n  pools: { a: { unitHour: 2 } }\n'));
  const out = await pipesim(['optimize', file, '--out', tempDir()]);
  expect(out.code).toBe(2);
  expect(out.stderr).toContain(`${file}: cost.pools.b.unitHour`);
  expect(out.stderr).not.toMatch(/\n\s+at /);
});
