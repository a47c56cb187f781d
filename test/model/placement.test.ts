/**
 * Nodes, gangs and placement by exact traces worked out by hand: where each job's units go,
 * when it starts, and what the pool reports (fragmentation, nodes spanned, locality slowdown).
 */
import { afterAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { fifo, loadScheduler, srtf, type PlacementRequest, type SchedulingPolicy } from '../../src/model/index.js';
import { packShare, spreadShare } from '../../src/model/placement-strategies.js';
import { TraceRunner, type Job } from '../helpers/trace-run.js';

const runner = new TraceRunner();
afterAll(() => runner.close());

const twoNodes = (placement: Record<string, unknown> = {}) => ({ platform: { pools: { gpu: { nodes: { count: 2, units: 4 }, placement } } } });

describe('placement strategies', () => {
  it('pack fills the fullest node that holds a gang; spread the emptiest', () => {
    const free = Int32Array.from([3, 1, 4, 2]);
    expect(Array.from(packShare(free, 2, 1) ?? [])).toEqual([0, 0, 0, 2]);
    expect(Array.from(spreadShare(free, 2, 1) ?? [])).toEqual([0, 0, 2, 0]);
    // Across nodes: pack takes the emptiest, then the fullest that holds the rest.
    expect(Array.from(packShare(free, 6, 2) ?? [])).toEqual([0, 0, 4, 2]);
    expect(packShare(free, 8, 2)).toBeUndefined();
    // Spread deals units one at a time over as many nodes as it may.
    expect(Array.from(spreadShare(free, 4, 4) ?? [])).toEqual([1, 1, 1, 1]);
    expect(Array.from(spreadShare(free, 5, 2) ?? [])).toEqual([2, 0, 3, 0]);
  });
});

describe('nodes, exact traces', () => {
  // A and B (2 units each) arrive at 0 and 1; C needs a whole node (4 units) at 2.
  const jobs: Job[] = [
    { name: 'A', at: 0, seconds: 100, units: 2 }, { name: 'B', at: 1, seconds: 100, units: 2 }, { name: 'C', at: 2, seconds: 10, units: 4 },
  ];

  it('pack puts A and B on one node and leaves a whole node for C', async () => {
    const { placements, spans, metrics, nodeUtilisation } = await runner.run(jobs, twoNodes({ strategy: 'pack' }));
    expect(placements).toEqual(['A 0 [0,2]', 'B 1 [0,2]', 'C 2 [1,4]']);
    expect(spans.get('C')).toEqual([2, 12]);
    expect(metrics['pool.gpu.fragmentation']).toBe(0);
    expect(metrics['pool.gpu.nodes.spanned']).toBe(1);
    // Each node's busy unit-seconds over its 4 units × the day: A and B on the first, C on the second.
    expect(Object.keys(nodeUtilisation?.gpu ?? {})).toEqual(['gpu-1', 'gpu-2']);
    expect(nodeUtilisation?.gpu?.['gpu-1']).toBeCloseTo((2 * 100 + 2 * 100) / (4 * 86400), 15);
    expect(nodeUtilisation?.gpu?.['gpu-2']).toBeCloseTo((4 * 10) / (4 * 86400), 15);
    expect(metrics['pool.gpu.nodes.utilisation.max']).toBe(nodeUtilisation?.gpu?.['gpu-1']);
  });

  it('spread puts A and B on separate nodes: C cannot start although 4 units are free (fragmentation)', async () => {
    const { placements, spans, metrics, nodeUtilisation } = await runner.run(jobs, twoNodes({ strategy: 'spread' }));
    expect(placements).toEqual(['A 0 [0,2]', 'B 1 [1,2]', 'C 100 [0,4]']);
    // A then C on the first node, B on the second.
    expect(nodeUtilisation?.gpu?.['gpu-1']).toBeCloseTo((2 * 100 + 4 * 10) / (4 * 86400), 15);
    expect(nodeUtilisation?.gpu?.['gpu-2']).toBeCloseTo((2 * 100) / (4 * 86400), 15);
    expect(spans.get('C')).toEqual([100, 110]);
    // 4 free units the head could not use from 2 s to 100 s, over the day's horizon.
    expect(metrics['pool.gpu.fragmentation']).toBeCloseTo((4 * 98) / 86400, 12);
    expect(metrics['pipeline.wait.mean']).toBeCloseTo(98 / 3, 9);
  });

  it('a gang may span an extra node, computing slower by the locality slowdown', async () => {
    const { placements, spans, metrics } = await runner.run(jobs, twoNodes({ strategy: 'spread', maxExtraNodes: 1, slowdown: 0.5 }));
    // A spreads over both nodes as it may; so does B; C spans both as well, 1.5 × slower.
    expect(placements).toEqual(['A 0 [0,1,1,1]', 'B 1 [0,1,1,1]', 'C 2 [0,2,1,2]']);
    expect(spans.get('A')).toEqual([0, 150]);
    expect(spans.get('C')).toEqual([2, 2 + 15]);
    expect(metrics['pool.gpu.nodes.spanned']).toBe(2);
    // Each spans one node more than its units need.
    expect(metrics['pool.gpu.nodes.extra']).toBe(1);
  });

  it('pack spans extra nodes only when it must', async () => {
    const { placements, spans } = await runner.run(jobs, twoNodes({ strategy: 'pack', maxExtraNodes: 1, slowdown: 0.5 }));
    expect(placements).toEqual(['A 0 [0,2]', 'B 1 [0,2]', 'C 2 [1,4]']);
    expect(spans.get('C')).toEqual([2, 12]);
  });

  it('a gang larger than a node takes the fewest whole nodes, all at once', async () => {
    const big: Job[] = [{ name: 'A', at: 0, seconds: 50, units: 1 }, { name: 'B', at: 1, seconds: 10, units: 8 }];
    const { placements, spans } = await runner.run(big, twoNodes());
    expect(placements).toEqual(['A 0 [0,1]', 'B 50 [0,4,1,4]']);
    expect(spans.get('B')).toEqual([50, 60]);
  });

  it('several node types: per-type utilisation, the fewest nodes counted on the largest', async () => {
    const { placements, metrics, nodeUtilisation } = await runner.run([{ name: 'A', at: 0, seconds: 8640, units: 4 }], {
      platform: { pools: { gpu: { nodes: [{ type: 'small', count: 1, units: 2 }, { type: 'big', count: 1, units: 4 }] } } },
    });
    expect(placements).toEqual(['A 0 [1,4]']);
    expect(metrics['pool.gpu.nodes.utilisation.big']).toBeCloseTo(0.1, 12);
    expect(metrics['pool.gpu.nodes.utilisation.small']).toBe(0);
    expect(metrics['pool.gpu.nodes.idle']).toBeCloseTo(1 + 0.9, 12);
    expect(nodeUtilisation).toEqual({ gpu: { 'small-1': 0, 'big-1': expect.closeTo(0.1, 12) } });
  });

  it("a policy's place function decides, and a bad answer fails the run naming the policy", async () => {
    const lastFirst: SchedulingPolicy = {
      name: 'last-first', createQueue: fifo.createQueue,
      place(request: PlacementRequest) {
        const share = request.nodes.map(() => 0);
        for (let i = request.nodes.length - 1; i >= 0; i--) if ((request.nodes[i]?.free ?? 0) >= request.units) { share[i] = request.units; return share; }
        return undefined;
      },
    };
    const { placements } = await runner.run(jobs, { ...twoNodes({ strategy: 'policy' }), policy: { scheduler: './last-first.ts' } }, lastFirst);
    expect(placements).toEqual(['A 0 [1,2]', 'B 1 [1,2]', 'C 2 [0,4]']);
    const bad: SchedulingPolicy = { name: 'bad', createQueue: fifo.createQueue, place: (r) => r.nodes.map(() => 1) };
    await expect(runner.run(jobs, { ...twoNodes({ strategy: 'policy' }), policy: { scheduler: './bad.ts' } }, bad)).rejects.toThrow("the place() of policy 'bad' on pool 'gpu' returned a placement over 2 nodes where at most 1 are allowed");
  });

  it('experiments/policies/two-ended.ts: small jobs from the back, large ones on whole nodes from the front', async () => {
    const twoEnded = await loadScheduler('./policies/two-ended.ts', path.resolve('experiments'));
    const mixed: Job[] = [
      { name: 'S1', at: 0, seconds: 100, units: 1 }, { name: 'L', at: 1, seconds: 100, units: 4 },
      { name: 'S2', at: 2, seconds: 100, units: 1 }, { name: 'M', at: 3, seconds: 100, units: 3 },
    ];
    const { placements } = await runner.run(mixed, {
      platform: { pools: { gpu: { nodes: { count: 3, units: 4 }, placement: { strategy: 'policy' } } } }, policy: { scheduler: './policies/two-ended.ts' },
    }, twoEnded);
    // S1 and S2 share the last node; L takes the first whole node, M the next one.
    expect(placements).toEqual(['S1 0 [2,1]', 'L 1 [0,4]', 'S2 2 [2,1]', 'M 3 [1,3]']);
  });

  it('composes with quotas: an owner reclaims a whole node from a borrower', async () => {
    // y borrows both 2-GPU nodes; x, guaranteed 2 GPUs, arrives at 5 and takes back the node of
    // y's latest-started job, which waits for room again.
    const jobs2: Job[] = [
      { name: 'Y1', at: 0, seconds: 100, units: 2, tenant: 'y' }, { name: 'Y2', at: 1, seconds: 100, units: 2, tenant: 'y' },
      { name: 'X', at: 5, seconds: 10, units: 2, tenant: 'x' },
    ];
    const { events, placements, metrics } = await runner.run(jobs2, {
      platform: { pools: { gpu: { nodes: { count: 2, units: 2 }, quotas: { x: 2 } } } }, tenants: { x: {}, y: {} },
    });
    expect(placements).toEqual(['Y1 0 [0,2]', 'Y2 1 [1,2]', 'X 5 [1,2]', 'Y2 15 [1,2]']);
    expect(events).toEqual(['Y1 start 0', 'Y2 start 1', 'Y2 preempt 5', 'X start 5', 'X finish 15', 'Y2 resume 15', 'Y1 finish 100', 'Y2 finish 111']);
    expect(metrics['pool.gpu.reclaims']).toBe(1);
  });

  it('composes with a preemptive policy: it preempts what makes the head placeable', async () => {
    // srtf: C (10 s) arrives at 2 and preempts B (the latest started), which frees a whole node;
    // B then fits beside A on the other node and resumes at once there (it migrated).
    const { events, placements } = await runner.run(jobs, { ...twoNodes({ strategy: 'spread' }), policy: { scheduler: 'srtf' } }, srtf);
    expect(placements).toEqual(['A 0 [0,2]', 'B 1 [1,2]', 'C 2 [1,4]', 'B 2 [0,2]']);
    expect(events).toEqual(['A start 0', 'B start 1', 'B preempt 2', 'C start 2', 'B resume 2', 'C finish 12', 'A finish 100', 'B finish 101']);
  });
});
