/**
 * The scenario schema: its fields (schema.ts) and the cross-field checks a field-by-field
 * schema cannot express: names that must refer to pools, task kinds and frameworks; DAGs
 * without cycles; demands that fit. They run as a zod superRefine, so their problems carry
 * field paths like every other error.
 */
import type { z } from 'zod';
import type { DistributionSpec } from '../random/index.js';
import { isPolicyPath } from './inputs.js';
import { scenarioShape, type Scenario } from './schema.js';

/** The scenario schema with its cross-reference checks. */
export const scenarioSchema = scenarioShape.superRefine((s, ctx) => checkReferences(s, ctx), {
  // Cross-references are only checked once every field is valid on its own.
  when: (payload) => payload.issues.length === 0,
});

type Ctx = z.RefinementCtx;

function problem(ctx: Ctx, path: (string | number)[], message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}

/** Largest value a unit-count distribution can take, or undefined if it is not integral and bounded. */
function maxUnits(spec: DistributionSpec): number | undefined {
  const values = spec.dist === 'constant' ? [spec.value] : spec.dist === 'categorical' ? spec.values
    : spec.dist === 'empirical' && !spec.interpolate ? spec.samples : undefined;
  if (values === undefined || !values.every((v) => Number.isInteger(v) && v >= 1)) return undefined;
  return Math.max(...values);
}

