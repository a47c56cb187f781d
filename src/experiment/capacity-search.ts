/**
 * The two capacity searches of the forecast, as pure functions of a feasibility oracle.
 *
 * Pool by pool: each pool in turn sized by bisection, the pools not yet sized at `max` and those
 * sized at their answer. A minimal capacity per pool for the bottleneck in turn, not the cheapest.
 *
 * The cheapest platform that meets an objective: the capacities of all searched pools together
 * that minimise Σ price × capacity subject to a feasibility oracle, on the integer lattice
 * [min, max]^k.
 *
 * Feasibility is assumed monotone: adding a unit to any pool never breaks the objective (waits
 * fall as capacity grows; under common random numbers the estimate follows). Then the feasible
 * set is an up-set whose minimal points form a staircase, and an exact search walks it:
 *
 * 1. Lower bounds: the smallest capacity of each pool with every other pool at `max`, by
 *    bisection. No feasible platform has less.
 * 2. Branch and bound over the pools by price, dearest first: for each value of a dear pool,
 *    the cheapest pool's smallest feasible capacity by bisection (bracketed by the answer for
 *    the previous value, which can only fall). A branch stops as soon as its price with every
 *    remaining pool at its lower bound cannot beat the runner-up found so far.
 *
 * Unlike marginal allocation (add the unit with the best improvement per price until feasible),
 * which stops at a local optimum on a staircase, this returns the exact cheapest point of the
 * oracle, and a runner-up (the second cheapest minimal platform), in a number of evaluations
 * that grows with the number of values of the dear pools the price bound lets through, each
 * paying a bisection of the cheapest. Ties in price go to the first found (dear pools smallest).
 */

export type Capacities = Record<string, number>;
export type Feasible = (capacities: Capacities) => Promise<boolean>;

export interface PricedPlatform {
  capacities: Capacities;
  /** Σ price × capacity over the searched pools. */
  price: number;
}

export interface CheapestSearch {
  /** Searched pools, in the order capacities are written. */
  pools: readonly string[];
  prices: Readonly<Record<string, number>>;
  min: number;
  max: number;
  meets: Feasible;
  /** Per pool, a capacity known to be at most its lower bound (e.g. the bound at a smaller growth factor). */
  lowerStart?: Readonly<Record<string, number>>;
  /** A platform known to meet the objective (e.g. the pool-by-pool answer): it bounds the search from the start. */
  incumbent?: Capacities;
}

export interface CheapestResult {
  /** Undefined when even every pool at `max` misses the objective. */
  best?: PricedPlatform;
  runnerUp?: PricedPlatform;
  /** Per pool, the smallest capacity that meets the objective with every other pool at `max`. */
  lower: Record<string, number>;
}

