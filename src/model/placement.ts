/**
 * Placement: the room a run has only when a pool has `nodes:`. A task's units go on that pool's
 * nodes as a gang (all at once or not at all) and may span at most the fewest nodes its units
 * need plus `maxExtraNodes`, so free units scattered over nodes can leave a task waiting
 * (fragmentation). `pack` consolidates (best fit), `spread` spreads as far as it may (emptiest
 * nodes first), `policy` asks the scheduler module's `place`. A task spanning more nodes than
 * it needs computes slower (`slowdown` per extra node). Nodes may be down (failures.ts).
 *
 * The pools consult this room in one branch; plain counted pools never reach it.
 */
import type { PlacementRequest, PolicyContext, SchedulingPolicy } from './policies/policy.js';
import { PolicyError } from './run-errors.js';
import { LevelIntegrals } from '../stats/online.js';
import type { MetricMap } from '../core/records.js';
import type { PoolSpec } from '../config/schema.js';
import { fewestNodes, packShare, spreadShare, whyNotPlacement } from './placement-strategies.js';

const PACK = 0;
const SPREAD = 1;
const POLICY = 2;

/** One pool's nodes, as compiled. */
interface NodePool {
  name: string;
  /** Its nodes are first … first + count − 1 of the room's arrays. */
  first: number;
  count: number;
  strategy: number;
  maxExtraNodes: number;
  slowdown: number;
  /** The fewest nodes `units` units need on the empty pool, by units. */
  fewest: Int32Array;
  /** Node type per node (index into `types`), and the type names. */
  typeOf: Int32Array;
  types: string[];
}

export class Placement {
  /** Per pool index, its nodes; undefined for a counted pool. */
  private readonly pools: (NodePool | undefined)[];
  readonly size: Int32Array;
  /** Units in use per node. */
  readonly used: Int32Array;
  /** 1 while a node is up. */
  readonly up: Uint8Array;
  /** Units a node offers now: its size when up, 0 when down (what the level integrals track beside `used`). */
  readonly offered: Int32Array;
  readonly usedLevels: LevelIntegrals;
  readonly offeredLevels: LevelIntegrals;
  /** Per pool: free units its queue's head could not use although they would have sufficed (at the last dispatch). */
  readonly fragmented: Int32Array;
  readonly fragmentedLevels: LevelIntegrals;
  /** Per pool: nodes up and fully idle. */
  readonly idle: Int32Array;
  readonly idleLevels: LevelIntegrals;
  /** Per task id: its nodes and units, as [node, units, node, units, …]. */
  private readonly allocation: (Int32Array | undefined)[] = [];
  /** Per task id: its compute time factor from locality. */
  private factor = new Float64Array(64);
  /** The last plan made by `fits`, reused by `place` when nothing changed since. */
  private plan = new Int32Array(0);
  private planLength = 0;
  private planPool = -1;
  private planTask = -1;
  private planUnits = -1;
  private planVersion = -1;
  private version = 0;
  /** Measured starts and the nodes they spanned, per pool. */
  private readonly starts: Float64Array;
  private readonly spanned: Float64Array;
  private readonly extraSpan: Float64Array;
  private measuring = false;

  constructor(
    private readonly clock: { readonly now: number }, poolNames: readonly string[], specs: readonly PoolSpec[], private readonly scheduler: SchedulingPolicy, private readonly unitsOf: (task: number) => number,
    private readonly onPlace?: (task: number, nodes: readonly number[], time: number) => void,
  ) {
    let next = 0;
    this.pools = specs.map((spec, p) => {
      if (spec.nodes === undefined) return undefined;
      const types = spec.nodes;
      const count = types.reduce((n, t) => n + t.count, 0);
      const placement = spec.placement;
      const pool: NodePool = {
        name: poolNames[p] as string, first: next, count,
        strategy: placement?.strategy === 'spread' ? SPREAD : placement?.strategy === 'policy' ? POLICY : PACK,
        maxExtraNodes: placement?.maxExtraNodes ?? 0, slowdown: placement?.slowdown ?? 0,
        fewest: fewestNodes(types.flatMap((t) => Array<number>(t.count).fill(t.units)), spec.capacity as number),
        typeOf: Int32Array.from(types.flatMap((t, i) => Array<number>(t.count).fill(i))),
        types: types.map((t, i) => t.type ?? (i === 0 ? (poolNames[p] as string) : `type${i + 1}`)),
      };
      next += count;
      return pool;
    });
    if (this.pools.some((pool) => pool?.strategy === POLICY) && typeof scheduler.place !== 'function') {
      throw new PolicyError(`placement strategy 'policy' needs the scheduler to have a place(request) function; '${scheduler.name}' has none`);
    }
    this.size = new Int32Array(next);
    specs.forEach((spec, p) => {
      const pool = this.pools[p];
      if (!pool) return;
      let at = pool.first;
      for (const t of spec.nodes ?? []) for (let i = 0; i < t.count; i++) this.size[at++] = t.units;
    });
    this.used = new Int32Array(next);
    this.up = new Uint8Array(next).fill(1);
    this.offered = Int32Array.from(this.size);
    this.usedLevels = new LevelIntegrals(this.used);
    this.offeredLevels = new LevelIntegrals(this.offered);
    this.fragmented = new Int32Array(poolNames.length);
    this.fragmentedLevels = new LevelIntegrals(this.fragmented);
    this.idle = Int32Array.from(this.pools, (pool) => pool?.count ?? 0);
    this.idleLevels = new LevelIntegrals(this.idle);
    this.starts = new Float64Array(poolNames.length);
    this.spanned = new Float64Array(poolNames.length);
    this.extraSpan = new Float64Array(poolNames.length);
  }

