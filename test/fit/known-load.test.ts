/**
 * `pipesim fit` on traces generated with known parameters: the arrival rate survives rows
 * unusable for durations or units, jobs of no units keep their arrivals on a cpu pool, the
 * fitted model's computed load is the trace's, and every way of writing a timestamp gives
 * the same fit.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExperiment } from '../../src/experiment/load.js';
import { fitTrace, fittedExperiment, type TraceFit } from '../../src/fit/fit-trace.js';
import { offeredLoad } from '../../src/fit/load.js';
import { experimentYaml } from '../../src/fit/report.js';
import { createDistribution } from '../../src/random/index.js';
import { readTrace } from '../../src/trace/read.js';
import { tempDir } from '../helpers/cli.js';
import { csv, knownJobs, START } from '../helpers/trace-corpus.js';

const PER_DAY = 1000;
const DAYS = 28;
let fit: TraceFit;
let file: string;

beforeAll(async () => {
  // 20% of jobs used no units; of the rest, one in ten has no usable duration and one in ten no usable units.
  const rows = knownJobs(PER_DAY, DAYS, 3, 0.2);
  const lines = csv(rows).trimEnd().split('\n');
  const spoilt = lines.map((line, i) => {
    if (i === 0 || rows[i - 1]!.units === 0) return line;
    const cells = line.split(',');
    if (i % 10 === 1) cells[1] = 'n/a';
    if (i % 10 === 2) cells[1] = '-1';
    if (i % 10 === 3) cells[2] = 'many';
    return cells.join(',');
  });
  file = path.join(tempDir(), 'known.csv');
  writeFileSync(file, `${spoilt.join('\n')}\n`);
  fit = fitTrace(await readTrace(file));
}, 60_000);

describe('a trace with known parameters, 20% of its rows unusable for durations or units', () => {
  it('keeps every arrival: the fitted rate is within 2% of the true one', () => {
    expect(fit.trace.rows).toBe(knownJobs(PER_DAY, DAYS, 3, 0.2).length);
    expect(fit.trace.complete / fit.trace.rows).toBeLessThan(0.8 + 0.8 * 0.3);
    const perDay = 86400 / createDistribution(fit.interarrivalSpec).mean;
    expect(Math.abs(perDay / PER_DAY - 1)).toBeLessThan(0.02);
  });

  it('models jobs of no units as a cpu kind on a cpu pool, with their share of arrivals and per tenant', () => {
    const cpu = fit.kinds.find((k) => k.zeroUnits)!;
    expect(cpu).toMatchObject({ kind: 'cpu', pool: 'cpu' });
    expect(Math.abs(cpu.arrivals / fit.arrivals - 0.2)).toBeLessThan(0.01);
    expect(fit.pools.map((p) => p.name).sort()).toEqual(['cpu', 'gpu']);
    const experiment = fittedExperiment(fit, 'known', 'known.csv') as { workload: { tenants: Record<string, { weight: number; structures: Record<string, number> }> } };
    expect(Math.abs(experiment.workload.tenants.a!.weight - 0.7)).toBeLessThan(0.01);
    expect(Math.abs(experiment.workload.tenants.b!.structures.cpu! - 0.2)).toBeLessThan(0.02);
  });

  it("gives large jobs their own law: 32-unit jobs (30 min on average) are not drawn from a smaller jobs' law", () => {
    const gpu = fit.kinds.find((k) => !k.zeroUnits)!;
    expect(gpu.unitsBuckets).toEqual([1, 2, 4]);
    const large = gpu.buckets[3]!;
    expect(large.name).toBe('> 4 units');
    expect(Math.abs(createDistribution(large.fit.chosen).mean * large.scale / 1800 - 1)).toBeLessThan(0.1);
  });

  it("keeps the trace's load: the model's computed arrivals and unit-hours per day are within 3%, per pool and per tenant", () => {
    const load = offeredLoad(fit);
    for (const row of [load.total, ...load.pools, ...load.tenants]) {
      expect(Math.abs(row.model.arrivalsPerDay / row.trace.arrivalsPerDay - 1), `${row.label} arrivals`).toBeLessThan(0.03);
      expect(Math.abs(row.model.unitHoursPerDay / row.trace.unitHoursPerDay - 1), `${row.label} unit-hours`).toBeLessThan(0.03);
    }
  });

  it('writes an experiment that loads', async () => {
    const out = path.join(tempDir(), 'known.yaml');
    writeFileSync(out, experimentYaml(fittedExperiment(fit, 'known', 'known.csv'), ['test']));
    const experiment = await loadExperiment(out);
    expect(Object.keys(experiment.scenarios[0]!.scenario.platform.pools).sort()).toEqual(['cpu', 'gpu']);
  });
});

describe('timestamps written every way give the same fit', () => {
  it('epoch s, ms, µs, ns and compact dates', async () => {
    const rows = knownJobs(300, 10, 5);
    const ways: Record<string, (t: number) => string> = {
      s: (t) => String(Math.round(t)),
      ms: (t) => String(Math.round(t) * 1000),
      us: (t) => `${Math.round(t)}000000`,
      ns: (t) => `${Math.round(t)}000000000`,
      compact: (t) => new Date(Math.round(t) * 1000).toISOString().slice(0, 19).replace(/[-:T]/g, ''),
    };
    const fits = await Promise.all(Object.entries(ways).map(async ([name, format]) => {
      const f = path.join(tempDir(), `${name}.csv`);
      writeFileSync(f, csv(rows, format));
      return fitTrace(await readTrace(f));
    }));
    for (const f of fits) {
      expect(f.first).toBeGreaterThanOrEqual(START);
      expect(f.interarrivalSpec).toEqual(fits[0]!.interarrivalSpec);
      expect(offeredLoad(f).total).toEqual(offeredLoad(fits[0]!).total);
    }
  });

  it('leaves out a stray row 15 days before a 4-day trace, and reports it', async () => {
    const rows = [{ submit: START - 15 * 86400, duration: 60, units: 1, tenant: 'a' }, ...knownJobs(400, 4, 2)];
    const f = path.join(tempDir(), 'stray.csv');
    writeFileSync(f, csv(rows));
    const stray = fitTrace(await readTrace(f));
    expect(stray.window.before).toBe(1);
    expect(stray.arrivals).toBe(rows.length - 1);
    const perDay = 86400 / createDistribution(stray.interarrivalSpec).mean;
    expect(Math.abs(perDay / 400 - 1)).toBeLessThan(0.1);
  });
});
