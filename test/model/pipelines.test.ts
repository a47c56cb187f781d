/**
 * Pipelines as DAGs: readiness, fan-out and join, exact timings with deterministic
 * durations, data movement over the shared network, and GPU → CPU fallback.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/index.js';
import { Network } from '../../src/model/network.js';
import { fifo, runScenario } from '../../src/index.js';
import { scenario } from '../helpers/scenario.js';

const DAY = 86400;

/** One pipeline a day (isolated), prep → train × 3 → validate, constant durations. */
function fanOut(gpus: number, extra: Record<string, unknown> = {}) {
  return scenario({
    horizon: `${30}d`, warmup: '1d',
    platform: { pools: { cpu: { capacity: 4 }, gpu: { capacity: gpus } } },
    workload: {
      interarrival: { dist: 'constant', value: DAY },
      structures: {
        hpo: {
          tasks: {
            prep: { kind: 'prep' },
            train: { kind: 'train', after: ['prep'], fanOut: 3 },
            validate: { kind: 'validate', after: ['train'] },
          },
        },
      },
    },
    tasks: {
      prep: { pool: 'cpu', duration: '1m' },
      train: { pool: 'gpu', duration: '10m' },
      validate: { pool: 'cpu', duration: '2m' },
    },
    ...extra,
  });
}

describe('DAG execution', () => {
  it('runs fan-out copies in parallel and joins: latency is the critical path', () => {
    const out = runScenario(fanOut(3), fifo, 1, 0);
    expect(out.metrics['pipeline.completed']).toBe(30);
    expect(out.metrics['pipeline.latency.mean']).toBeCloseTo(60 + 600 + 120, 6);
    expect(out.metrics['pipeline.wait.mean']).toBe(0);
  });

  it('serialises copies on one GPU; wait counts the time any task was queued, once', () => {
    const out = runScenario(fanOut(1), fifo, 1, 0);
    expect(out.metrics['pipeline.latency.mean']).toBeCloseTo(60 + 3 * 600 + 120, 6);
    // Copies 2 and 3 wait 600 s and 1200 s, overlapping: the pipeline waited 1200 s.
    expect(out.metrics['pipeline.wait.mean']).toBeCloseTo(1200, 6);
    expect(out.metrics['task.wait.mean']).toBeCloseTo((0 + 0 + 600 + 1200 + 0) / 5, 6);
    expect(out.bottleneck).toBe('gpu');
    // GPU busy 1800 s a day.
    expect(out.metrics['pool.gpu.utilisation']).toBeCloseTo(1800 / DAY, 3);
  });

  it('falls back from GPU to CPU after the configured wait, with the slowdown', () => {
    const out = runScenario(fanOut(1, { policy: { scheduler: 'fifo', fallback: { from: 'gpu', to: 'cpu', after: '5m', slowdown: 2 } } }), fifo, 1, 0);
    // Copies 2 and 3 wait 5 min, then run 20 min each on CPU in parallel.
    expect(out.metrics['task.fallbacks']).toBe(60);
    expect(out.metrics['pipeline.latency.mean']).toBeCloseTo(60 + 300 + 1200 + 120, 6);
    expect(out.metrics['pipeline.wait.mean']).toBeCloseTo(300, 6);
  });

  it('moves data before and after computing over the network', () => {
    const withData = scenario({
      horizon: '10d', warmup: '1d',
      platform: { pools: { cpu: { capacity: 1 } }, network: { bandwidth: '80Mbps' } },
      workload: {
        interarrival: { dist: 'constant', value: DAY },
        assets: { size: '100MB' },
        modelSize: '50MB',
        structures: { s: { tasks: { train: { kind: 'train' } } } },
      },
      tasks: { train: { pool: 'cpu', reads: 'asset', writes: 'model', modelSizeFactor: 0.5, duration: '1m' } },
    });
    const out = runScenario(withData, fifo, 1, 0);
    // 100 MB in at 10 MB/s, 60 s compute, 25 MB out: 10 + 60 + 2.5 s.
    expect(out.metrics['pipeline.latency.mean']).toBeCloseTo(72.5, 6);
    expect(out.metrics['network.bytes']).toBeCloseTo(10 * 125e6, 0);
  });
});

describe('Network (processor sharing)', () => {
  it('shares bandwidth equally among concurrent transfers', () => {
    const sim = new Simulation();
    const done: [number, number][] = [];
    const net = new Network(sim, 10, (id) => done.push([id, sim.now]));
    const startAt = sim.register((arg) => net.start(arg, arg === 4 ? 50 : 100));
    sim.schedule(0, startAt, 1);
    sim.schedule(0, startAt, 2);
    sim.schedule(40, startAt, 3);
    sim.schedule(45, startAt, 4);
    sim.run(Infinity);
    // 1 and 2 share 10 B/s: both done at 20. 3 alone for 5 s (50 B), then shares with 4: both at 55.
    expect(done).toEqual([[1, 20], [2, 20], [3, 55], [4, 55]]);
    expect(net.busy.integral(sim.now)).toBeCloseTo(20 + 15, 9);
  });

  it('completes many equal transfers together, in id order, and each batch in full', () => {
    const sim = new Simulation();
    const done: [number, number][] = [];
    const net = new Network(sim, 100, (id) => done.push([id, sim.now]));
    // 40 equal transfers at 0 (more than the 16 the completion buffer starts with), then 3 at 100.
    const startAt = sim.register((arg) => net.start(arg, 50));
    for (let id = 0; id < 40; id++) sim.schedule(0, startAt, id);
    for (let id = 40; id < 43; id++) sim.schedule(100, startAt, id);
    sim.run(Infinity);
    // 40 × 50 B at 100 B/s end together at 20 s; then 3 × 50 B at 101.5 s.
    expect(done).toEqual([...Array.from({ length: 40 }, (_, id) => [id, 20]), [40, 101.5], [41, 101.5], [42, 101.5]]);
  });
});
