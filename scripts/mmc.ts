/**
 * M/M/c as a scenario, and the coverage study of replication confidence intervals against
 * Erlang C. Shared by the tests (reduced size) and scripts/coverage-study.ts (full size).
 */
import { scenarioSchema } from '../src/config/scenario.js';
import { type Scenario } from '../src/config/schema.js';
import { fifo, runScenario } from '../src/model/index.js';
import { aggregate, mmcMeanWait } from '../src/stats/index.js';
import type { RunResult } from '../src/core/records.js';
import type { VarianceReduction } from '../src/stats/controls.js';

/** An M/M/c scenario: Poisson arrivals at rate λ, exponential service at rate μ, c servers, FIFO. */
export function mmcScenario(c: number, lambda: number, mu: number, horizonSeconds: number, warmupSeconds: number): Scenario {
  return scenarioSchema.parse({
    horizon: horizonSeconds,
    warmup: warmupSeconds,
    platform: { pools: { server: { capacity: c } } },
    workload: {
      interarrival: { dist: 'exponential', mean: 1 / lambda },
      structures: { single: { tasks: { serve: { kind: 'serve' } } } },
    },
    tasks: { serve: { pool: 'server', duration: { dist: 'exponential', mean: 1 / mu } } },
  });
}

export interface CoverageCase {
  c: number;
  rho: number;
  customersPerRun: number;
  replications: number;
  macroReplications: number;
  level: number;
  /** Seed of the first macro-replication (the next ones count up); default 1000. */
  firstSeed?: number;
  /** Control variates and/or antithetic pairs (default: neither). */
  varianceReduction?: VarianceReduction;
}

/** A coverage study's outcome: the share of intervals that cover, and their mean half-width. */
export interface CoverageOutcome {
  coverage: number;
  meanHalfWidth: number;
}

/**
 * The fraction of macro-replications (each with its own seed and `replications` runs,
 * aggregated exactly as the product does) whose interval of mean wait contains Erlang C.
 */
export function coverage(k: CoverageCase): number {
  return coverageStudy(k).coverage;
}

/** The coverage and the mean half-width of the intervals (see `coverage`). */
export function coverageStudy({ c, rho, customersPerRun, replications, macroReplications, level, firstSeed = 1000, varianceReduction }: CoverageCase): CoverageOutcome {
  const mu = 1;
  const lambda = rho * c * mu;
  const truth = mmcMeanWait(c, lambda, mu);
  const scenario = mmcScenario(c, lambda, mu, customersPerRun / lambda, 50 / mu);
  const options = { controls: varianceReduction?.controlVariates === true, antithetic: varianceReduction?.antithetic === true };
  let covered = 0;
  let halfWidths = 0;
  for (let macro = 0; macro < macroReplications; macro++) {
    const runs: RunResult[] = [];
    for (let r = 0; r < replications; r++) {
      const out = runScenario(scenario, fifo, firstSeed + macro, r, options);
      runs.push({ runId: `s0-r${r}`, key: `mmc-${macro}-${r}`, scenarioIndex: 0, replication: r, seed: firstSeed + macro, wallSeconds: 0, status: 'ok', ...out });
    }
    const [summary] = aggregate([{ index: 0, label: 'mmc', parameters: {} }], runs, level, varianceReduction);
    const ci = summary!.metrics['pipeline.wait.mean']!;
    if (ci.low <= truth && truth <= ci.high) covered++;
    halfWidths += ci.halfWidth;
  }
  return { coverage: covered / macroReplications, meanHalfWidth: halfWidths / macroReplications };
}
