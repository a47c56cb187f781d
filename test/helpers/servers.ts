/** Real servers for tests: a free loopback port, waiting until something listens on it, and VictoriaMetrics. */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { readLines, recordingFiles } from '../../src/output/recordings.js';
import { pipesim, tempDir } from './cli.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port: number, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true); }).on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not listen on ${port}`);
}

const servers: ChildProcess[] = [];

/** Stops every server these helpers started (call from afterAll). */
export function stopServers(): void {
  for (const s of servers.splice(0)) s.kill('SIGKILL');
}

export interface Victoria { url: string; port: number; data: string; process: ChildProcess }

/**
 * Debian's VictoriaMetrics on 127.0.0.1 with a temporary data dir, set up as the docs tell
 * users to: a retention that keeps simulated dates, and dedup to one sample per series and
 * millisecond (InfluxDB overwrites a point with equal tags and time; without the flag,
 * VictoriaMetrics keeps both and a second push doubles every point).
 */
export async function startVictoria(port?: number, data?: string, options: { defaultRetention?: boolean } = {}): Promise<Victoria> {
  const p = port ?? await freePort();
  const dir = data ?? tempDir('pipesim-vm-');
  const child = spawn('victoria-metrics', [
    `-httpListenAddr=127.0.0.1:${p}`, `-storageDataPath=${dir}`, ...(options.defaultRetention ? [] : ['-retentionPeriod=100y']),
    '-dedup.minScrapeInterval=1ms', '-loggerLevel=ERROR',
  ], { stdio: 'ignore' });
  servers.push(child);
  await waitForPort(p, 'victoria-metrics');
  return { url: `http://127.0.0.1:${p}`, port: p, data: dir, process: child };
}

/** Every sample the server holds for run folder `run`, as metric name → labels and count. */
export async function exported(url: string, run: string): Promise<{ samples: number; series: Record<string, string>[] }> {
  await fetch(`${url}/internal/force_flush`);
  const body = new URLSearchParams({ 'match[]': `{__name__=~"pipesim_.*",run="${run}"}` });
  const text = await (await fetch(`${url}/api/v1/export`, { method: 'POST', body })).text();
  const series = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { metric: Record<string, string>; values: number[] });
  return { samples: series.reduce((n, s) => n + s.values.length, 0), series: series.map((s) => s.metric) };
}

/** Samples the results folder's line-protocol files stand for: one per field of each line. */
export function expectedSamples(dir: string): number {
  let n = 0;
  for (const file of recordingFiles(dir)) for (const l of readLines(file)) n += l.split(' ')[1 + (l.match(/\\ /g)?.length ?? 0)]!.split(',').length;
  return n;
}

/** A token no output may show. */
export const TOKEN = 'tok-3f9a1c77-never-print-me';

/** `pipesim` with the InfluxDB token in its environment only (pipesim() inherits process.env). */
export function runWithToken(args: string[], onStart?: (child: ChildProcess) => void): ReturnType<typeof pipesim> {
  process.env.INFLUX_TOKEN = TOKEN;
  try {
    return pipesim(args, onStart);
  } finally {
    delete process.env.INFLUX_TOKEN;
  }
}
