/**
 * The real Microsoft Philly trace (experiments/traces/README.md): the shipped fitted model,
 * simulated for a month, reproduces the trace's hourly and weekday arrival profile, its GPU
 * mix and its job durations per tenant; the fit is honest about interarrivals no family fits;
 * and the replayed trace shows the ordering of policies the literature reports.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExperiment } from '../src/experiment/load.js';
import { arrivalWindow, fitProfile } from '../src/fit/arrivals.js';
import { ksTwoSample } from '../src/fit/families.js';
import { fitTrace, fittedExperiment } from '../src/fit/fit-trace.js';
import { offeredLoad } from '../src/fit/load.js';
import { experimentYaml } from '../src/fit/report.js';
import { fifo, loadScenarioInputs, mondayBefore, runScenario, sjf } from '../src/model/index.js';
import { readTrace, type TraceTable } from '../src/trace/read.js';
import { scenario as parseScenario } from './helpers/scenario.js';

const TRACE = 'experiments/traces/philly-2017-sep-oct.csv';
const DAY = 86400;
// Interarrivals with a coefficient of variation near 19 make any month's hourly profile noisy
// (a few very long gaps empty whole hours); 8 replications bring the noise under the bounds.
const REPLICATIONS = 8;

let trace: TraceTable;
const sim = { arrivals: [] as number[], units: [] as number[], durations: new Map<string, number[]>() };
let origin = 0;

beforeAll(async () => {
  trace = await readTrace(TRACE);
  const experiment = await loadExperiment('experiments/philly.yaml');
  // A simulated month after the warm-up, in several replications for steadier shares.
  const s = { ...experiment.scenarios[0]!.scenario, warmup: 0, horizon: 28 * DAY };
  for (let r = 0; r < REPLICATIONS; r++) {
    runScenario(s, fifo, experiment.seed, r, {
      onArrival: (t, _s, seconds, units, tenant) => {
        sim.arrivals.push(t);
        sim.units.push(units);
        let list = sim.durations.get(tenant);
        if (!list) sim.durations.set(tenant, (list = []));
        list.push(seconds);
      },
    });
  }
  // Simulated time 0 is a Monday 00:00 of the trace clock.
  origin = mondayBefore(trace.submit[0]!);
}, 120_000);

describe('experiments/philly.yaml, simulated for a month (8 replications)', () => {
  it('is what `pipesim fit` writes for the trace today, and its computed load is the trace’s within 3% per pool and tenant', async () => {
    const fit = fitTrace(trace);
    const fresh = experimentYaml(fittedExperiment(fit, 'philly', 'traces/philly-2017-sep-oct.csv'), []);
    const body = (text: string) => text.split('\n').filter((l) => !l.startsWith('#')).join('\n').trim();
    expect(body(readFileSync('experiments/philly.yaml', 'utf8'))).toBe(body(fresh));
    const load = offeredLoad(fit);
    for (const row of [load.total, ...load.pools, ...load.tenants]) {
      expect(Math.abs(row.model.arrivalsPerDay / row.trace.arrivalsPerDay - 1), `${row.label} arrivals`).toBeLessThan(0.03);
      expect(Math.abs(row.model.unitHoursPerDay / row.trace.unitHoursPerDay - 1), `${row.label} GPU-hours`).toBeLessThan(0.03);
    }
  }, 60_000);

  it('reproduces the arrival rate in each hour of the day within 15% and each weekday within 10%', () => {
    // Rates per hour observed (fitProfile divides by exposure): the trace's partial first and
    // last weeks would otherwise over-count the weekdays they cover.
    const window = arrivalWindow(trace.submit);
    const traced = fitProfile(trace.submit.subarray(window.from, window.to));
    const simulated = fitProfile(Float64Array.from(sim.arrivals.map((t) => t + origin)).sort());
    traced.hourly.forEach((x, h) => expect(Math.abs(simulated.hourly[h]! / x - 1), `hour ${h}`).toBeLessThan(0.15));
    traced.weekday.forEach((x, d) => expect(Math.abs(simulated.weekday[d]! / x - 1), `day ${d}`).toBeLessThan(0.1));
  });

  it('reproduces the GPU-demand mix within 0.5 percentage points per GPU count', () => {
    const values = [...new Set(trace.units)].sort((a, b) => a - b);
    const share = (list: ArrayLike<number>, v: number) => Array.from(list).filter((u) => u === v).length / list.length;
    for (const v of values) expect(Math.abs(share(sim.units, v) - share(trace.units, v)), `${v} GPUs`).toBeLessThan(0.005);
  });

  it('reproduces job durations per tenant (two-sample KS below the 0.1% critical value)', () => {
    let tested = 0;
    for (const [t, tenant] of trace.tenantNames.entries()) {
      const traced = Float64Array.from(Array.from(trace.duration).filter((_, i) => trace.tenant[i] === t)).sort();
      if (traced.length < 50) continue; // such tenants share the overall model (documented in the fit)
      const simulated = Float64Array.from(sim.durations.get(tenant) ?? []).sort();
      const critical = 1.949 * Math.sqrt((traced.length + simulated.length) / (traced.length * simulated.length));
      expect(ksTwoSample(simulated, traced), tenant).toBeLessThan(critical);
      tested++;
    }
    expect(tested).toBeGreaterThanOrEqual(10);
  });
});

describe('the fit is honest about the trace', () => {
  it('leaves out the sparse lead-in, finds interarrivals burstier than Poisson, and reports that no family fits both their shape and rate', () => {
    const fit = fitTrace(trace);
    // 69 stray jobs over the trace's first 20 days, before its steady arrivals begin on 2017-09-24.
    expect(fit.window.before).toBe(69);
    expect(new Date(fit.first * 1000).toISOString().slice(0, 10)).toBe('2017-09-24');
    expect(fit.interarrival.cv).toBeGreaterThan(2);
    expect(fit.interarrival.chosenName).toBe('empirical');
    const exponential = fit.interarrival.candidates.find((c) => c.family === 'exponential')!;
    expect(exponential.ks).toBeGreaterThan(0.3);
    expect(fit.interarrival.candidates.every((c) => !c.adequate)).toBe(true);
  }, 60_000);
});

describe('the replayed trace', () => {
  const replay = (capacity: number) => parseScenario({
    horizon: '75d', warmup: 0,
    platform: { pools: { gpu: { capacity } } },
    workload: { replay: { trace: path.resolve(TRACE) } },
    tasks: { job: { pool: 'gpu' } },
  });

  it('on 640 GPUs: shortest-job-first cuts FIFO’s mean queueing delay by more than 5x; no job is rejected', async () => {
    const s = replay(640);
    const inputs = await loadScenarioInputs(s);
    const f = runScenario(s, fifo, 2017, 0, {}, inputs).metrics;
    const j = runScenario(s, sjf, 2017, 0, {}, inputs).metrics;
    expect(f['pipeline.rejected']).toBe(0);
    expect(f['pipeline.arrived']).toBe(trace.rows);
    expect(f['pipeline.wait.mean']! / j['pipeline.wait.mean']!).toBeGreaterThan(5);
  });

  it('on 16 GPUs: rejects exactly the jobs that need more, and counts them', async () => {
    const s = replay(16);
    const inputs = await loadScenarioInputs(s);
    const larger = Array.from(trace.units).filter((u) => u > 16).length;
    const m = runScenario({ ...s, horizon: 60 * DAY }, sjf, 2017, 0, {}, inputs).metrics;
    expect(larger).toBeGreaterThan(0);
    expect(m['pipeline.rejected']).toBe(larger);
  });
});
