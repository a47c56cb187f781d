/**
 * Saturation: a pool is flagged unstable when it is nearly always busy and its queue keeps
 * growing over the horizon — its mean utilisation is at least UNSTABLE_UTILISATION and the
 * Mann–Kendall test over its 16 queue-length checkpoints (pooled over replications) finds an
 * upward trend at one-sided level 0.001 (z > 3.09). Such a run has no steady state: its
 * waits grow with the horizon, and a longer run would report longer ones.
 */
import { mannKendall } from './trend.js';

export const UNSTABLE_UTILISATION = 0.9;
/** One-sided 0.1% point of the standard normal. */
export const UNSTABLE_Z = 3.09;

/** Whether a pool of this utilisation, with these checkpoint series (one per replication), is saturated. */
export function isSaturated(utilisation: number, series: readonly (readonly number[])[]): boolean {
  if (!(utilisation >= UNSTABLE_UTILISATION)) return false;
  const usable = series.filter((s) => s.length >= 4);
  return usable.length > 0 && mannKendall(usable).z > UNSTABLE_Z;
}

/** A pool flagged unstable in a scenario. */
export interface UnstablePool {
  pool: string;
  utilisation: number;
  /** Mann–Kendall z of its queue-length checkpoints over the replications. */
  trendZ: number;
  /** Mean queue length in the first and the last sixteenth of the horizon, over replications. */
  queueFirst: number;
  queueLast: number;
}

/** The unstable pools of a scenario from its runs' utilisations and checkpoints. */
export function unstablePools(utilisation: Record<string, number>, checkpoints: Record<string, number[][]>): UnstablePool[] {
  const out: UnstablePool[] = [];
  for (const [pool, series] of Object.entries(checkpoints)) {
    const u = utilisation[pool] ?? NaN;
    if (!isSaturated(u, series)) continue;
    const usable = series.filter((s) => s.length >= 4);
    const mean = (pick: (s: number[]) => number) => usable.reduce((a, s) => a + pick(s), 0) / usable.length;
    out.push({ pool, utilisation: u, trendZ: mannKendall(usable).z, queueFirst: mean((s) => s[0] as number), queueLast: mean((s) => s[s.length - 1] as number) });
  }
  return out;
}
