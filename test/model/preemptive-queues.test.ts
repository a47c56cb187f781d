/**
 * Preemptive policies against queueing theory: the preemptive-resume priority M/M/1 queue's
 * per-class mean response times (closed form), las on M/M/1 (size-blind and work-conserving, so
 * with exponential service its mean response time is FIFO's, 1/(μ − λ)), and srtf ahead of sjf
 * ahead of FIFO on a high-variance M/G/1, whose FIFO wait is Pollaczek–Khinchine's.
 */
import { describe, expect, it } from 'vitest';
import { BUILT_IN_SCHEDULERS, runScenario } from '../../src/model/index.js';
import { scenario } from '../helpers/scenario.js';

const mm1 = (lambda: number, customers: number, tenants: Record<string, object> | undefined, policy: object) => scenario({
  horizon: customers / lambda, warmup: 2000,
  platform: { pools: { server: { capacity: 1 } } },
  workload: {
    interarrival: { dist: 'exponential', mean: 1 / lambda },
    structures: { single: { tasks: { serve: { kind: 'serve' } } } },
    ...(tenants ? { tenants } : {}),
  },
  tasks: { serve: { pool: 'server', duration: { dist: 'exponential', mean: 1 } } },
  policy,
});

describe('preemptive-resume priority M/M/1, two classes (μ = 1)', () => {
  // Preemptive-resume priority, exponential service at rate μ for both classes (Kleinrock,
  // Queueing Systems, vol. II): T1 = 1/(μ(1 − ρ1)); T2 = T1 + ρ/(μ(1 − ρ1)(1 − ρ)).
  it.each([[0.5, 0.25, 1_000_000], [0.8, 0.4, 2_000_000]])('ρ = %s (high-priority share ρ1 = %s, %i customers)', (rho, rho1, customers) => {
    const s = mm1(rho, customers, { high: { weight: rho1 / rho, priority: 1 }, low: { weight: 1 - rho1 / rho } }, { scheduler: 'preemptive-priority' });
    const { metrics } = runScenario(s, BUILT_IN_SCHEDULERS['preemptive-priority']!, 5, 0);
    const high = 1 / (1 - rho1);
    const low = high + rho / ((1 - rho1) * (1 - rho));
    expect(Math.abs(metrics['tenant.high.latency.mean']! / high - 1)).toBeLessThan(0.03);
    expect(Math.abs(metrics['tenant.low.latency.mean']! / low - 1)).toBeLessThan(0.03);
    expect(metrics['task.preemptions.mean']).toBeGreaterThan(0);
  });
});

describe('las on M/M/1 with exponential service', () => {
  it.each([['time', 0.7], ['unit-time', 0.8]])('has FIFO\'s mean response time 1/(μ − λ) (service %s, ρ = %s)', (service, rho) => {
    const s = mm1(rho, 1_500_000, undefined, { scheduler: 'las', las: { thresholds: [0.5, 2], service } });
    const { metrics } = runScenario(s, BUILT_IN_SCHEDULERS.las!, 7, 0);
    expect(Math.abs(metrics['pipeline.latency.mean']! / (1 / (1 - rho)) - 1)).toBeLessThan(0.03);
    // It does preempt: demoted tasks give way.
    expect(metrics['task.preemptions.mean']).toBeGreaterThan(0.05);
  });
});

describe('srtf, sjf and FIFO on a high-variance M/G/1', () => {
  // Nine in ten jobs short (mean 0.5), one in ten long (mean 5.5): E[S] = 1, E[S²] = 0.9·0.5 + 0.1·60.5 = 6.5.
  const mg1 = (policy: string) => scenario({
    horizon: 1_000_000 / 0.8, warmup: 5000,
    platform: { pools: { server: { capacity: 1 } } },
    workload: {
      interarrival: { dist: 'exponential', mean: 1 / 0.8 },
      structures: { short: { weight: 0.9, tasks: { t: { kind: 'short' } } }, long: { weight: 0.1, tasks: { t: { kind: 'long' } } } },
    },
    tasks: {
      short: { pool: 'server', duration: { dist: 'exponential', mean: 0.5 } },
      long: { pool: 'server', duration: { dist: 'exponential', mean: 5.5 } },
    },
    policy: { scheduler: policy },
  });
  const latency = (policy: string) => runScenario(mg1(policy), BUILT_IN_SCHEDULERS[policy]!, 3, 0).metrics['pipeline.latency.mean']!;

  it('orders mean response times srtf < sjf < fifo, FIFO at Pollaczek–Khinchine', () => {
    const [fifo, sjf, srtf] = [latency('fifo'), latency('sjf'), latency('srtf')];
    const pollaczekKhinchine = 1 + (0.8 * 6.5) / (2 * (1 - 0.8));
    expect(Math.abs(fifo / pollaczekKhinchine - 1)).toBeLessThan(0.05);
    expect(sjf).toBeLessThan(0.8 * fifo);
    expect(srtf).toBeLessThan(0.8 * sjf);
  });
});
