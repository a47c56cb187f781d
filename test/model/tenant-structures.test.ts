/**
 * A tenant's own structure mix (`tenants.<name>.structures`): its pipelines draw from it,
 * other tenants from the structures' weights, on the one-task fast path and the general path
 * alike; names it gives are checked against the structures.
 */
import { describe, expect, it } from 'vitest';
import { fifo, runScenario } from '../../src/index.js';
import { scenario } from '../helpers/scenario.js';

const DAY = 86400;

function platform(twoTaskStructure: boolean) {
  return scenario({
    horizon: `${60}d`, warmup: 0,
    platform: { pools: { cpu: { capacity: 64 }, gpu: { capacity: 64 } } },
    workload: {
      interarrival: { dist: 'exponential', mean: 60 },
      tenants: { batch: { weight: 1, structures: { cpu: 1 } }, research: { weight: 3 } },
      structures: {
        gpu: { weight: 3, tasks: twoTaskStructure ? { prep: { kind: 'cpu' }, train: { kind: 'gpu', after: ['prep'] } } : { train: { kind: 'gpu' } } },
        cpu: { weight: 1, tasks: { run: { kind: 'cpu' } } },
      },
    },
    tasks: { cpu: { pool: 'cpu', duration: '1m' }, gpu: { pool: 'gpu', duration: '1m' } },
  });
}

describe('a tenant with its own structure mix', () => {
  it.each([['one-task structures (the fast path)', false], ['a two-task structure (the general path)', true]])('%s: draws only from its mix; the others keep the weights', (_, twoTasks) => {
    const counts: Record<string, number[]> = { batch: [0, 0], research: [0, 0] };
    runScenario(platform(twoTasks), fifo, 7, 0, { onArrival: (_t, structure, _s, _u, tenant) => { counts[tenant]![structure]!++; } });
    const [batchGpu, batchCpu] = counts.batch!;
    const [researchGpu, researchCpu] = counts.research!;
    expect(batchGpu).toBe(0);
    expect(batchCpu).toBeGreaterThan(0);
    // Research draws gpu with probability 3/4: within four standard errors.
    const n = researchGpu! + researchCpu!;
    expect(Math.abs(researchGpu! / n - 0.75)).toBeLessThan(4 * Math.sqrt((0.75 * 0.25) / n));
    // Tenants keep their weights (1 : 3) whatever their structures.
    const share = (batchCpu! + batchGpu!) / (n + batchCpu! + batchGpu!);
    expect(Math.abs(share - 0.25)).toBeLessThan(4 * Math.sqrt((0.25 * 0.75) / (60 * DAY / 60)));
  });

  it('names an unknown structure, and a mix with no weight, by their field paths', () => {
    const raw = (structures: Record<string, number>) => ({
      horizon: '1d', platform: { pools: { cpu: { capacity: 1 } } },
      workload: { interarrival: { dist: 'exponential', mean: 60 }, tenants: { a: { structures } }, structures: { job: { tasks: { run: { kind: 'cpu' } } } } },
      tasks: { cpu: { pool: 'cpu', duration: '1m' } },
    });
    expect(() => scenario(raw({ jobs: 1 }))).toThrow(/"workload",\s*"tenants",\s*"a",\s*"structures",\s*"jobs"[\s\S]*expected one of the structures \(job\), got 'jobs'/);
    expect(() => scenario(raw({ job: 0 }))).toThrow(/expected at least one structure with a weight > 0/);
  });
});
