/**
 * `pipesim fit` on the synthetic trace, whose generating model is known
 * (experiments/example-jobs.yaml): the fit recovers its arrival profile and units mix, and the
 * fitted experiment, simulated back, reproduces the trace's interarrival distribution, hourly
 * profile and per-tenant durations.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExperiment } from '../../src/experiment/load.js';
import { hourOfDay, weekday } from '../../src/fit/arrivals.js';
import { ksTwoSample } from '../../src/fit/families.js';
import { fitTrace, fittedExperiment, type TraceFit } from '../../src/fit/fit-trace.js';
import { experimentYaml } from '../../src/fit/report.js';
import { fifo, runScenario, weeklyMultipliers } from '../../src/model/index.js';
import { type TaskRecord } from '../../src/core/records.js';
import { readTrace } from '../../src/trace/read.js';
import { tempDir } from '../helpers/cli.js';

let fit: TraceFit;
let simulated: { arrivals: number[]; records: TaskRecord[] };
const ORIGIN = Date.UTC(2024, 0, 1) / 1000;

beforeAll(async () => {
  fit = fitTrace(await readTrace('experiments/traces/synthetic-jobs.csv'));
  const file = path.join(tempDir(), 'fitted.yaml');
  writeFileSync(file, experimentYaml(fittedExperiment(fit, 'fitted', 'synthetic-jobs.csv'), ['test']));
  const experiment = await loadExperiment(file);
  const s = { ...experiment.scenarios[0]!.scenario, warmup: 0, horizon: 56 * 86400 };
  const arrivals: number[] = [];
  const records: TaskRecord[] = [];
  runScenario(s, fifo, 3, 0, { onArrival: (t) => arrivals.push(t), onTaskEnd: (r) => records.push(r) });
  simulated = { arrivals, records };
}, 60_000);

/** Critical value of the two-sample KS distance at significance 0.001. */
const ksCritical = (n: number, m: number) => 1.949 * Math.sqrt((n + m) / (n * m));

describe('the fit recovers the generating model', () => {
  it("finds the business-hours profile's hourly shape within 20% per hour and its weekdays within 12%", () => {
    const truth = weeklyMultipliers('business-hours');
    const hourly = Array.from({ length: 24 }, (_, h) => Array.from({ length: 7 }, (_, d) => truth[d * 24 + h]!).reduce((a, b) => a + b) / 7);
    const weekdays = Array.from({ length: 7 }, (_, d) => Array.from({ length: 24 }, (_, h) => truth[d * 24 + h]!).reduce((a, b) => a + b) / 24);
    fit.profile.hourly.forEach((m, h) => expect(Math.abs(m / hourly[h]! - 1), `hour ${h}`).toBeLessThan(0.2));
    fit.profile.weekday.forEach((m, d) => expect(Math.abs(m / weekdays[d]! - 1), `day ${d}`).toBeLessThan(0.12));
  });

  it('recovers the GPU mix within 2 percentage points and finds the platform size from recorded starts', () => {
    const kind = fit.kinds[0]!;
    expect(kind.units.values).toEqual([1, 2, 4, 8]);
    [0.7, 0.15, 0.1, 0.05].forEach((w, i) => expect(Math.abs(kind.units.weights[i]! - w)).toBeLessThan(0.02));
    expect(fit.pools).toEqual([{ name: 'gpu', capacity: 40, basis: 'recorded start and end' }]);
  });

  it('finds each tenant’s one-GPU duration family (lognormal, gamma/exponential, Weibull) or an equally close one', () => {
    const chosen = Object.fromEntries(fit.kinds[0]!.byTenant.map((t) => [t.name, t.buckets[0]!.fit.chosenName]));
    expect(['lognormal', 'exp-weibull']).toContain(chosen.vision);
    expect(['gamma', 'exponential', 'weibull', 'exp-weibull']).toContain(chosen.nlp);
    expect(['weibull', 'gamma', 'exp-weibull']).toContain(chosen.ranking);
  });
});

describe('the fitted model simulated back (8 weeks) reproduces the trace', () => {
  it('interarrival distribution: two-sample KS below the 0.1% critical value', () => {
    const times = Float64Array.from(simulated.arrivals).sort();
    const gaps = times.subarray(1).map((t, i) => t - times[i]!).sort();
    const traceGaps = Float64Array.from(fit.wallClockGaps).sort();
    expect(ksTwoSample(gaps, traceGaps)).toBeLessThan(ksCritical(gaps.length, traceGaps.length));
  });

  it('hourly and weekday shares of arrivals within 1 percentage point', () => {
    const share = (times: number[], bucket: (t: number) => number, n: number) => {
      const counts = new Array<number>(n).fill(0);
      for (const t of times) counts[bucket(t)]!++;
      return counts.map((c) => c / times.length);
    };
    const traceTimes = Array.from(fit.trace.submit);
    const simTimes = simulated.arrivals.map((t) => t + ORIGIN);
    const [th, sh] = [share(traceTimes, hourOfDay, 24), share(simTimes, hourOfDay, 24)];
    th.forEach((x, h) => expect(Math.abs(sh[h]! - x), `hour ${h}`).toBeLessThan(0.01));
    const [tw, sw] = [share(traceTimes, weekday, 7), share(simTimes, weekday, 7)];
    tw.forEach((x, d) => expect(Math.abs(sw[d]! - x), `day ${d}`).toBeLessThan(0.01));
  });

  it('per-tenant job durations: two-sample KS below the 0.1% critical value', () => {
    const t = fit.trace;
    for (const [ti, tenant] of t.tenantNames.entries()) {
      const traced = Float64Array.from(Array.from(t.duration).filter((_, i) => t.tenant[i] === ti)).sort();
      const sim = Float64Array.from(simulated.records.filter((r) => r.tenant === tenant).map((r) => r.endedAt - r.startedAt)).sort();
      expect(ksTwoSample(sim, traced), tenant).toBeLessThan(ksCritical(sim.length, traced.length));
    }
  });
});
