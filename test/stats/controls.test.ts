/**
 * Variance reduction tested against answers not made here: the controlled interval against
 * data generated with a known mean and a known linear dependence on zero-mean controls (its
 * coverage over many data sets, and its width against the residual variance's theory); the
 * platform's controls against their claimed expectation of 0 (over replications of a small
 * platform). Their coverage on M/M/c against Erlang C is in controls-coverage.slow.test.ts.
 */
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { controlledInterval, controlsOf, observationsOf } from '../../src/stats/controls.js';
import { aggregate } from '../../src/stats/aggregate.js';
import { methodNote } from '../../src/report/warnings.js';
import { confidenceInterval } from '../../src/stats/confidence.js';
import { jStat, standardNormal } from '../../src/random/index.js';
import { scenarioSchema } from '../../src/config/scenario.js';
import { fifo, runScenario } from '../../src/model/index.js';
import type { RunResult } from '../../src/core/records.js';

const LEVEL = 0.95;
/** 3.29 binomial standard deviations: a correct interval fails a band about once in a thousand runs. */
const Z = 3.29;

describe('controlledInterval on data with a known mean', () => {
  // y = 10 + 3·c1 − 2·c2 + ε, c ~ N(0, 1) (known mean 0), ε ~ N(0, 1): R² = 13/14.
  const rng = seedrandom.xor4096('controls-known');
  const dataSet = (n: number) => {
    const controls = Array.from({ length: n }, () => [standardNormal(rng), standardNormal(rng)]);
    const values = controls.map(([a, b]) => 10 + 3 * (a as number) - 2 * (b as number) + standardNormal(rng));
    return { values, controls };
  };

  it('covers the true mean at its nominal rate (2,000 data sets of 12 observations, 2 controls)', () => {
    const trials = 2000;
    let covered = 0;
    for (let i = 0; i < trials; i++) {
      const { values, controls } = dataSet(12);
      const ci = controlledInterval(values, controls, LEVEL);
      expect(ci.df).toBe(9);
      if (ci.low <= 10 && 10 <= ci.high) covered++;
    }
    const sd = Math.sqrt((LEVEL * (1 - LEVEL)) / trials);
    expect(Math.abs(covered / trials - LEVEL)).toBeLessThan(Z * sd);
  });

  it('is as much narrower as the residual variance says (√(1 − R²) of the plain width, within sampling error)', () => {
    let plain = 0;
    let controlled = 0;
    for (let i = 0; i < 500; i++) {
      const { values, controls } = dataSet(40);
      plain += confidenceInterval(values, LEVEL).halfWidth;
      controlled += controlledInterval(values, controls, LEVEL).halfWidth;
    }
    // σ_ε / σ_y = 1/√14 ≈ 0.267, times the ratio of t quantiles (37 vs 39 df) and the small
    // inflation for estimating β: expect about 0.27–0.29.
    const ratio = controlled / plain;
    expect(ratio).toBeGreaterThan(0.25);
    expect(ratio).toBeLessThan(0.31);
  });

  it('drops a control that does not vary or repeats another, and falls back to the plain interval with too few observations', () => {
    const { values, controls } = dataSet(10);
    const withConstant = controls.map(([a]) => [a as number, 7, 2 * (a as number)]);
    const one = controlledInterval(values, withConstant, LEVEL);
    expect(one.controls).toBe(1);
    expect(one.mean).toBeCloseTo(controlledInterval(values, controls.map(([a]) => [a as number]), LEVEL).mean, 12);
    const few = controlledInterval(values.slice(0, 4), controls.slice(0, 4), LEVEL);
    expect(few.controls).toBe(0);
    expect(few.halfWidth).toBeCloseTo(confidenceInterval(values.slice(0, 4), LEVEL).halfWidth, 12);
  });
});

