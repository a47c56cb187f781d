/**
 * Failures and retries: exact traces worked out by hand (a task failing at a known running time,
 * checkpoints, backoff, giving up, a node failure moving a task to another node), and the laws
 * they must follow (attempts per task geometric, node availability MTBF / (MTBF + MTTR)).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { fifo, runScenario } from '../../src/model/index.js';
import { jStat } from '../../src/random/index.js';
import { confidenceInterval } from '../../src/stats/confidence.js';
import { scenario } from '../helpers/scenario.js';
import { TraceRunner } from '../helpers/trace-run.js';

const runner = new TraceRunner();
afterAll(() => runner.close());

describe('failures, exact traces', () => {
  const oneUnit = { platform: { pools: { gpu: { capacity: 1 } } } };

  it('a task failing after 30 s of each attempt keeps its work to the last checkpoint and retries after a growing backoff', async () => {
    const { events, spans, metrics } = await runner.run([{ name: 'A', at: 0, seconds: 100 }], {
      ...oneUnit, failures: { task: { timeToFailure: '30s' }, retries: 3, backoff: '10s', backoffFactor: 2, checkpoint: '25s' },
    });
    // Progress 30 → kept 25; 55 → 50; 80 → 75; the fourth attempt needs 25 s and makes it.
    expect(events).toEqual(['A start 0', 'A fail 30', 'A resume 40', 'A fail 70', 'A resume 90', 'A fail 120', 'A resume 160', 'A finish 185']);
    expect(spans.get('A')).toEqual([0, 185]);
    expect(metrics['task.attempts.failed']).toBe(3);
    expect(metrics['task.retries']).toBe(3);
    expect(metrics['task.attempts.mean']).toBe(4);
    expect(metrics['task.failures.lostSeconds']).toBe(15);
    expect(metrics['pipeline.gaveUp']).toBe(0);
    // Backoff is not queueing; the wait is the queueing after each retry (none here).
    expect(metrics['pipeline.wait.mean']).toBe(0);
    expect(metrics['pipeline.latency.mean']).toBe(185);
  });

  it('past its retries the pipeline gives up, and the next job runs', async () => {
    const { events, metrics } = await runner.run([{ name: 'A', at: 0, seconds: 100 }, { name: 'B', at: 5, seconds: 20 }], {
      ...oneUnit, failures: { task: { timeToFailure: '30s' }, retries: 1, backoff: '10s' },
    });
    // Without checkpoints each attempt starts from scratch. B runs in A's backoff.
    expect(events).toEqual(['A start 0', 'A fail 30', 'B start 30', 'B finish 50', 'A resume 50', 'A fail 80', 'A giveUp 80']);
    expect(metrics['pipeline.gaveUp']).toBe(1);
    expect(metrics['pipeline.completed']).toBe(1);
    expect(metrics['pipeline.inFlight']).toBe(0);
    expect(metrics['task.attempts.failed']).toBe(2);
    expect(metrics['task.failures.lostSeconds']).toBe(60);
    expect(metrics['task.attempts.mean']).toBe(1.5);
  });

  it('a node failure kills the task on it; it retries on the other node', async () => {
    const { events, placements, metrics } = await runner.run([{ name: 'A', at: 0, seconds: 100 }], {
      platform: { pools: { gpu: { nodes: [{ type: 'flaky', count: 1, units: 1, failures: { uptime: '50s', repair: '30s' } }, { type: 'solid', count: 1, units: 1 }] } } },
      failures: { backoff: '5s', checkpoint: '20s' },
    });
    expect(events).toEqual(['A start 0', 'A fail 50', 'A resume 55', 'A finish 115']);
    expect(placements).toEqual(['A 0 [0,1]', 'A 55 [1,1]']);
    expect(metrics['task.failures.byNode']).toBe(1);
    expect(metrics['task.failures.lostSeconds']).toBe(10);
    // The flaky node is up 50 s of every 80 s (1080 cycles in the day), the solid one always.
    expect(metrics['pool.gpu.nodes.availability']).toBeCloseTo((1080 * 50 + 86400) / (2 * 86400), 12);
  });

  it('a node that comes back is used again; a task that never fits waits out its repair', async () => {
    const { events } = await runner.run([{ name: 'A', at: 0, seconds: 100 }], {
      platform: { pools: { gpu: { nodes: { count: 1, units: 1, failures: { uptime: '50s', repair: '30s' } } } } },
      failures: { checkpoint: '20s' },
    });
    // Down at 50 (kept 40), up at 80: 60 s left; down again at 130 (kept 40 + 40), up at 160: 20 s left.
    expect(events).toEqual(['A start 0', 'A fail 50', 'A resume 80', 'A fail 130', 'A resume 160', 'A finish 180']);
  });
});

describe('pipelines that give up', () => {
  it('a DAG whose first task always fails: what depends on it never runs, its other branch does, and nothing leaks', () => {
    const kinds: string[] = [];
    const s = scenario({
      horizon: '20d', warmup: '1d', platform: { pools: { cpu: { capacity: 4 } } },
      workload: {
        interarrival: { dist: 'exponential', mean: '1h' },
        structures: { dag: { tasks: { a: { kind: 'a' }, b: { kind: 'b', after: ['a'] }, c: { kind: 'c', fanOut: 2 } } } },
      },
      tasks: { a: { pool: 'cpu', duration: '10m' }, b: { pool: 'cpu', duration: '10m' }, c: { pool: 'cpu', duration: '5m' } },
      failures: { task: { timeToFailure: '1m', kinds: ['a'] }, retries: 2, backoff: '1m' },
    });
    const out = runScenario(s, fifo, 5, 0, { onTaskEnd: (record) => kinds.push(record.kind) });
    const m = out.metrics;
    expect(kinds.filter((k) => k === 'b')).toHaveLength(0);
    expect(kinds.filter((k) => k === 'c').length).toBeGreaterThan(400);
    expect(m['pipeline.completed']).toBe(0);
    expect(m['pipeline.gaveUp']).toBeGreaterThan(400);
    expect(m['pipeline.gaveUp']! + m['pipeline.inFlight']!).toBeGreaterThanOrEqual(m['pipeline.arrived']!);
    expect(m['pipeline.inFlight']).toBeLessThan(5);
    // Per pipeline: a's three attempts and c's two tasks of one attempt each.
    expect(m['task.attempts.mean']).toBeCloseTo(5 / 3, 12);
  });

  it('two branches that both give up before their join: counted once, the join written off once, nothing leaks', () => {
    const kinds: string[] = [];
    const s = scenario({
      horizon: '20d', warmup: '1d', platform: { pools: { cpu: { capacity: 4 } } },
      workload: {
        interarrival: { dist: 'exponential', mean: '1h' },
        structures: { join: { tasks: { a: { kind: 'a' }, c: { kind: 'c' }, d: { kind: 'd', after: ['a', 'c'] }, e: { kind: 'e' } } } },
      },
      tasks: { a: { pool: 'cpu', duration: '10m' }, c: { pool: 'cpu', duration: '20m' }, d: { pool: 'cpu', duration: '5m' }, e: { pool: 'cpu', duration: '30m' } },
      failures: { task: { timeToFailure: '1m', kinds: ['a', 'c'] }, retries: 0 },
    });
    const out = runScenario(s, fifo, 3, 0, { onTaskEnd: (record) => kinds.push(record.kind), seriesInterval: 86400 });
    const m = out.metrics;
    // Pipeline records alive at each day's end: every one that gave up is released (none leaks).
    expect(Math.max(...(out.series?.inFlight ?? [Infinity]))).toBeLessThan(10);
    expect(kinds.filter((k) => k === 'd')).toHaveLength(0);
    expect(kinds.filter((k) => k === 'e').length).toBeGreaterThan(400);
    expect(m['pipeline.completed']).toBe(0);
    expect(m['pipeline.gaveUp']! + m['pipeline.inFlight']!).toBeGreaterThanOrEqual(m['pipeline.arrived']!);
    expect(m['pipeline.gaveUp']).toBeLessThanOrEqual(m['pipeline.arrived']!);
    expect(m['pipeline.inFlight']).toBeLessThan(5);
    // Each measured pipeline: a and c fail once each (no retries), e finishes.
    expect(m['task.attempts.failed']).toBeCloseTo(2 * m['pipeline.gaveUp']!, -1);
  });

  it('node failures with data transfers: a task reading its input when its node fails fails as it would compute', () => {
    const s = scenario({
      horizon: '30d', warmup: '1d', platform: { pools: { gpu: { nodes: { count: 4, units: 2, failures: { uptime: { dist: 'exponential', mean: '12h' }, repair: '1h' } } } }, network: { bandwidth: '1Gbps' } },
      workload: {
        interarrival: { dist: 'exponential', mean: '30m' }, assets: { size: { dist: 'exponential', mean: '100GB' } },
        structures: { one: { tasks: { t: { kind: 'train' } } } },
      },
      tasks: { train: { pool: 'gpu', units: 2, duration: { dist: 'exponential', mean: '2h' }, reads: 'asset' } },
      failures: { retries: 5, checkpoint: '30m' },
    });
    const m = runScenario(s, fifo, 9, 0).metrics;
    expect(m['task.failures.byNode']).toBeGreaterThan(50);
    expect(m['pipeline.completed']! + m['pipeline.gaveUp']! + m['pipeline.inFlight']!).toBeGreaterThanOrEqual(m['pipeline.arrived']! - 1);
    expect(m['pool.gpu.nodes.availability']).toBeGreaterThan(0.9);
  });
});

describe('failures, laws', () => {
  it('attempts per task follow the geometric law truncated at the retry limit (chi-square)', () => {
    const p = 0.3;
    const retries = 3;
    const s = scenario({
      horizon: '200d', warmup: 0, platform: { pools: { gpu: { capacity: 4 } } },
      workload: { interarrival: { dist: 'exponential', mean: '10m' }, structures: { one: { tasks: { t: { kind: 'job' } } } } },
      tasks: { job: { pool: 'gpu', duration: { dist: 'exponential', mean: '20m' } } },
      failures: { task: { probability: p }, retries },
    });
    const fails = new Map<number, number>();
    const counts = new Array<number>(retries + 2).fill(0);
    runScenario(s, fifo, 7, 0, {
      onSchedule: (event, task) => {
        if (event === 'start') fails.set(task, 0);
        else if (event === 'fail') fails.set(task, (fails.get(task) ?? 0) + 1);
        else if (event === 'finish') counts[fails.get(task) ?? 0]!++;
        else if (event === 'giveUp') counts[retries + 1]!++;
      },
    });
    const n = counts.reduce((a, b) => a + b, 0);
    expect(n).toBeGreaterThan(20000);
    const expected = counts.map((_, k) => (k <= retries ? (1 - p) * p ** k : p ** (retries + 1)) * n);
    const statistic = counts.reduce((sum, c, k) => sum + (c - expected[k]!) ** 2 / expected[k]!, 0);
    expect(statistic).toBeLessThan(jStat.chisquare.inv(0.999, counts.length - 1));
  });

  it('node availability is MTBF / (MTBF + MTTR) within its confidence interval', () => {
    const s = scenario({
      horizon: '365d', warmup: '10d',
      platform: { pools: { gpu: { nodes: { count: 20, units: 1, failures: { uptime: { dist: 'exponential', mean: '10h' }, repair: { dist: 'exponential', mean: '2h' } } } } } },
      workload: { interarrival: { dist: 'exponential', mean: '1h' }, structures: { one: { tasks: { t: { kind: 'job' } } } } },
      tasks: { job: { pool: 'gpu', duration: { dist: 'exponential', mean: '1h' } } },
    });
    const values = Array.from({ length: 10 }, (_, r) => runScenario(s, fifo, 3, r).metrics['pool.gpu.nodes.availability'] as number);
    const ci = confidenceInterval(values, 0.999);
    expect(ci.low).toBeLessThan(10 / 12);
    expect(ci.high).toBeGreaterThan(10 / 12);
    expect(ci.halfWidth).toBeLessThan(0.01);
  });

  it('with one unit per node and no slowdown, a pool of nodes gives the results of a counted pool', () => {
    const base = {
      horizon: '30d', warmup: '2d',
      workload: { interarrival: { dist: 'exponential', mean: '10m' }, structures: { one: { tasks: { t: { kind: 'job' } } } } },
      tasks: { job: { pool: 'gpu', duration: { dist: 'exponential', mean: '70m' } } },
    };
    for (const placement of ['pack', 'spread']) {
      const counted = runScenario(scenario({ ...base, platform: { pools: { gpu: { capacity: 8 } } } }), fifo, 11, 0).metrics;
      const nodes = runScenario(scenario({ ...base, platform: { pools: { gpu: { nodes: { count: 8, units: 1 }, placement: { strategy: placement } } } } }), fifo, 11, 0).metrics;
      for (const [key, value] of Object.entries(counted)) expect([key, nodes[key]]).toEqual([key, value]);
      expect(nodes['pool.gpu.fragmentation']).toBe(0);
    }
  });
});