/** Smallest value in [lo, hi] for which `ok` holds, given that it holds at hi and is monotone. */
async function bisect(lo: number, hi: number, ok: (v: number) => Promise<boolean>): Promise<number> {
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (await ok(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export interface PoolByPoolSearch {
  pools: readonly string[];
  min: number;
  max: number;
  meets: Feasible;
  /** Per pool, a capacity known to be at most what it needs with every other pool at max. */
  lowerStart?: Readonly<Record<string, number>>;
}

/** The pool-by-pool answer, or undefined when even every pool at `max` misses. */
export async function poolByPoolPlatform(search: PoolByPoolSearch): Promise<Capacities | undefined> {
  const current: Capacities = Object.fromEntries(search.pools.map((p) => [p, search.max]));
  if (!(await search.meets({ ...current }))) return undefined;
  for (const p of search.pools) {
    current[p] = await bisect(Math.max(search.min, search.lowerStart?.[p] ?? search.min), search.max, (v) => search.meets({ ...current, [p]: v }));
  }
  return current;
}

export async function cheapestPlatform(search: CheapestSearch): Promise<CheapestResult> {
  const { pools, prices, min, max } = search;
  const ordered = (caps: Capacities): Capacities => Object.fromEntries(pools.map((p) => [p, caps[p] as number]));
  const meets = (caps: Capacities) => search.meets(ordered(caps));
  const priceOf = (caps: Capacities) => pools.reduce((s, p) => s + (prices[p] as number) * (caps[p] as number), 0);
  const top: Capacities = Object.fromEntries(pools.map((p) => [p, max]));
  const lower: Record<string, number> = {};
  if (!(await meets(top))) {
    for (const p of pools) lower[p] = max;
    return { lower };
  }
  for (const p of pools) lower[p] = await bisect(Math.max(min, search.lowerStart?.[p] ?? min), max, (v) => meets({ ...top, [p]: v }));

  const found = new Map<string, PricedPlatform>();
  const consider = (caps: Capacities): void => {
    const capacities = ordered(caps);
    found.set(JSON.stringify(capacities), { capacities, price: priceOf(capacities) });
  };
  // Only minimal platforms rank: one with a unit more than another found in some pool is not a runner-up.
  const dominated = (x: PricedPlatform) => [...found.values()].some((y) => y !== x && pools.every((p) => (y.capacities[p] as number) <= (x.capacities[p] as number)));
  const ranked = () => [...found.values()].filter((x) => !dominated(x)).sort((a, b) => a.price - b.price);
  // A branch is worth walking only if it can beat the runner-up (so both are exact).
  const bound = () => ranked()[1]?.price ?? Infinity;
  if (search.incumbent) consider(search.incumbent);

  const order = [...pools].sort((a, b) => (prices[b] as number) - (prices[a] as number) || a.localeCompare(b));
  const last = order[order.length - 1] as string;
  const floorFrom = (i: number) => order.slice(i).reduce((s, p) => s + (prices[p] as number) * (lower[p] as number), 0);

  /** Walks pool order[i] given the dearer pools' values in `prefix`; returns the last pool's smallest feasible value, if any. */
  const walk = async (i: number, prefix: Capacities, prefixPrice: number, lastHi: number): Promise<number | undefined> => {
    const pool = order[i] as string;
    const price = prices[pool] as number;
    if (pool === last) {
      if (prefixPrice + price * (lower[pool] as number) >= bound()) return undefined;
      if (!(await meets({ ...prefix, [pool]: lastHi }))) return undefined;
      const v = await bisect(lower[pool] as number, lastHi, (c) => meets({ ...prefix, [pool]: c }));
      consider({ ...prefix, [pool]: v });
      return v;
    }
    let feasible = false;
    let hi = max;
    for (let v = lower[pool] as number; v <= max; v++) {
      const here = prefixPrice + price * v;
      if (here + floorFrom(i + 1) >= bound()) break;
      const withV = { ...prefix, [pool]: v };
      // Monotone: once a value is feasible with the cheaper pools at max, every larger one is.
      if (!feasible) feasible = await meets({ ...top, ...withV });
      if (!feasible) continue;
      const answer = await walk(i + 1, withV, here, i + 1 === order.length - 1 ? hi : max);
      if (answer !== undefined && i + 1 === order.length - 1) hi = answer;
    }
    return undefined;
  };
  await walk(0, {}, 0, max);
  const [best, runnerUp] = ranked();
  return { ...(best ? { best } : {}), ...(runnerUp ? { runnerUp } : {}), lower };
}

export interface GrowthSearch {
  pools: readonly string[];
  min: number;
  max: number;
  /** With a price per searched pool, the cheapest platform is searched too. */
  prices?: Readonly<Record<string, number>>;
  /** `search` says which search asks (to count what the cheapest one adds). */
  meets: (growth: number, capacities: Capacities, search: 'pool-by-pool' | 'cheapest') => Promise<boolean>;
  /** Called once per growth factor, in increasing order, with its answers (undefined: unreachable). */
  onStep: (growth: number, poolByPool: Capacities | undefined, cheapest: CheapestResult | undefined) => Promise<void>;
}

/**
 * Both searches for each growth factor, smallest first. What a pool needs with every other
 * pool at max only grows with growth and bounds what it needs with less of the others, so that
 * bound (the first pool's pool-by-pool answer; every pool's from the cheapest search) starts
 * the next growth factor's brackets. A pool sized against interim values of the others gives no
 * such bound: starting there would carry a need the next factor's platform may not have.
 */
export async function searchGrowth(search: GrowthSearch, growths: readonly number[]): Promise<void> {
  const { pools, min, max, prices } = search;
  const lower: Record<string, number> = Object.fromEntries(pools.map((p) => [p, min]));
  for (const growth of [...growths].sort((a, b) => a - b)) {
    const poolByPool = await poolByPoolPlatform({ pools, min, max, meets: (c) => search.meets(growth, c, 'pool-by-pool'), lowerStart: lower });
    if (!poolByPool) {
      await search.onStep(growth, undefined, undefined);
      continue;
    }
    // The same brackets as the pool-by-pool search (the bounds it started from), so the first
    // pool's bisection is the one already made, each evaluation found again, not new ones.
    const cheapest = prices ? await cheapestPlatform({ pools, prices, min, max, meets: (c) => search.meets(growth, c, 'cheapest'), lowerStart: { ...lower }, incumbent: poolByPool }) : undefined;
    lower[pools[0] as string] = poolByPool[pools[0] as string] as number;
    if (cheapest) Object.assign(lower, cheapest.lower);
    await search.onStep(growth, poolByPool, cheapest);
  }
}
