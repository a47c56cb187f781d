/**
 * Traces generated with known parameters, and a corpus of pathological ones (every case
 * issue #18 met, and more), for the fit's tests.
 */
import seedrandom from 'seedrandom';

export const START = Date.UTC(2017, 9, 2) / 1000; // a Monday, 00:00

/** A trace row: submission (seconds since 1970), duration in seconds, units, tenant. */
export interface JobRow { submit: number; duration: number; units: number; tenant: string }

/**
 * Poisson arrivals at `perDay` a day for `days` days; tenants a (70%, 1 or 2 units, lognormal
 * durations) and b (30%, 1, 4 or 32 units; large jobs short); `zeroShare` of jobs use no units.
 */
export function knownJobs(perDay: number, days: number, seed: number, zeroShare = 0): JobRow[] {
  const rng = seedrandom.xor4096(`corpus|${seed}`);
  const exp = (mean: number) => -mean * Math.log(1 - rng());
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const rows: JobRow[] = [];
  for (let t = START + exp(86400 / perDay); t < START + days * 86400; t += exp(86400 / perDay)) {
    const a = rng() < 0.7;
    let units = a ? (rng() < 0.8 ? 1 : 2) : [1, 4, 32][Math.floor(rng() * 3)] as number;
    if (rng() < zeroShare) units = 0;
    const duration = units === 32 ? exp(1800) : Math.exp(7 + 1.2 * normal()) * (a ? 1 : 2);
    rows.push({ submit: t, duration, units, tenant: a ? 'a' : 'b' });
  }
  return rows;
}

const iso = (t: number) => new Date(t * 1000).toISOString().slice(0, 19).replace('T', ' ');

/** As CSV with whole-second ISO times (the common case). */
export function csv(rows: readonly JobRow[], time: (t: number) => string = iso): string {
  return `submit,duration,gpus,user\n${rows.map((r) => `${time(r.submit)},${r.duration.toFixed(1)},${r.units},${r.tenant}`).join('\n')}\n`;
}
