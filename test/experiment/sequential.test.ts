/**
 * The sequential precision rule: add replications until the CI half-width of the target
 * metric is within the relative target; stop at max otherwise.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Experiment } from '../../src/config/index.js';
import { ReplicationDriver } from '../../src/experiment/plan.js';
import { RandomStreams, standardNormal } from '../../src/random/index.js';
import { confidenceInterval, relativeHalfWidth } from '../../src/stats/index.js';
import type { RunResult } from '../../src/core/records.js';
import { onlyRunDir, pipesim, tempDir } from '../helpers/cli.js';

/** Scenario s has metric x ~ N(means[s], sds[s]); values are fixed per (s, r). */
function drive(means: number[], sds: number[], plan: { min: number; max: number; batch: number; target: number }, antithetic = false) {
  const experiment = {
    ...(antithetic ? { varianceReduction: { controlVariates: false, antithetic: true } } : {}),
    seed: 1, confidence: 0.95,
    replications: { mode: 'sequential', min: plan.min, max: plan.max, batch: plan.batch, metric: 'x', relativeHalfWidth: plan.target },
    scenarios: means.map((_, index) => ({ index, overrides: [], label: `s${index}`, scenario: { policy: { scheduler: 'fifo' }, workload: {} } })),
    inputs: new Map(),
    limits: { events: 1e9, runSeconds: 3600 },
  } as unknown as Experiment;
  // Antithetic: replication 2k + 1 mirrors 2k exactly, so each pair averages to the mean.
  const value = antithetic
    ? (s: number, r: number) => means[s]! + (r % 2 === 0 ? 1 : -1) * sds[s]! * Math.abs(standardNormal(new RandomStreams(s, r - (r % 2)).stream('x')))
    : (s: number, r: number) => means[s]! + sds[s]! * standardNormal(new RandomStreams(s, r).stream('x'));
  const driver = new ReplicationDriver(experiment, '.');
  // Finish runs out of order (last dispatched first), as workers may.
  for (let pending = [] as RunResult[]; ;) {
    for (let spec = driver.next(); spec; spec = driver.next()) {
      pending.push({ runId: spec.runId, key: spec.key, scenarioIndex: spec.scenarioIndex, replication: spec.replication, seed: 1, wallSeconds: 0, status: 'ok', metrics: { x: value(spec.scenarioIndex, spec.replication) }, bottleneck: 'none', distributions: { pipelineWait: { zeros: 0, minExponent: -20, counts: [] }, arrivalsByHourOfWeek: [] }, events: 0 });
    }
    if (pending.length === 0) break;
    driver.record(pending.pop()!);
  }
  expect(driver.finished).toBe(true);
  return { driver, value };
}

describe('ReplicationDriver (sequential)', () => {
  it('stops each scenario at the first batch boundary that meets the target, near the theoretical n', () => {
    const means = [100, 100, 100];
    const sds = [20, 40, 10];
    const plan = { min: 5, max: 500, batch: 1, target: 0.05 };
    const { driver, value } = drive(means, sds, plan);
    for (const p of driver.precision()) {
      const s = p.scenarioIndex;
      const rel = (n: number) => relativeHalfWidth(confidenceInterval(Array.from({ length: n }, (_, r) => value(s, r)), 0.95));
      expect(p.reached).toBe(true);
      expect(rel(p.replications)).toBeLessThanOrEqual(plan.target);
      for (let n = plan.min; n < p.replications; n++) expect(rel(n)).toBeGreaterThan(plan.target);
      // n ≈ (z σ / (r μ))²: 6.1, 24.6 and 1.5 (→ min 5) for these scenarios.
      const theory = Math.max(plan.min, (1.96 * sds[s]! / (plan.target * means[s]!)) ** 2);
      expect(p.replications).toBeGreaterThanOrEqual(Math.floor(theory * 0.5));
      expect(p.replications).toBeLessThanOrEqual(Math.ceil(theory * 2) + 2);
    }
  });

  it('decides on antithetic pairs\' averages: perfectly mirrored pairs meet the target at the first check', () => {
    const plan = { min: 4, max: 40, batch: 2, target: 0.01 };
    expect(drive([100], [30], plan, true).driver.precision()).toEqual([expect.objectContaining({ replications: 4, reached: true })]);
    // The same values judged replication by replication are far from the target.
    expect(drive([100], [30], plan).driver.precision()).toEqual([expect.objectContaining({ replications: 40, reached: false })]);
  });

  it('stops at max and says the target was not reached', () => {
    const { driver } = drive([1], [10], { min: 4, max: 12, batch: 4, target: 0.01 });
    expect(driver.precision()).toEqual([expect.objectContaining({ replications: 12, reached: false })]);
    expect(driver.planned).toBe(12);
  });
});

it('end to end: Poisson arrival counts (variance = mean) stop where the precision is met', async () => {
  const root = tempDir();
  const file = path.join(root, 'poisson.yaml');
  // λT = 100 arrivals per run: relative half-width ≈ 1.96 / √(100 n) ≤ 0.05 needs n ≈ 16.
  writeFileSync(file, `name: poisson
seed: 5
horizon: 100h
warmup: 0
replications: { min: 5, max: 100, batch: 5, target: { metric: pipeline.arrived, relativeHalfWidth: 0.05 } }
platform: { pools: { cpu: { capacity: 100 } } }
workload:
  interarrival: { dist: exponential, mean: 1h }
  structures: { s: { tasks: { t: { kind: t } } } }
tasks: { t: { pool: cpu, duration: 1m } }
`);
  const result = await pipesim(['run', file, '--out', root, '--workers', '2', '--no-progress']);
  expect(result.code).toBe(0);
  const summary = JSON.parse(readFileSync(path.join(onlyRunDir(root, 'poisson', readdirSync), 'summary.json'), 'utf8'));
  const [precision] = summary.precision;
  expect(precision.reached).toBe(true);
  expect(precision.relativeHalfWidth).toBeLessThanOrEqual(0.05);
  expect(precision.replications).toBeGreaterThanOrEqual(10);
  expect(precision.replications).toBeLessThanOrEqual(30);
  expect(summary.scenarios[0].metrics['pipeline.arrived'].n).toBe(precision.replications);
});
