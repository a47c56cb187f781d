/**
 * Each duration model, bound to its stream, gives the draws and expected values its
 * definition says, in the order the stream gives them (plain and size-linear models draw
 * ahead in blocks; that must change no value).
 */
import { describe, expect, it } from 'vitest';
import type { DurationModelSpec } from '../../src/config/schema.js';
import { compileDurationModel } from '../../src/model/durations.js';
import { createDistribution, RandomStreams, type DistributionSpec } from '../../src/random/index.js';

const GB = 1e9;
const stream = () => new RandomStreams(11, 2).stream('task.train.duration');
const lognormal = (mean: number, cv: number): DistributionSpec => ({ dist: 'lognormal', mu: Math.log(mean / Math.sqrt(1 + cv * cv)), sigma: Math.sqrt(Math.log(1 + cv * cv)) });

/** Tasks varying in asset size, framework, tenant and units; enough to cross several blocks. */
const tasks = Array.from({ length: 600 }, (_, i) => ({ size: ((i * 7919) % 13) * 0.7 * GB, framework: i % 2, tenant: (i >> 1) % 3, units: 1 + (i % 8) }));

function check(spec: DurationModelSpec, sample: (rng: () => number, t: (typeof tasks)[number]) => number, expected: (t: (typeof tasks)[number]) => number): void {
  const draws = compileDurationModel(spec, ['torch', 'tf'], ['a', 'b', 'c'])(stream());
  const rng = stream();
  for (const t of tasks) {
    expect(draws.sample(t.size, t.framework, t.tenant, t.units)).toBe(sample(rng, t));
    expect(draws.expected(t.size, t.framework, t.tenant, t.units)).toBe(expected(t));
  }
}

describe('duration models', () => {
  it('plain: draws of the distribution, expected its mean', () => {
    const spec = lognormal(600, 0.8);
    const d = createDistribution(spec);
    check(spec, (rng) => d.sample(rng), () => d.mean);
  });

  it('size-linear: (base + perGB × GB) × noise, never below 0; expected with the noise mean', () => {
    const noise = { dist: 'uniform', min: -0.5, max: 2 } as const;
    const d = createDistribution(noise);
    const scale = (size: number) => 60 + (45 * size) / GB;
    check({ model: 'size-linear', base: 60, perGB: 45, noise }, (rng, t) => Math.max(0, scale(t.size) * d.sample(rng)), (t) => scale(t.size) * d.mean);
  });

  it('stratified: the distribution of the framework and size bucket', () => {
    const buckets = [lognormal(100, 1), lognormal(1000, 0.5)];
    const byFramework = { torch: buckets, default: [lognormal(50, 1), lognormal(5000, 1)] };
    const dists = { torch: buckets.map(createDistribution), tf: byFramework.default.map(createDistribution) };
    const pick = (t: (typeof tasks)[number]) => (t.framework === 0 ? dists.torch : dists.tf)[t.size > 2 * GB ? 1 : 0]!;
    check({ model: 'stratified', sizeBuckets: [2 * GB], byFramework }, (rng, t) => pick(t).sample(rng), (t) => pick(t).mean);
  });

  it('by-tenant: the distribution of the tenant and units bucket', () => {
    const byTenant = { a: [lognormal(100, 1), lognormal(900, 1)], default: [lognormal(300, 0.5), lognormal(3000, 0.5)] };
    const a = byTenant.a.map(createDistribution);
    const other = byTenant.default.map(createDistribution);
    const pick = (t: (typeof tasks)[number]) => (t.tenant === 0 ? a : other)[t.units > 4 ? 1 : 0]!;
    check({ model: 'by-tenant', unitsBuckets: [4], byTenant }, (rng, t) => pick(t).sample(rng), (t) => pick(t).mean);
  });
});
