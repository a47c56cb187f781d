/**
 * This process's own peak resident set size, in MB. On Linux, getrusage's maxRSS can carry the
 * parent's peak into a spawned process (the bench's worker-RSS row once read 177 MB, flat over
 * horizons, for runs of 85 MB, once the bench held 420 runs in memory); VmHWM belongs to this
 * process's own address space.
 */
import { readFileSync } from 'node:fs';

export function peakRssMB(): number {
  try {
    const kB = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kB !== undefined) return Number(kB) / 1024;
  } catch {
    // Not Linux: getrusage, in kilobytes.
  }
  return process.resourceUsage().maxRSS / 1024;
}