  /** Told when the head of a pool's queue cannot be placed (a preemptive run reviews the pool: preemption.ts). */
  onBlocked: ((pool: number) => void) | undefined;

  /** What each pool's policy sees (set by the pools, built after this room): `place` gets it too. */
  contextOf: ((pool: number) => PolicyContext) | undefined;

  /** The global index of `pool`'s first node (its nodes follow). */
  firstNodeOf(pool: number): number {
    return this.pools[pool]?.first ?? 0;
  }

  /** Whether `pool` has nodes. */
  has(pool: number): boolean {
    return this.pools[pool] !== undefined;
  }

  /** Whether `task`'s `units` units can be placed on `pool` now (true for a counted pool). */
  fits(pool: number, task: number, units: number): boolean {
    const nodes = this.pools[pool];
    if (nodes === undefined) return true;
    if (this.planPool === pool && this.planTask === task && this.planUnits === units && this.planVersion === this.version) return this.planLength > 0;
    const placed = this.makePlan(nodes, pool, units, task, this.used);
    this.planPool = pool;
    this.planTask = task;
    this.planUnits = units;
    this.planVersion = this.version;
    if (!placed) this.planLength = 0;
    return placed;
  }

  /**
   * Whether `task`, the head of `pool`'s queue, can be placed now (true on a counted pool). When
   * it cannot, the free units count as fragmented if they would suffice in number.
   */
  admitsHead(pool: number, task: number): boolean {
    const nodes = this.pools[pool];
    if (nodes === undefined) return true;
    const units = this.unitsOf(task);
    const placed = this.fits(pool, task, units);
    this.noteFragmentation(pool, nodes, placed ? 0 : units, this.clock.now);
    if (!placed && this.onBlocked !== undefined) this.onBlocked(pool);
    return placed;
  }

  /** Whether `task`'s `units` units would fit on `pool` once `victims` released theirs (preemption choosing whom to take off). */
  fitsWithout(pool: number, task: number, units: number, victims: readonly number[]): boolean {
    const nodes = this.pools[pool];
    if (nodes === undefined) return true;
    const used = Int32Array.from(this.used);
    for (const task of victims) {
      const a = this.allocation[task];
      if (a) for (let i = 0; i < a.length; i += 2) used[a[i] as number]! -= a[i + 1] as number;
    }
    const placed = this.makePlan(nodes, pool, units, task, used);
    this.planVersion = -1;
    return placed;
  }

  // The time is read from the clock, not passed in: a double passed to a call V8 does not
  // inline is boxed, and these are called from the task lifecycle's hot functions.

  /** `task` takes its units on `pool` now (its gang is placed; `fits` said it can be). */
  place(task: number, pool: number): void {
    const nodes = this.pools[pool];
    if (nodes === undefined) return;
    const now = this.clock.now;
    const units = this.unitsOf(task);
    if (!(this.planPool === pool && this.planTask === task && this.planUnits === units && this.planVersion === this.version && this.planLength > 0)) {
      if (!this.makePlan(nodes, pool, units, task, this.used)) throw new PolicyError(`task ${task} was started on pool '${nodes.name}' where its ${units} units cannot be placed`);
    }
    const allocation = this.plan.slice(0, this.planLength);
    this.allocation[task] = allocation;
    const span = allocation.length / 2;
    for (let i = 0; i < allocation.length; i += 2) this.take(pool, allocation[i] as number, allocation[i + 1] as number, now);
    const extra = span - (nodes.fewest[units] as number);
    if (task >= this.factor.length) {
      const more = new Float64Array(Math.max(task + 1, this.factor.length * 2));
      more.set(this.factor);
      this.factor = more;
    }
    this.factor[task] = 1 + nodes.slowdown * extra;
    if (this.measuring) {
      this.starts[pool] = (this.starts[pool] as number) + 1;
      this.spanned[pool] = (this.spanned[pool] as number) + span;
      this.extraSpan[pool] = (this.extraSpan[pool] as number) + extra;
    }
    this.noteFragmentation(pool, nodes, 0, now);
    if (this.onPlace) this.onPlace(task, Array.from(allocation, (v, i) => (i % 2 === 0 ? v - nodes.first : v)), now);
  }

