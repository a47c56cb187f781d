/**
 * Kim & Nelson's selection on simulated M/M/1 queues: four scenarios that differ in service
 * rate, mean wait per replication (1,000 customers after a warm-up) as the output, the best
 * known from the closed form W = ρ / (μ − λ). The indifference zone is set below the gap
 * between the best and the second best, so the guarantee applies. Over 200 macro-replications
 * it selects the best at least at its stated rate (exact one-sided binomial, failing only at
 * p < 0.001), with fewer replications on average than a fixed Bonferroni design that knows
 * each scenario's variance (measured here from 200 other replications): 200 of 200 correct,
 * 42 replications on average against 342 (2026-11-30). The same holds through `compare.select`
 * in an experiment file, whose ReplicationDriver hands out the replications the procedure asks
 * for (the path `pipesim run` takes, worker threads aside): 200 of 200, 41.9 replications on
 * average against 342 (2026-12-01).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ReplicationDriver } from '../../src/experiment/index.js';
import { executeRun } from '../../src/experiment/worker.js';
import { loadExperiment } from '../../src/experiment/load.js';
import { selectionReport } from '../../src/experiment/selection.js';
import type { RunResult } from '../../src/core/records.js';
import { tempDir } from '../helpers/cli.js';
import { kimNelson } from '../../src/stats/selection.js';
import { fifo, runScenario } from '../../src/model/index.js';
import { jStat } from '../../src/random/index.js';
import { mmcScenario } from '../../scripts/mmc.js';

const LAMBDA = 1;
const MUS = [1.25, 1.3, 1.4, 1.45];
const CUSTOMERS = 1000;
const CONFIDENCE = 0.95;
const MACRO = 200;

const waitOf = (mu: number) => (LAMBDA / mu) / (mu - LAMBDA);

it('selects the M/M/1 with the shortest mean wait at its stated rate, with fewer replications than a fixed design', () => {
  const scenarios = MUS.map((mu) => mmcScenario(1, LAMBDA, mu, CUSTOMERS / LAMBDA, 200));
  const exact = MUS.map(waitOf);
  const best = exact.indexOf(Math.min(...exact));
  const sorted = [...exact].sort((a, b) => a - b);
  // W: 3.2, 2.56, 1.79 and 1.53 (ρ 0.69); the gap to the second best is 0.25.
  const delta = 0.8 * ((sorted[1] as number) - (sorted[0] as number));
  const wait = (i: number, seed: number, r: number) => runScenario(scenarios[i]!, fifo, seed, r).metrics['pipeline.wait.mean'] as number;

  let correct = 0;
  let replications = 0;
  for (let m = 0; m < MACRO; m++) {
    const seed = 40_000 + m;
    const result = kimNelson(MUS.length, (i, r) => wait(i, seed, r), { indifference: delta, confidence: CONFIDENCE, firstStage: 10, lowerIsBetter: true });
    if (result.selected === best) correct++;
    replications += result.replications.reduce((a, b) => a + b, 0);
  }
  expect(binomialBelow(correct), `${correct} of ${MACRO} correct`).toBeGreaterThan(0.001);
  const fixedTotal = fixedDesign(wait, best, delta);
  expect(replications / MACRO, `Kim–Nelson ${replications / MACRO} replications on average, fixed design ${fixedTotal}`).toBeLessThan(fixedTotal);
});

/** P(X ≤ correct) for X ~ Binomial(MACRO, CONFIDENCE): small when the procedure is right less often than it says. */
function binomialBelow(correct: number): number {
  let below = 0;
  for (let k = 0; k <= correct; k++) below += Math.exp(jStat.gammaln(MACRO + 1) - jStat.gammaln(k + 1) - jStat.gammaln(MACRO - k + 1) + k * Math.log(CONFIDENCE) + (MACRO - k) * Math.log(1 - CONFIDENCE));
  return below;
}

/**
 * The fixed design: n_i per scenario so that its comparison with the best, at α/(k − 1), has
 * power at a gap of δ, with the variances known (from 200 replications of seed 7); the best
 * gets the largest of those.
 */
function fixedDesign(wait: (i: number, seed: number, r: number) => number, best: number, delta: number): number {
  const variance = MUS.map((_, i) => {
    const xs = Array.from({ length: 200 }, (_, r) => wait(i, 7, r));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    return xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
  });
  const z = jStat.normal.inv(1 - (1 - CONFIDENCE) / (MUS.length - 1), 0, 1);
  const perScenario = variance.map((v, i) => (i === best ? 0 : Math.ceil(((v + (variance[best] as number)) * z * z) / delta ** 2)));
  return perScenario.reduce((a, b) => a + b, 0) + Math.max(...perScenario);
}

it('does the same through compare.select in an experiment file', async () => {
  const exact = MUS.map(waitOf);
  const sorted = [...exact].sort((a, b) => a - b);
  const delta = 0.8 * ((sorted[1] as number) - (sorted[0] as number));
  const file = path.join(tempDir(), 'select-mm1.yaml');
  // Time in seconds: arrivals at 1/s, service means 1/μ; 200 s of warm-up, then 1,000 s.
  writeFileSync(file, `name: select-mm1
seed: 1
horizon: ${CUSTOMERS / LAMBDA}
warmup: 200
replications: 10
grid:
  tasks.serve.duration.mean: [${MUS.map((mu) => 1 / mu).join(', ')}]
platform: { pools: { server: { capacity: 1 } } }
workload:
  interarrival: { dist: exponential, mean: ${1 / LAMBDA} }
  structures: { single: { tasks: { serve: { kind: serve } } } }
tasks: { serve: { pool: server, duration: { dist: exponential, mean: 1 } } }
compare:
  select: { metric: pipeline.wait.mean, indifference: ${delta}, confidence: ${CONFIDENCE}, max: 1000 }
`);
  const experiment = await loadExperiment(file);
  const best = exact.indexOf(Math.min(...exact));
  let correct = 0;
  let replications = 0;
  for (let m = 0; m < MACRO; m++) {
    const seeded = { ...experiment, seed: 60_000 + m };
    const driver = new ReplicationDriver(seeded, seeded.baseDir);
    const results: RunResult[] = [];
    for (let spec = driver.next(); spec; spec = driver.next()) {
      const r = await executeRun(spec);
      results.push(r);
      driver.record(r);
    }
    expect(driver.finished).toBe(true);
    const selection = selectionReport(seeded, results)!;
    expect(selection.status).toBe('selected');
    if (selection.selectedIndex === best) correct++;
    replications += results.length;
  }
  expect(binomialBelow(correct), `${correct} of ${MACRO} correct`).toBeGreaterThan(0.001);
  const scenarios = MUS.map((mu) => mmcScenario(1, LAMBDA, mu, CUSTOMERS / LAMBDA, 200));
  const fixedTotal = fixedDesign((i, seed, r) => runScenario(scenarios[i]!, fifo, seed, r).metrics['pipeline.wait.mean'] as number, best, delta);
  expect(replications / MACRO, `compare.select ${replications / MACRO} replications on average, fixed design ${fixedTotal}`).toBeLessThan(fixedTotal);
}, 600_000);
