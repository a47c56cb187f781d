/**
 * Deployed-model quality: constant without drift; closed-form time averages under
 * deterministic linear decay with instant retraining; triggers at the crossing instant under
 * continuous monitoring; and a policy that starves retraining keeps quality lower.
 */
import { describe, expect, it } from 'vitest';
import { fifo, orderByKey, runScenario } from '../../src/index.js';
import { scenario } from '../helpers/scenario.js';

const DAY = 86400;

/** One application, deployed once at 1000 d (= warm-up end), instant tasks, 100 days measured. */
function single(quality: Record<string, unknown>) {
  return scenario({
    horizon: '100d', warmup: '1000d',
    platform: { pools: { cpu: { capacity: 10 } } },
    workload: {
      interarrival: { dist: 'constant', value: 1000 * DAY },
      structures: { build: { tasks: { train: { kind: 'train' } } }, retrain: { weight: 0, tasks: { train: { kind: 'train' } } } },
    },
    tasks: { train: { pool: 'cpu', duration: 0 } },
    quality: { applications: 1, initial: 1, retraining: { structure: 'retrain' }, ...quality },
  });
}

describe('deployed-model quality', () => {
  it('stays constant without drift, and never triggers retraining', () => {
    const m = runScenario(single({ initial: 0.9, drift: { ratePerDay: 0 }, monitoring: { interval: '1d', threshold: 0.8 } }), fifo, 1, 0).metrics;
    expect(m['quality.mean']).toBeCloseTo(0.9, 12);
    expect(m['quality.belowThreshold']).toBe(0);
    expect(m['retraining.triggered']).toBe(0);
    expect(m['quality.staleness.mean']).toBeCloseTo(50 * DAY, 6);
  });

  it('matches the closed-form sawtooth with daily monitoring and instant retraining', () => {
    // Decay 0.03/day from 1 crosses 0.8 after 6.67 days; the day-7 check retrains: 7-day cycles.
    // 14 full cycles (mean 1 − 0.03·3.5) and 2 days of the 15th (mean 1 − 0.03·1).
    const m = runScenario(single({ drift: { ratePerDay: 0.03 }, monitoring: { interval: '1d', threshold: 0.8 } }), fifo, 1, 0).metrics;
    expect(m['retraining.triggered']).toBe(14);
    expect(m['retraining.completed']).toBe(14);
    expect(m['quality.mean']).toBeCloseTo((14 * 7 * (1 - 0.03 * 3.5) + 2 * (1 - 0.03)) / 100, 10);
    expect(m['quality.belowThreshold']).toBeCloseTo((14 * (7 - 0.2 / 0.03)) / 100, 10);
    expect(m['quality.staleness.mean']! / DAY).toBeCloseTo((14 * 7 * 3.5 + 2 * 1) / 100, 8);
  });

  it('with continuous monitoring, fires exactly when the threshold is crossed', () => {
    const m = runScenario(single({ drift: { ratePerDay: 0.03 }, monitoring: { interval: 0, threshold: 0.8 } }), fifo, 1, 0).metrics;
    // Retrained at every crossing: quality runs 1 → 0.8 and never below; mean (1 + 0.8) / 2.
    expect(m['quality.belowThreshold']).toBeCloseTo(0, 12);
    expect(m['quality.mean']).toBeCloseTo(0.9, 9);
    expect(m['retraining.triggered']).toBe(14);
  });

  it('keeps models worse when the scheduler starves retraining than when it favours it', () => {
    const congested = scenario({
      horizon: '120d', warmup: '40d',
      platform: { pools: { gpu: { capacity: 3 } } },
      workload: {
        // Regular work alone keeps the GPUs 93% busy; each application is refreshed by a
        // regular pipeline only about monthly, so retraining is what keeps quality up.
        interarrival: { dist: 'exponential', mean: '21.5m' },
        structures: { build: { tasks: { train: { kind: 'train' } } }, retrain: { weight: 0, tasks: { train: { kind: 'train' } } } },
      },
      tasks: { train: { pool: 'gpu', duration: { dist: 'exponential', mean: '1h' } } },
      quality: {
        applications: 2000, initial: { dist: 'uniform', min: 0.9, max: 0.95 },
        drift: { ratePerDay: 0.02, sudden: { every: '60d', drop: { dist: 'uniform', min: 0.05, max: 0.1 } } },
        monitoring: { interval: '6h', threshold: 0.85, noise: 0.005 },
        retraining: { structure: 'retrain' },
      },
    });
    const favour = orderByKey('favour-retraining', (t, { tasks }) => (tasks.retraining(t) ? 0 : 1));
    const starve = orderByKey('starve-retraining', (t, { tasks }) => (tasks.retraining(t) ? 1 : 0));
    const good = runScenario(congested, favour, 3, 0).metrics;
    const bad = runScenario(congested, starve, 3, 0).metrics;
    expect(good['retraining.triggered']).toBeGreaterThan(50);
    expect(good['quality.mean']).toBeGreaterThan(bad['quality.mean']!);
    expect(good['quality.belowThreshold']).toBeLessThan(bad['quality.belowThreshold']!);
  });
});
