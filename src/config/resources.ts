/**
 * The platform's pools (a count of units, or machines whose units tasks take as gangs, with a
 * placement strategy, tenant quotas) and the `failures:` section: what fails, and how it retries.
 */
import { z } from 'zod';
import { distributionSchema } from './distributions.js';
import { duration, name, positiveInt } from './fields.js';

/** Nodes of one type: `count` machines of `units` units each (e.g. 16 × 8 GPUs). */
const nodeType = z.strictObject({
  /** Reported per type when a pool has several (default: the pool's name, then type2, …). */
  type: name.refine((t) => t !== 'min' && t !== 'max', { error: "'min' and 'max' name the least and most used node's utilisation; choose another type name" }).optional(),
  count: positiveInt.gte(1, { error: 'expected an integer ≥ 1' }),
  /** Units per node. */
  units: positiveInt.gte(1, { error: 'expected an integer ≥ 1' }),
  /**
   * Each node fails after an up time drawn from `uptime` (its MTBF is the mean) and is repaired
   * after a time drawn from `repair` (MTTR), killing the tasks that have units on it.
   */
  failures: z.strictObject({ uptime: distributionSchema('duration'), repair: distributionSchema('duration') }).optional(),
});

/** Where a task's units go on a pool of nodes (model/placement.ts). */
const placement = z.strictObject({
  /**
   * pack: on as few nodes as possible, the fullest that fit first (leaves whole nodes free);
   * spread: over as many nodes as `maxExtraNodes` lets it, the emptiest first; policy: the
   * scheduler module's `place` function.
   */
  strategy: z.enum(['pack', 'spread', 'policy']).default('pack'),
  /** Nodes a task may span beyond the fewest its units need (default 0: consolidated gangs). */
  maxExtraNodes: positiveInt.gte(0, { error: 'expected an integer ≥ 0' }).default(0),
  /** Locality: compute time × (1 + slowdown × nodes spanned beyond the fewest). Default 0. */
  slowdown: z.number().gte(0, { error: 'expected a slowdown ≥ 0' }).default(0),
});

export const pool = z.strictObject({
  /** Units of the pool; with `nodes`, their total (which it may omit). */
  capacity: positiveInt.gte(1, { error: 'expected an integer ≥ 1' }).optional(),
  /**
   * Machines: a task's units are placed on them as a gang (all at once or not at all), so free
   * units spread over nodes may not fit a task. Without it the pool is a count of units.
   */
  nodes: z.union([nodeType, z.array(nodeType).min(1, { error: 'expected at least one node type' })]).optional(),
  placement: placement.optional(),
  /**
   * Guaranteed units per tenant (virtual clusters); tenants not named are guaranteed nothing.
   * Their sum may not exceed the capacity.
   */
  quotas: z.record(name, positiveInt.gte(0, { error: 'expected an integer ≥ 0' })).optional(),
  /**
   * With quotas: whether tenants may use idle units beyond their quota (default true); an owner
   * that needs its units back reclaims them by preemption.
   */
  borrowing: z.boolean().optional(),
}).transform((p, ctx) => {
  const types = p.nodes === undefined ? undefined : Array.isArray(p.nodes) ? p.nodes : [p.nodes];
  const total = types?.reduce((sum, t) => sum + t.count * t.units, 0);
  const capacity = p.capacity ?? total;
  if (capacity === undefined) {
    ctx.addIssue({ code: 'custom', path: ['capacity'], message: 'expected a capacity (an integer ≥ 1) or nodes' });
    return z.NEVER;
  }
  if (total !== undefined && total !== capacity) {
    ctx.addIssue({ code: 'custom', path: ['capacity'], message: `the nodes hold ${total} units but capacity says ${capacity} (omit capacity with nodes)` });
  }
  if (p.placement !== undefined && types === undefined) ctx.addIssue({ code: 'custom', path: ['placement'], message: 'placement applies only to a pool with nodes' });
  const { nodes: _nodes, ...rest } = p;
  return { ...rest, capacity, ...(types ? { nodes: types } : {}) };
});

/**
 * Failed attempts and retries (model/failures.ts). A task attempt fails with `task.probability`
 * (at a uniform point of its compute) or after a running time drawn from `task.timeToFailure`
 * (a hazard, e.g. Weibull); a node failure kills the attempts on it. A failed attempt retries
 * after a backoff, keeping its work up to its last checkpoint; past `retries`, its pipeline gives up.
 */
export const failures = z.strictObject({
  task: z.strictObject({
    probability: z.number().gte(0).lt(1, { error: 'expected a probability in [0, 1)' }).optional(),
    timeToFailure: distributionSchema('duration').optional(),
    /** Task kinds that fail (default: every kind). */
    kinds: z.array(name).optional(),
  }).refine((t) => (t.probability === undefined) !== (t.timeToFailure === undefined), { error: 'expected one of probability or timeToFailure' }).optional(),
  /** Retries after the first attempt before the pipeline gives up. Default 3. */
  retries: positiveInt.gte(0, { error: 'expected an integer ≥ 0' }).default(3),
  /** Wait before a retry joins its queue again; multiplied by `backoffFactor` at each retry. Default 0. */
  backoff: duration.default(0),
  backoffFactor: z.number().gte(1, { error: 'expected a factor ≥ 1' }).default(1),
  /** Work is saved every `checkpoint` of compute; a failure loses what followed the last one. Default: no checkpoints (all lost). */
  checkpoint: duration.pipe(z.number().gt(0, { error: 'expected a checkpoint interval > 0' })).optional(),
});