  /** `task` gives back its units on `pool` now (finished, preempted or killed). */
  release(task: number, pool: number): void {
    const nodes = this.pools[pool];
    const allocation = this.allocation[task];
    if (nodes === undefined || allocation === undefined) return;
    const now = this.clock.now;
    this.allocation[task] = undefined;
    for (let i = 0; i < allocation.length; i += 2) this.take(pool, allocation[i] as number, -(allocation[i + 1] as number), now);
  }

  /** Compute time factor of `task`'s current placement (1 on a counted pool or within the fewest nodes). */
  slowdownOf(task: number): number {
    return this.allocation[task] === undefined ? 1 : (this.factor[task] as number);
  }

  /** The tasks with units on `node` (a global node index). */
  tasksOn(node: number): number[] {
    const tasks: number[] = [];
    this.allocation.forEach((a, task) => {
      if (a === undefined) return;
      for (let i = 0; i < a.length; i += 2) if (a[i] === node) tasks.push(task);
    });
    return tasks;
  }

  /** The pool a node belongs to. */
  poolOfNode(node: number): number {
    return this.pools.findIndex((pool) => pool !== undefined && node >= pool.first && node < pool.first + pool.count);
  }

  /** `node` goes down or comes back up now (its tasks were killed first). */
  setUp(node: number, up: boolean): void {
    if ((this.up[node] === 1) === up) return;
    const now = this.clock.now;
    const pool = this.poolOfNode(node);
    const idleBefore = this.isIdle(node);
    this.up[node] = up ? 1 : 0;
    const delta = up ? (this.size[node] as number) : -(this.size[node] as number);
    this.offered[node] = (this.offered[node] as number) + delta;
    this.offeredLevels.changed(node, now, delta);
    this.changeIdle(pool, idleBefore, this.isIdle(node), now);
    this.version++;
  }

  /** Warm-up ends at `now`. */
  resetStatistics(now: number): void {
    this.usedLevels.reset(now);
    this.offeredLevels.reset(now);
    this.fragmentedLevels.reset(now);
    this.idleLevels.reset(now);
    this.measuring = true;
  }

  /**
   * Per pool with nodes: `pool.<p>.fragmentation` (time-average free units the head of the queue
   * could not use although they sufficed in number), `.nodes.spanned` (mean nodes per started
   * task), `.nodes.extra` (beyond the fewest), `.nodes.idle` (time-average whole idle nodes),
   * `.nodes.utilisation.min|max` (over its nodes), per type when several `.nodes.utilisation.<type>`,
   * and with node failures `.nodes.availability`. Returns each node's utilisation per pool, keyed
   * by its label (`<type>-<k>`, k counted from 1 within the type), in the configuration's order.
   */
  report(m: MetricMap, now: number, withFailures: readonly boolean[]): Record<string, Record<string, number>> {
    const perNode: Record<string, Record<string, number>> = {};
    this.pools.forEach((nodes, p) => {
      if (!nodes) return;
      const prefix = `pool.${nodes.name}`;
      m[`${prefix}.fragmentation`] = this.fragmentedLevels.mean(p, now);
      const starts = this.starts[p] as number;
      m[`${prefix}.nodes.spanned`] = starts > 0 ? (this.spanned[p] as number) / starts : NaN;
      m[`${prefix}.nodes.extra`] = starts > 0 ? (this.extraSpan[p] as number) / starts : NaN;
      m[`${prefix}.nodes.idle`] = this.idleLevels.mean(p, now);
      let min = Infinity;
      let max = -Infinity;
      const typeUsed = new Float64Array(nodes.types.length);
      const typeSize = new Float64Array(nodes.types.length);
      let offered = 0;
      let size = 0;
      const byLabel: Record<string, number> = {};
      const ofType = new Int32Array(nodes.types.length);
      for (let i = 0; i < nodes.count; i++) {
        const node = nodes.first + i;
        const used = this.usedLevels.mean(node, now);
        const utilisation = used / (this.size[node] as number);
        min = Math.min(min, utilisation);
        max = Math.max(max, utilisation);
        const type = nodes.typeOf[i] as number;
        ofType[type] = (ofType[type] as number) + 1;
        byLabel[`${nodes.types[type] as string}-${ofType[type] as number}`] = utilisation;
        typeUsed[type] = (typeUsed[type] as number) + used;
        typeSize[type] = (typeSize[type] as number) + (this.size[node] as number);
        offered += this.offeredLevels.mean(node, now);
        size += this.size[node] as number;
      }
      m[`${prefix}.nodes.utilisation.min`] = min;
      m[`${prefix}.nodes.utilisation.max`] = max;
      if (nodes.types.length > 1) nodes.types.forEach((type, t) => { m[`${prefix}.nodes.utilisation.${type}`] = (typeUsed[t] as number) / (typeSize[t] as number); });
      if (withFailures[p]) m[`${prefix}.nodes.availability`] = offered / size;
      perNode[nodes.name] = byLabel;
    });
    return perNode;
  }

