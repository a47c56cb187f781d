/**
 * Coverage of the replication confidence interval: macro-replications of an M/M/c
 * experiment, each with its own seed and `replications` runs aggregated exactly as the
 * product does; the fraction of intervals that contain the Erlang C mean wait.
 * Shared by the test (reduced size) and scripts/coverage-study.ts (full size).
 */
import { aggregate } from '../../src/stats/index.js';
import { fifo, runScenario, type RunResult } from '../../src/index.js';
import { mmcMeanWait } from '../helpers/queueing.js';
import { mmcScenario } from '../helpers/scenario.js';

export interface CoverageCase {
  c: number;
  rho: number;
  customersPerRun: number;
  replications: number;
  macroReplications: number;
  level: number;
}

export function coverage({ c, rho, customersPerRun, replications, macroReplications, level }: CoverageCase): number {
  const mu = 1;
  const lambda = rho * c * mu;
  const truth = mmcMeanWait(c, lambda, mu);
  const scenario = mmcScenario(c, lambda, mu, customersPerRun / lambda, 50 / mu);
  let covered = 0;
  for (let macro = 0; macro < macroReplications; macro++) {
    const runs: RunResult[] = [];
    for (let r = 0; r < replications; r++) {
      const out = runScenario(scenario, fifo, 1000 + macro, r);
      runs.push({ runId: `s0-r${r}`, scenarioIndex: 0, replication: r, seed: 1000 + macro, wallSeconds: 0, status: 'ok', ...out });
    }
    const [summary] = aggregate([{ index: 0, label: 'mmc', parameters: {} }], runs, level);
    const ci = summary!.metrics['pipeline.wait.mean']!;
    if (ci.low <= truth && truth <= ci.high) covered++;
  }
  return covered / macroReplications;
}