/** Checks every cross-reference of `s`, reporting each problem at its field path. */
function checkReferences(s: Scenario, ctx: Ctx): void {
  const pools = Object.keys(s.platform.pools);
  const poolList = pools.join(', ');
  const frameworks = Object.keys(s.workload.frameworks);

  for (const [kindName, kind] of Object.entries(s.tasks)) {
    const base = ['tasks', kindName];
    const choices = typeof kind.pool === 'string' ? [[[...base, 'pool'], kind.pool] as const]
      : Object.entries(kind.pool.byFramework).map(([fw, p]) => [[...base, 'pool', 'byFramework', fw], p] as const);
    if (typeof kind.pool !== 'string' && !('default' in kind.pool.byFramework)) {
      const missing = frameworks.filter((fw) => !(fw in (kind.pool as { byFramework: object }).byFramework));
      if (missing.length > 0) problem(ctx, [...base, 'pool', 'byFramework'], `expected a pool for every framework or a default; missing ${missing.join(', ')}`);
    }
    const unitSpecs = 'byTenant' in kind.units ? Object.values(kind.units.byTenant) : [kind.units];
    const maxima = unitSpecs.map(maxUnits);
    const most = maxima.includes(undefined) ? undefined : Math.max(...(maxima as number[]));
    if ('byTenant' in kind.units && !('default' in kind.units.byTenant)) {
      const missing = Object.keys(s.workload.tenants).filter((t) => !(t in (kind.units as { byTenant: object }).byTenant));
      if (missing.length > 0) problem(ctx, [...base, 'units', 'byTenant'], `expected a distribution for every tenant or a default; missing ${missing.join(', ')}`);
    }
    if (most === undefined) problem(ctx, [...base, 'units'], 'expected whole units ≥ 1: a number, or a categorical or empirical distribution of whole numbers');
    for (const [path, poolName] of choices) {
      const capacity = s.platform.pools[poolName]?.capacity;
      if (capacity === undefined) problem(ctx, [...path], `expected one of the pools (${poolList}), got '${poolName}'`);
      else if (most !== undefined && most > capacity) {
        problem(ctx, [...base, 'units'], `a task needs up to ${most} units but pool '${poolName}' has capacity ${capacity}`);
      }
    }
    if ((kind.reads !== 'none' || kind.writes !== 'none') && s.platform.network === undefined) {
      problem(ctx, [...base, 'reads'], 'moving data needs platform.network.bandwidth');
    }
    const d = kind.duration;
    if (d === undefined) {
      const replayedOnly = s.workload.replay?.kind === kindName && !Object.values(s.workload.structures).some((st) => Object.values(st.tasks).some((t) => t.kind === kindName));
      if (!replayedOnly) problem(ctx, [...base, 'duration'], 'required (only a kind that runs nothing but replayed jobs takes its durations from the trace)');
      continue;
    }
    if ('model' in d && d.model === 'by-tenant') {
      const buckets = d.unitsBuckets.length + 1;
      for (const [tenant, strata] of Object.entries(d.byTenant)) {
        if (strata.length !== buckets) problem(ctx, [...base, 'duration', 'byTenant', tenant], `expected ${buckets} distributions (one per units bucket), got ${strata.length}`);
      }
      if (d.unitsBuckets.some((b, i) => i > 0 && b <= (d.unitsBuckets[i - 1] as number))) problem(ctx, [...base, 'duration', 'unitsBuckets'], 'expected ascending units boundaries');
      const missing = Object.keys(s.workload.tenants).filter((t) => !(t in d.byTenant));
      if (!('default' in d.byTenant) && missing.length > 0 && !s.workload.replay) problem(ctx, [...base, 'duration', 'byTenant'], `expected distributions for every tenant or a default; missing ${missing.join(', ')}`);
    }
    if ('model' in d && d.model === 'stratified') {
      const buckets = d.sizeBuckets.length + 1;
      for (const [fw, strata] of Object.entries(d.byFramework)) {
        if (strata.length !== buckets) problem(ctx, [...base, 'duration', 'byFramework', fw], `expected ${buckets} distributions (one per size bucket), got ${strata.length}`);
      }
      if (!('default' in d.byFramework)) {
        const missing = frameworks.filter((fw) => !(fw in d.byFramework));
        if (missing.length > 0) problem(ctx, [...base, 'duration', 'byFramework'], `expected strata for every framework or a default; missing ${missing.join(', ')}`);
      }
      if (d.sizeBuckets.some((b, i) => i > 0 && b <= (d.sizeBuckets[i - 1] as number))) {
        problem(ctx, [...base, 'duration', 'sizeBuckets'], 'expected ascending size boundaries');
      }
    }
  }

  const w = s.workload;
  if (w.replay) {
    if (!(w.replay.kind in s.tasks)) problem(ctx, ['workload', 'replay', 'kind'], `expected one of the task kinds under tasks: (${Object.keys(s.tasks).join(', ') || 'none'}), got '${w.replay.kind}'`);
  } else if (w.interarrival === undefined) {
    problem(ctx, ['workload', 'interarrival'], 'required (or replay a recorded trace with workload.replay)');
  }
  if (w.interarrival !== undefined && Object.keys(w.structures).length === 0) {
    problem(ctx, ['workload', 'structures'], 'expected at least one structure for the synthetic arrivals');
  }

  for (const [structName, structure] of Object.entries(s.workload.structures)) {
    const names = Object.keys(structure.tasks);
    for (const [taskName, task] of Object.entries(structure.tasks)) {
      const path = ['workload', 'structures', structName, 'tasks', taskName];
      if (!(task.kind in s.tasks)) problem(ctx, [...path, 'kind'], `expected one of the task kinds under tasks: (${Object.keys(s.tasks).join(', ')}), got '${task.kind}'`);
      task.after.forEach((dep, i) => {
        if (!names.includes(dep)) problem(ctx, [...path, 'after', i], `expected a task of this structure (${names.join(', ')}), got '${dep}'`);
      });
    }
    const cycle = findCycle(Object.fromEntries(Object.entries(structure.tasks).map(([n, t]) => [n, t.after])));
    if (cycle) problem(ctx, ['workload', 'structures', structName, 'tasks'], `expected a DAG, but tasks form a cycle: ${cycle.join(' -> ')}`);
  }

  for (const [tenantName, tenant] of Object.entries(s.workload.tenants)) {
    if (!tenant.structures) continue;
    const path = ['workload', 'tenants', tenantName, 'structures'];
    for (const structName of Object.keys(tenant.structures)) {
      if (!(structName in s.workload.structures)) problem(ctx, [...path, structName], `expected one of the structures (${Object.keys(s.workload.structures).join(', ')}), got '${structName}'`);
    }
    if (!Object.entries(tenant.structures).some(([n, weight]) => weight > 0 && n in s.workload.structures)) problem(ctx, path, 'expected at least one structure with a weight > 0');
  }

  const q = s.quality;
  if (q && !(q.retraining.structure in s.workload.structures)) {
    problem(ctx, ['quality', 'retraining', 'structure'], `expected one of the structures (${Object.keys(s.workload.structures).join(', ')}), got '${q.retraining.structure}'`);
  }

  checkQuotas(s, ctx);
  checkCost(s, ctx);
  checkFailures(s, ctx);
  checkPlacement(s, ctx);
  const thresholds = s.policy.las?.thresholds ?? [];
  if (thresholds.some((t, i) => t <= 0 || (i > 0 && t <= (thresholds[i - 1] as number)))) problem(ctx, ['policy', 'las', 'thresholds'], 'expected ascending thresholds > 0');

  const fb = s.policy.fallback;
  if (fb) {
    if (!pools.includes(fb.from)) problem(ctx, ['policy', 'fallback', 'from'], `expected one of the pools (${poolList}), got '${fb.from}'`);
    if (!pools.includes(fb.to)) problem(ctx, ['policy', 'fallback', 'to'], `expected one of the pools (${poolList}), got '${fb.to}'`);
    if (fb.from === fb.to) problem(ctx, ['policy', 'fallback', 'to'], 'expected a pool other than `from`');
  }
}