  private isIdle(node: number): boolean {
    return this.up[node] === 1 && this.used[node] === 0;
  }

  private changeIdle(pool: number, before: boolean, after: boolean, now: number): void {
    if (before === after) return;
    const delta = after ? 1 : -1;
    this.idle[pool] = (this.idle[pool] as number) + delta;
    this.idleLevels.changed(pool, now, delta);
  }

  private take(pool: number, node: number, units: number, now: number): void {
    const idleBefore = this.isIdle(node);
    this.used[node] = (this.used[node] as number) + units;
    this.usedLevels.changed(node, now, units);
    this.changeIdle(pool, idleBefore, this.isIdle(node), now);
    this.version++;
  }

  private noteFragmentation(pool: number, nodes: NodePool, unplacedUnits: number, now: number): void {
    let level = 0;
    if (unplacedUnits > 0) {
      let free = 0;
      for (let i = nodes.first; i < nodes.first + nodes.count; i++) if (this.up[i] === 1) free += (this.size[i] as number) - (this.used[i] as number);
      if (free >= unplacedUnits) level = free;
    }
    const delta = level - (this.fragmented[pool] as number);
    if (delta === 0) return;
    this.fragmented[pool] = level;
    this.fragmentedLevels.changed(pool, now, delta);
  }

  /** Plans `task`'s `units` units on `nodes` (pool `pool`) given `used`, into `plan`; false when they cannot be placed within the span limit. */
  private makePlan(nodes: NodePool, pool: number, units: number, task: number, used: Int32Array): boolean {
    const maxSpan = (nodes.fewest[Math.min(units, nodes.fewest.length - 1)] as number) + nodes.maxExtraNodes;
    const free = new Int32Array(nodes.count);
    for (let i = 0; i < nodes.count; i++) {
      const node = nodes.first + i;
      free[i] = this.up[node] === 1 ? (this.size[node] as number) - (used[node] as number) : 0;
    }
    if (this.plan.length < 2 * nodes.count) this.plan = new Int32Array(2 * nodes.count);
    this.planLength = 0;
    const share = nodes.strategy === POLICY ? this.askPolicy(nodes, pool, units, task, free, maxSpan)
      : nodes.strategy === PACK ? packShare(free, units, maxSpan) : spreadShare(free, units, maxSpan);
    if (share === undefined) return false;
    for (let i = 0; i < share.length; i++) {
      if ((share[i] as number) <= 0) continue;
      this.plan[this.planLength++] = nodes.first + i;
      this.plan[this.planLength++] = share[i] as number;
    }
    return true;
  }

  private askPolicy(nodes: NodePool, pool: number, units: number, task: number, free: Int32Array, maxSpan: number): Int32Array | undefined {
    const request: PlacementRequest = {
      pool: nodes.name, units, task, maxNodes: maxSpan,
      nodes: Array.from(free, (f, i) => ({ free: f, units: this.size[nodes.first + i] as number, type: nodes.types[nodes.typeOf[i] as number] as string, up: this.up[nodes.first + i] === 1 })),
    };
    const answer = (this.scheduler.place as NonNullable<SchedulingPolicy['place']>)(request, (this.contextOf as (pool: number) => PolicyContext)(pool));
    if (answer === undefined || answer === null) return undefined;
    const why = whyNotPlacement(answer, free, units, maxSpan);
    if (why) throw new PolicyError(`the place() of policy '${this.scheduler.name}' on pool '${nodes.name}' returned ${why}`);
    return Int32Array.from(answer);
  }
}
