/**
 * Where a gang's units go on a pool's nodes, as pure functions of each node's free units: the
 * built-in strategies (pack, spread), the fewest nodes a number of units needs, and the check of
 * a policy's own answer. The placement room (placement.ts) calls them.
 */

/** Why `answer` (a policy's `place`) is not a valid placement of `units` units on nodes with `free` units, or undefined. */
export function whyNotPlacement(answer: unknown, free: Int32Array, units: number, maxSpan: number): string | undefined {
  if (!Array.isArray(answer) || answer.length !== free.length) return `${JSON.stringify(answer)}: expected an array of units per node (${free.length} numbers) or undefined to wait`;
  let total = 0;
  let span = 0;
  for (let i = 0; i < answer.length; i++) {
    const u = answer[i] as unknown;
    if (typeof u !== 'number' || !Number.isInteger(u) || u < 0) return `${String(u)} units for node ${i}: expected an integer ≥ 0`;
    if (u > (free[i] as number)) return `${u} units for node ${i}, which has ${free[i]} free`;
    total += u;
    if (u > 0) span++;
  }
  if (total !== units) return `${total} units in all for a task of ${units}`;
  if (span > maxSpan) return `a placement over ${span} nodes where at most ${maxSpan} are allowed (placement.maxExtraNodes)`;
  return undefined;
}

/** Per number of units up to `capacity`, the fewest of these nodes that hold them (largest first). */
export function fewestNodes(sizes: readonly number[], capacity: number): Int32Array {
  const sorted = [...sizes].sort((a, b) => b - a);
  const fewest = new Int32Array(capacity + 1);
  let held = 0;
  let n = 0;
  for (let units = 1; units <= capacity; units++) {
    while (held < units) held += sorted[n++] as number;
    fewest[units] = n;
  }
  return fewest;
}

/** Node indices by free units, most first (ties: lower index first). */
function byFreeDescending(free: Int32Array): number[] {
  return Array.from(free.keys()).sort((a, b) => (free[b] as number) - (free[a] as number) || a - b);
}

/**
 * Pack (best fit): the node with the fewest free units that holds them all; otherwise the
 * emptiest nodes until the rest fits on one, which is the fullest that holds the rest.
 */
export function packShare(free: Int32Array, units: number, maxSpan: number): Int32Array | undefined {
  const share = new Int32Array(free.length);
  const order = byFreeDescending(free);
  let left = units;
  for (let taken = 0; taken < maxSpan; taken++) {
    // The fullest node (among those not taken) that holds all that is left; ties: the lower index.
    let best = -1;
    for (let i = 0; i < free.length; i++) {
      if (share[i] === 0 && (free[i] as number) >= left && (best < 0 || (free[i] as number) < (free[best] as number))) best = i;
    }
    if (best >= 0) {
      share[best] = left;
      return share;
    }
    const emptiest = order.find((i) => share[i] === 0 && (free[i] as number) > 0);
    if (emptiest === undefined) return undefined;
    share[emptiest] = free[emptiest] as number;
    left -= free[emptiest] as number;
  }
  return undefined;
}

/**
 * Spread: over as many nodes as the span limit and the units allow, the emptiest first (ties:
 * lower index), the units dealt one at a time round the chosen nodes.
 */
export function spreadShare(free: Int32Array, units: number, maxSpan: number): Int32Array | undefined {
  const order = byFreeDescending(free).filter((i) => (free[i] as number) > 0);
  const chosen = order.slice(0, Math.min(maxSpan, units));
  let room = 0;
  for (const i of chosen) room += free[i] as number;
  if (room < units) return undefined;
  const share = new Int32Array(free.length);
  // Round robin over the chosen nodes, emptiest first, skipping those already full.
  for (let dealt = 0; dealt < units;) {
    for (const i of chosen) {
      if (dealt === units) break;
      if ((share[i] as number) < (free[i] as number)) {
        share[i] = (share[i] as number) + 1;
        dealt++;
      }
    }
  }
  return share;
}