describe('which controls a metric is regressed on', () => {
  const reported = ['arrivals', 'backlog', 'backlog.cpu', 'backlog.gpu', 'work.cpu', 'work.gpu'];
  it('utilisations: the arrivals and every pool\'s offered work; waits and queues: a backlog, their pool\'s or the busiest pool\'s, and the arrivals', () => {
    expect(controlsOf('pool.gpu.utilisation', reported)).toEqual(['arrivals', 'work.cpu', 'work.gpu']);
    expect(controlsOf('network.utilisation', reported)).toEqual(['arrivals', 'work.cpu', 'work.gpu']);
    expect(controlsOf('pool.cpu.wait.mean', reported)).toEqual(['backlog.cpu', 'arrivals']);
    expect(controlsOf('pool.gpu.queue.mean', reported)).toEqual(['backlog.gpu', 'arrivals']);
    expect(controlsOf('pipeline.wait.mean', reported)).toEqual(['backlog', 'arrivals']);
    expect(controlsOf('tenant.research.wait.mean', reported)).toEqual(['backlog', 'arrivals']);
    expect(controlsOf('pipeline.latency.p95', reported)).toEqual(['backlog', 'arrivals']);
    // A pool whose expectation is unknown has no backlog: its own metrics fall back to the load controls.
    expect(controlsOf('pool.tpu.wait.mean', reported)).toEqual(['arrivals', 'work.cpu', 'work.gpu']);
    // Where a run reports no arrivals control, the backlog alone.
    expect(controlsOf('pipeline.wait.mean', ['backlog', 'backlog.gpu', 'work.gpu'])).toEqual(['backlog']);
    expect(controlsOf('pipeline.wait.mean', ['arrivals'])).toEqual(['arrivals']);
  });
});

