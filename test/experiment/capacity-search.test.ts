/**
 * The cheapest-platform search against exhaustive search, with the exact answer as its oracle:
 * networks of M/M/c stations in series (Poisson arrivals, exponential service), whose mean
 * total wait is the sum of the stations' Erlang C waits (Burke: each station sees Poisson
 * arrivals). For many price ratios and objectives, the search's platform must cost exactly what
 * the cheapest feasible point of the whole lattice costs, and its runner-up the second cheapest
 * minimal platform; and it must look at far fewer platforms than the lattice holds.
 */
import { describe, expect, it } from 'vitest';
import { cheapestPlatform, poolByPoolPlatform, searchGrowth, type Capacities } from '../../src/experiment/capacity-search.js';
import { mmcMeanWait } from '../../src/stats/index.js';

interface Station { name: string; serviceMean: number }

const seriesWait = (lambda: number, stations: Station[], caps: Capacities): number =>
  stations.reduce((s, st) => {
    const c = caps[st.name] as number;
    const mu = 1 / st.serviceMean;
    return s + (c * mu > lambda ? mmcMeanWait(c, lambda, mu) : Infinity);
  }, 0);

/** Every point of [min, max]^k, feasible, by price; and the minimal ones (no unit removable). */
function exhaustive(stations: Station[], prices: Record<string, number>, min: number, max: number, feasible: (c: Capacities) => boolean) {
  const names = stations.map((s) => s.name);
  const points: Capacities[] = [];
  const visit = (i: number, caps: Capacities) => {
    if (i === names.length) {
      if (feasible(caps)) points.push({ ...caps });
      return;
    }
    for (let v = min; v <= max; v++) visit(i + 1, { ...caps, [names[i] as string]: v });
  };
  visit(0, {});
  const price = (c: Capacities) => names.reduce((s, n) => s + (prices[n] as number) * (c[n] as number), 0);
  const minimal = points.filter((c) => names.every((n) => (c[n] as number) === min || !feasible({ ...c, [n]: (c[n] as number) - 1 })));
  return { prices: minimal.map(price).sort((a, b) => a - b), lattice: (max - min + 1) ** names.length };
}

const networks: { lambda: number; stations: Station[] }[] = [
  { lambda: 1, stations: [{ name: 'a', serviceMean: 5 }, { name: 'b', serviceMean: 3 }] },
  { lambda: 2, stations: [{ name: 'a', serviceMean: 2 }, { name: 'b', serviceMean: 4 }, { name: 'c', serviceMean: 1 }] },
];
const priceSets = [
  { a: 1, b: 1, c: 1 },
  { a: 4, b: 1, c: 2 },
  { a: 1, b: 7, c: 0.5 },
  { a: 2.5, b: 0.2, c: 1 },
];
const objectives = [0.05, 0.3, 1.5];

describe('cheapest platform on M/M/c series networks', () => {
  for (const [n, net] of networks.entries()) {
    for (const prices of priceSets) {
      for (const objective of objectives) {
        it(`network ${n}, prices ${JSON.stringify(prices)}, mean wait ≤ ${objective}`, async () => {
          const feasible = (c: Capacities) => seriesWait(net.lambda, net.stations, c) <= objective;
          const looked = new Set<string>();
          const result = await cheapestPlatform({
            pools: net.stations.map((s) => s.name), prices, min: 1, max: 24,
            meets: async (c) => {
              looked.add(JSON.stringify(c));
              return feasible(c);
            },
          });
          const truth = exhaustive(net.stations, prices, 1, 24, feasible);
          expect(result.best).toBeDefined();
          expect(feasible(result.best!.capacities)).toBe(true);
          expect(result.best!.price).toBeCloseTo(truth.prices[0]!, 9);
          // A loose objective can leave one minimal platform (every pool at its lower bound): then no runner-up.
          if (truth.prices.length === 1) expect(result.runnerUp).toBeUndefined();
          else {
            expect(result.runnerUp!.price).toBeCloseTo(truth.prices[1]!, 9);
            expect(feasible(result.runnerUp!.capacities)).toBe(true);
          }
          expect(looked.size).toBeLessThan(truth.lattice / 4);
        });
      }
    }
  }

  it('starts from an incumbent and from lower bounds of a smaller growth, with the same answer', async () => {
    const net = networks[0]!;
    const prices = { a: 3, b: 1 };
    const feasible = (c: Capacities) => seriesWait(net.lambda, net.stations, c) <= 0.3;
    const plain = await cheapestPlatform({ pools: ['a', 'b'], prices, min: 1, max: 24, meets: async (c) => feasible(c) });
    const started = await cheapestPlatform({ pools: ['a', 'b'], prices, min: 1, max: 24, meets: async (c) => feasible(c), incumbent: { a: 24, b: 24 }, lowerStart: { a: 5, b: 3 } });
    expect(started.best).toEqual(plain.best);
    expect(started.lower).toEqual(plain.lower);
  });

  it('says when even the largest platform misses', async () => {
    const result = await cheapestPlatform({ pools: ['a'], prices: { a: 1 }, min: 1, max: 4, meets: async (c) => seriesWait(1, [{ name: 'a', serviceMean: 5 }], c) <= 1 });
    expect(result.best).toBeUndefined();
  });
});

describe('pool by pool', () => {
  // Pool b absorbs what a cannot take (like GPU→CPU fallback): the more a, the less b needs.
  const needs = (growth: number) => (c: Capacities) => (c.a as number) >= 5 * growth && (c.b as number) >= Math.max(2, 12 * growth - 2 * ((c.a as number) - 5 * growth));

  it('sizes each pool in turn, the later ones against the earlier answers', async () => {
    expect(await poolByPoolPlatform({ pools: ['a', 'b'], min: 1, max: 64, meets: async (c) => needs(1)(c) })).toEqual({ a: 5, b: 12 });
    expect(await poolByPoolPlatform({ pools: ['b', 'a'], min: 1, max: 64, meets: async (c) => needs(1)(c) })).toEqual({ b: 2, a: 10 });
  });

  it('starts a later growth factor only from bounds that hold with the other pools at max', async () => {
    // b takes what a cannot (like GPU→CPU fallback): at 1×, a needs 5 and then b 12; at 2×, a
    // needs 7 and then b only 8. A bracket for b started at its 1× answer would answer 12.
    const aNeeds: Record<number, number> = { 1: 5, 2: 7 };
    const feasible = (growth: number, c: Capacities) => (c.a as number) >= (aNeeds[growth] as number) && (c.b as number) >= Math.max(2, 22 - 2 * (c.a as number));
    for (const prices of [undefined, { a: 1, b: 1 }]) {
      const answers: [number, Capacities | undefined, Capacities | undefined][] = [];
      await searchGrowth({
        pools: ['a', 'b'], min: 1, max: 64, ...(prices ? { prices } : {}),
        meets: async (g, c) => feasible(g, c),
        onStep: async (g, poolByPool, cheapest) => {
          answers.push([g, poolByPool, cheapest?.best?.capacities]);
        },
      }, [2, 1]);
      // Together, at equal prices, 10 of a and 2 of b are cheapest at both growth factors.
      const cheapest = prices ? { a: 10, b: 2 } : undefined;
      expect(answers).toEqual([[1, { a: 5, b: 12 }, cheapest], [2, { a: 7, b: 8 }, cheapest]]);
    }
  });
});