/** A placement by the policy needs a policy module (built-in schedulers have no `place`). */
function checkPlacement(s: Scenario, ctx: Ctx): void {
  for (const [poolName, pool] of Object.entries(s.platform.pools)) {
    if (pool.placement?.strategy === 'policy' && !isPolicyPath(s.policy.scheduler)) {
      problem(ctx, ['platform', 'pools', poolName, 'placement', 'strategy'], `'policy' asks the scheduler's place() function, and the built-in scheduler '${s.policy.scheduler}' has none: use pack or spread, or a policy module that exports place (docs/policies.md, Placement)`);
    }
  }
}

/** Failing task kinds are task kinds. */
function checkFailures(s: Scenario, ctx: Ctx): void {
  const kinds = Object.keys(s.tasks);
  s.failures?.task?.kinds?.forEach((kind, i) => {
    if (!kinds.includes(kind)) problem(ctx, ['failures', 'task', 'kinds', i], `expected one of the task kinds (${kinds.join(', ')}), got '${kind}'`);
  });
}

/** Prices name pools of the platform; a price of staleness needs deployed models to go stale. */
function checkCost(s: Scenario, ctx: Ctx): void {
  if (!s.cost) return;
  const pools = Object.keys(s.platform.pools);
  for (const poolName of Object.keys(s.cost.pools)) {
    if (!pools.includes(poolName)) problem(ctx, ['cost', 'pools', poolName], `expected one of the pools (${pools.join(', ')}), got '${poolName}'`);
  }
  if (s.cost.staleness && !s.quality) problem(ctx, ['cost', 'staleness'], 'a price of staleness needs a quality: section (deployed models whose quality is tracked)');
}

/** Quotas name tenants of the workload (or of the replayed trace) and fit in their pool. */
function checkQuotas(s: Scenario, ctx: Ctx): void {
  for (const [poolName, pool] of Object.entries(s.platform.pools)) {
    const path = ['platform', 'pools', poolName];
    if (pool.quotas === undefined) {
      if (pool.borrowing !== undefined) problem(ctx, [...path, 'borrowing'], 'borrowing applies only with quotas');
      continue;
    }
    const total = Object.values(pool.quotas).reduce((a, b) => a + b, 0);
    if (total > pool.capacity) problem(ctx, [...path, 'quotas'], `quotas add up to ${total} units but the pool has capacity ${pool.capacity}`);
    // A replayed trace brings its own tenants, known only once it is read.
    if (s.workload.replay) continue;
    for (const tenant of Object.keys(pool.quotas)) {
      if (!(tenant in s.workload.tenants)) problem(ctx, [...path, 'quotas', tenant], `expected one of the tenants (${Object.keys(s.workload.tenants).join(', ')}), got '${tenant}'`);
    }
  }
}

/** A cycle in the dependency graph `after`, as a list of names, or undefined. */
export function findCycle(after: Record<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'visiting') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'visiting');
    stack.push(node);
    for (const dep of after[node] ?? []) {
      if (!(dep in after)) continue;
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of Object.keys(after)) {
    const cycle = visit(node);
    if (cycle) return cycle.reverse();
  }
  return undefined;
}