describe('the platform\'s controls', () => {
  // A small platform with every source of load random: bursty arrivals, tenants with their own
  // structure mix, a fan-out, an asset-size law, durations size-linear, stratified by size and
  // framework, and by tenant and units bucket, units per task, pools chosen by framework.
  const scenario = scenarioSchema.parse({
    horizon: '3d', warmup: '6h',
    platform: { pools: { cpu: { capacity: 6 }, gpu: { capacity: 4 } } },
    workload: {
      interarrival: { dist: 'gamma', mean: '6m', cv: 1.5 },
      tenants: { a: { weight: 2 }, b: { weight: 1, structures: { two: 1, search: 3 } } },
      frameworks: { tensorflow: 0.5, sklearn: 0.5 },
      assets: { size: { dist: 'lognormal', mean: '2GB', cv: 1.5 } },
      structures: {
        two: { weight: 2, tasks: { prep: { kind: 'prep' }, train: { kind: 'train', after: ['prep'] } } },
        search: { weight: 1, tasks: { prep: { kind: 'prep' }, tune: { kind: 'tune', after: ['prep'], fanOut: 3 } } },
      },
    },
    tasks: {
      prep: { pool: 'cpu', duration: { model: 'size-linear', base: '2m', perGB: '1m', noise: { dist: 'lognormal', mean: 1, cv: 0.5 } } },
      train: {
        pool: { byFramework: { tensorflow: 'gpu', default: 'cpu' } },
        units: { dist: 'categorical', values: [1, 2], weights: [0.7, 0.3] },
        duration: { model: 'stratified', sizeBuckets: ['2GB'], byFramework: { default: [{ dist: 'exponential', mean: '10m' }, { dist: 'gamma', mean: '25m', cv: 1.2 }] } },
      },
      tune: {
        pool: 'gpu',
        units: { byTenant: { a: { dist: 'categorical', values: [1, 3], weights: [0.5, 0.5] }, b: 2 } },
        duration: { model: 'by-tenant', unitsBuckets: [1], byTenant: { a: [{ dist: 'exponential', mean: '4m' }, { dist: 'exponential', mean: '9m' }], b: [{ dist: 'weibull', shape: 1.5, mean: '6m' }, { dist: 'lognormal', mean: '7m', cv: 1 }] } },
      },
    },
  });

  // The same platform with room to spare, where the GPU backlog fades within hours rather than
  // weeks. A backlog weight that leaned on the pipeline's own draw (its excess counted when
  // above the mean) gives t ≈ 25 here: tried, and failed as it should.
  const roomy = scenarioSchema.parse({ ...scenario, platform: { pools: { cpu: { capacity: 12 }, gpu: { capacity: 12 } } } });

  it.each([['loaded', scenario], ['roomy', roomy]])('each have expectation 0 on the %s platform (a t test over 200 replications, Bonferroni over the controls)', (_name, platform) => {
    const n = 200;
    const samples = new Map<string, number[]>();
    for (let r = 0; r < n; r++) {
      const out = runScenario(platform, fifo, 31, r, { controls: true });
      for (const [name, value] of Object.entries(out.controls ?? {})) (samples.get(name) ?? samples.set(name, []).get(name) as number[]).push(value);
    }
    expect([...samples.keys()].sort()).toEqual(['arrivals', 'backlog', 'backlog.cpu', 'backlog.gpu', 'work.cpu', 'work.gpu']);
    const critical = jStat.studentt.inv(1 - 0.001 / 2 / samples.size, n - 1);
    for (const [name, values] of samples) {
      const ci = confidenceInterval(values, 0.95);
      expect(ci.sd, name).toBeGreaterThan(0);
      expect(Math.abs(ci.mean) / (ci.sd / Math.sqrt(n)), name).toBeLessThan(critical);
    }
  });

  it('are reported only when asked, and change nothing else', () => {
    const plain = runScenario(scenario, fifo, 31, 0);
    const controlled = runScenario(scenario, fifo, 31, 0, { controls: true });
    expect(plain.controls).toBeUndefined();
    expect(controlled.metrics).toEqual(plain.metrics);
  });

  it('summaries say what variance reduction did, and say nothing without it', () => {
    const runs: RunResult[] = [0, 1, 2, 3, 4, 5].map((r) => ({
      runId: `s0-r${r}`, key: String(r), scenarioIndex: 0, replication: r, seed: 1, wallSeconds: 0, status: 'ok',
      ...runScenario(scenario, fifo, 31, r, { controls: true }),
    }));
    const identity = [{ index: 0, label: 'base', parameters: {} }];
    const [plain] = aggregate(identity, runs, LEVEL);
    expect(plain).not.toHaveProperty('varianceReduction');
    expect(methodNote([plain!])).toBeUndefined();
    const [reduced] = aggregate(identity, runs, LEVEL, { controlVariates: true, antithetic: false });
    const ratio = reduced!.varianceReduction!.halfWidthRatio['pipeline.wait.mean']!;
    expect(ratio).toBeCloseTo(reduced!.metrics['pipeline.wait.mean']!.halfWidth / plain!.metrics['pipeline.wait.mean']!.halfWidth, 12);
    // Not a load metric: the plain interval over the same runs.
    expect(reduced!.metrics['pipeline.arrived']).toEqual(plain!.metrics['pipeline.arrived']);
    expect(methodNote([reduced!])).toContain(`the half-width of pipeline.wait.mean is ${ratio.toFixed(2)}× the plain interval's`);
  });

  it('antithetic pairs: observations are the pairs\' averages, an incomplete pair is left out', () => {
    const runs: RunResult[] = [0, 1, 2, 3, 4].map((r) => ({
      runId: `s0-r${r}`, key: String(r), scenarioIndex: 0, replication: r, seed: 1, wallSeconds: 0, status: 'ok',
      ...runScenario(scenario, fifo, 31, r, { antithetic: true, controls: true }),
    }));
    const obs = observationsOf(runs, 0, 'pipeline.wait.mean', { controlVariates: true, antithetic: true });
    expect(obs.map((o) => o.unit)).toEqual([0, 2]);
    const pair = [runs[0], runs[1]].map((r) => (r?.status === 'ok' ? r.metrics['pipeline.wait.mean'] as number : NaN));
    expect(obs[0]?.value).toBeCloseTo(((pair[0] as number) + (pair[1] as number)) / 2, 9);
  });
});
