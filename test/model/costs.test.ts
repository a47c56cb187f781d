/**
 * The cost model on a trace worked by hand: one server, a job every 60 s needing 90 s, FIFO,
 * 620 s measured. Jobs arrive at 60, 120, …, 600; job k (k ≤ 6) waits 30(k − 1) s and finishes;
 * job 7 starts at 600 after 180 s; jobs 8–10 are still queued at 620, having waited 140, 80 and
 * 20 s. With an SLA of 100 s: 120 and 150 (finished) and 180 and 140 (at the horizon) breach it,
 * 4 pipelines. The server is busy from 60 s on: 560 unit-seconds of 620.
 */
import { describe, expect, it } from 'vitest';
import { fifo, runScenario } from '../../src/model/index.js';
import { scenario } from '../helpers/scenario.js';

const base = {
  horizon: 620, warmup: 0,
  platform: { pools: { gpu: { capacity: 1 } } },
  workload: { interarrival: '60s', structures: { job: { tasks: { run: { kind: 'run' } } } } },
  tasks: { run: { pool: 'gpu', duration: '90s' } },
};

describe('cost', () => {
  it('prices capacity, busy time and SLA breaches exactly', () => {
    const out = runScenario(scenario({ ...base, cost: { pools: { gpu: { unitHour: 3.6, busyUnitHour: 7.2 } }, sla: { wait: '100s', penalty: 10 } } }), fifo, 1, 0);
    const m = out.metrics;
    expect(m['pool.gpu.utilisation']).toBeCloseTo(560 / 620, 12);
    expect(m['sla.breaches']).toBe(4);
    expect(m['cost.capacity']).toBeCloseTo(3.6 * 620 / 3600, 12);
    expect(m['cost.energy']).toBeCloseTo(7.2 * 560 / 3600, 12);
    expect(m['cost.sla']).toBe(40);
    expect(m['cost.staleness']).toBe(0);
    expect(m['cost.total']).toBeCloseTo(0.62 + 1.12 + 40, 12);
  });

  it('adds no key without cost:, and no SLA count without an SLA', () => {
    const plain = runScenario(scenario(base), fifo, 1, 0).metrics;
    expect(Object.keys(plain).filter((k) => k.startsWith('cost.') || k.startsWith('sla.'))).toEqual([]);
    const priced = runScenario(scenario({ ...base, cost: { pools: { gpu: { unitHour: 1 } } } }), fifo, 1, 0).metrics;
    expect(priced['sla.breaches']).toBeUndefined();
    expect(priced['cost.total']).toBeCloseTo(620 / 3600, 12);
    // The other metrics are those of the run without prices.
    for (const [k, v] of Object.entries(plain)) expect(priced[k], k).toEqual(v);
  });

  it('prices the model-days below the quality threshold', () => {
    const quality = {
      applications: 4,
      initial: { dist: 'uniform', min: 0.8, max: 0.9 },
      drift: { ratePerDay: 0.05 },
      monitoring: { interval: '10d', threshold: 0.7 },
      retraining: { structure: 'job' },
    };
    // Few pipelines (each deploys a fresh model of its application) and a check every 10 days: models go stale.
    const withQuality = { ...base, horizon: '20d', warmup: '1d', workload: { ...base.workload, interarrival: '1d' }, quality };
    const run = (perModelDay: number) => runScenario(scenario({ ...withQuality, cost: { staleness: { perModelDay } } }), fifo, 3, 0).metrics;
    const one = run(1);
    expect(one['quality.belowThreshold']).toBeGreaterThan(0);
    expect(one['cost.staleness']).toBeGreaterThan(0);
    // At most every model below the threshold all the time: applications × measured days.
    expect(one['cost.staleness']).toBeLessThanOrEqual(4 * 20);
    expect(run(250)['cost.staleness']).toBeCloseTo(250 * (one['cost.staleness'] as number), 9);
  });
});
