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
import { pipesim, tempDir } from '../helpers/cli.js';
import { checksCheapest, forecastOf, series } from '../helpers/series-network.js';

describe('cheapest platform of an M/M/c series network vs exhaustive Erlang C', () => {
  // Lattice waits near the objectives: 32.0 s (1,2), 60 s (1,1); 2.22 s (2,3), 4.0 s (2,2).
  // Two objectives at two price ratios; the two other combinations are in the slow suite.
  const cases = [
    { objective: 41.8, prices: { a: 1, b: 3 } },
    { objective: 3, prices: { a: 3, b: 1 } },
  ];
  it.each(cases)('mean wait ≤ $objective s at prices $prices', checksCheapest);

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
