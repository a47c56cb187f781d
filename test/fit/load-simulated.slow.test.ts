/**
 * The fitted model simulated back offers the trace's load: over 25 replications of four whole
 * weeks, the 99% confidence interval of each pool's arrivals and unit-hours per day holds the
 * trace's (its fitted window's, converted to the average of whole weeks), on the shipped
 * Philly trace and on a synthetic trace with jobs of no units and unusable rows.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExperiment } from '../../src/experiment/load.js';
import { fitTrace, fittedExperiment, type TraceFit } from '../../src/fit/fit-trace.js';
import { offeredLoad } from '../../src/fit/load.js';
import { experimentYaml } from '../../src/fit/report.js';
import { fifo, runScenario } from '../../src/model/index.js';
import { jStat } from '../../src/random/index.js';
import { readTrace } from '../../src/trace/read.js';
import { tempDir } from '../helpers/cli.js';
import { csv, knownJobs } from '../helpers/trace-corpus.js';

const REPLICATIONS = 25;
const DAYS = 28;

/** Per replication, per pool: arrivals and unit-hours per day offered by the simulated fitted model. */
async function simulatedLoad(fit: TraceFit): Promise<Map<string, { arrivals: number[]; unitHours: number[] }>> {
  const file = path.join(tempDir(), 'fitted.yaml');
  writeFileSync(file, experimentYaml(fittedExperiment(fit, 'fitted', 'trace.csv'), ['test']));
  const experiment = await loadExperiment(file);
  const scenario = { ...experiment.scenarios[0]!.scenario, warmup: 0, horizon: DAYS * 86400 };
  const pools = new Map(fit.pools.map((p) => [p.name, { arrivals: [] as number[], unitHours: [] as number[] }]));
  for (let r = 0; r < REPLICATIONS; r++) {
    const sums = new Map(fit.pools.map((p) => [p.name, { arrivals: 0, unitSeconds: 0 }]));
    // Structures are one per fitted kind, in order: the structure names the pool.
    runScenario(scenario, fifo, 1, r, { onArrival: (_t, structure, seconds, units) => {
      const sum = sums.get(fit.kinds[structure]!.pool)!;
      sum.arrivals++;
      sum.unitSeconds += seconds * units;
    } });
    for (const [pool, sum] of sums) {
      pools.get(pool)!.arrivals.push(sum.arrivals / DAYS);
      pools.get(pool)!.unitHours.push(sum.unitSeconds / 3600 / DAYS);
    }
  }
  return pools;
}

/** The 99% t-interval of the mean of `xs`. */
function interval(xs: number[]): [number, number] {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const half = (jStat.studentt.inv(0.995, n - 1) * sd) / Math.sqrt(n);
  return [mean - half, mean + half];
}

async function expectLoadKept(fit: TraceFit): Promise<void> {
  const load = offeredLoad(fit);
  const simulated = await simulatedLoad(fit);
  for (const pool of load.pools) {
    const sim = simulated.get(pool.label)!;
    for (const [what, traced, xs] of [['arrivals', pool.trace.arrivalsPerDay, sim.arrivals], ['unit-hours', pool.trace.unitHoursPerDay, sim.unitHours]] as const) {
      const longRun = traced / load.weekFactor;
      const [low, high] = interval([...xs]);
      expect(longRun, `${pool.label} ${what}: trace ${longRun.toFixed(1)}, simulated 99% CI [${low.toFixed(1)}, ${high.toFixed(1)}]`).toBeGreaterThanOrEqual(low);
      expect(longRun, `${pool.label} ${what}`).toBeLessThanOrEqual(high);
    }
  }
}

describe('the fitted model simulated back keeps the trace’s load (25 replications of 4 weeks)', () => {
  it('on the shipped Philly trace', async () => {
    await expectLoadKept(fitTrace(await readTrace('experiments/traces/philly-2017-sep-oct.csv')));
  }, 600_000);

  it('on a synthetic trace with 20% jobs of no units and rows without durations', async () => {
    const rows = knownJobs(1000, 28, 4, 0.2);
    const text = csv(rows).split('\n').map((line, i) => (i > 0 && i % 7 === 0 ? line.replace(/,[\d.]+,(\d+),/, ',n/a,$1,') : line)).join('\n');
    const file = path.join(tempDir(), 'synthetic.csv');
    writeFileSync(file, text);
    await expectLoadKept(fitTrace(await readTrace(file)));
  }, 600_000);
});
