/**
 * Units in experiment files: durations ('90s', '5m', '2h', '3d', '1w'), sizes ('10GB',
 * '512MiB') and bandwidths ('1Gbps', '100MB/s'). Bare numbers are seconds, bytes, bytes/s.
 */
import { z } from 'zod';

const DURATION_SECONDS: Record<string, number> = {
  ms: 0.001, s: 1, sec: 1, m: 60, min: 60, h: 3600, d: 86400, w: 604800,
};

const SIZE_BYTES: Record<string, number> = {
  B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, PB: 1e15,
  KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4, PiB: 1024 ** 5,
};

const BANDWIDTH_BYTES_PER_SECOND: Record<string, number> = {
  bps: 1 / 8, Kbps: 1e3 / 8, Mbps: 1e6 / 8, Gbps: 1e9 / 8, Tbps: 1e12 / 8,
  'B/s': 1, 'KB/s': 1e3, 'MB/s': 1e6, 'GB/s': 1e9, 'TB/s': 1e12,
  'KiB/s': 1024, 'MiB/s': 1024 ** 2, 'GiB/s': 1024 ** 3,
};

const QUANTITY = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-z/]+)\s*$/;

function parseWithUnits(text: string, table: Record<string, number>): number | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const factor = table[match[2] as string];
  return factor === undefined ? undefined : Number(match[1]) * factor;
}

/** Seconds from '90s' / '5m' / '2h' / '3d' / '1w' / '250ms', or a bare number of seconds. */
export function parseDuration(value: string | number): number | undefined {
  return typeof value === 'number' ? value : parseWithUnits(value, DURATION_SECONDS);
}

/** Bytes from '10GB' (decimal) / '512MiB' (binary), or a bare number of bytes. */
export function parseSize(value: string | number): number | undefined {
  return typeof value === 'number' ? value : parseWithUnits(value, SIZE_BYTES);
}

/** Bytes per second from '1Gbps' (bits) / '100MB/s' (bytes), or a bare number of bytes/s. */
export function parseBandwidth(value: string | number): number | undefined {
  return typeof value === 'number' ? value : parseWithUnits(value, BANDWIDTH_BYTES_PER_SECOND);
}

/** What a quantity in the YAML measures; decides which unit suffixes it accepts. */
export type Quantity = 'duration' | 'size' | 'bandwidth' | 'count';

const PARSERS: Record<Quantity, (v: string | number) => number | undefined> = {
  duration: parseDuration,
  size: parseSize,
  bandwidth: parseBandwidth,
  count: (v) => (typeof v === 'number' ? v : undefined),
};

const EXAMPLES: Record<Quantity, string> = {
  duration: "a duration such as 90s, 5m, 2h, 3d or a number of seconds",
  size: 'a size such as 512MB, 10GB, 2GiB or a number of bytes',
  bandwidth: 'a bandwidth such as 1Gbps, 100MB/s or a number of bytes per second',
  count: 'a number',
};

/**
 * A zod schema that accepts a number or a unit string of `quantity` and yields a finite number;
 * with `unbounded`, also ±Infinity (YAML's `.inf`), for bounds that may be open.
 */
export function quantity(kind: Quantity, unbounded = false) {
  const number = unbounded ? z.custom<number>((v) => typeof v === 'number') : z.number();
  return z.union([number, z.string()], { error: `expected ${EXAMPLES[kind]}${unbounded ? ' (or .inf)' : ''}` }).transform((raw, ctx) => {
    const value = PARSERS[kind](raw);
    if (value === undefined || Number.isNaN(value)) {
      ctx.addIssue({ code: 'custom', message: `expected ${EXAMPLES[kind]}, got ${JSON.stringify(raw)}` });
      return z.NEVER;
    }
    return value;
  });
}

/** Human-readable duration for summaries: '42.1 s', '3.50 min', '2.25 h', '1.50 d'. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const abs = Math.abs(seconds);
  if (abs < 1) return `${(seconds * 1000).toPrecision(3)} ms`;
  if (abs < 120) return `${seconds.toPrecision(3)} s`;
  if (abs < 7200) return `${(seconds / 60).toPrecision(3)} min`;
  if (abs < 172800) return `${(seconds / 3600).toPrecision(3)} h`;
  return `${(seconds / 86400).toPrecision(3)} d`;
}

/** Human-readable decimal size: '1.23 GB'. */
export function formatSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let value = bytes;
  let i = 0;
  while (Math.abs(value) >= 1000 && i < units.length - 1) {
    value /= 1000;
    i++;
  }
  return `${i === 0 ? value.toFixed(0) : value.toPrecision(3)} ${units[i]}`;
}
