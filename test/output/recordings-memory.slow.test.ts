/**
 * Recordings in bounded memory: a one-pool model recorded at one-minute resolution, with 5% of
 * its tasks and with every task as events, over half a year and over two years. The files grow
 * fourfold (to 340 and 480 MB); the process's peak RSS (coordinator and worker threads
 * together) may not grow by more than 15% of that, and stays under 400 MB. Measured on the
 * development VM: +4 MB and +34 MB. Before recordings streamed out of the worker in chunks,
 * one simulated year already peaked at ~400 MB and grew with every day recorded.
 */
import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';

const folder = tempDir('pipesim-memory-');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const experiment = path.join(folder, 'one-pool.yaml');
writeFileSync(experiment, `name: one-pool
seed: 1
warmup: 0s
horizon: 30d
platform: { pools: { gpu: { capacity: 4 } } }
workload:
  interarrival: { dist: exponential, mean: 2m }
  structures: { job: { tasks: { train: { kind: train } } } }
tasks: { train: { pool: gpu, duration: { dist: exponential, mean: 6m } } }
`);

function bytesUnder(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? bytesUnder(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).size), 0);
}

/** Runs the CLI in a process of its own; its own peak RSS (kB, all threads) and the bytes it wrote. */
async function record(horizon: string, events: string): Promise<{ rssKb: number; bytes: number }> {
  const out = path.join(folder, `${horizon}-${events}`);
  const script = `const m = await import(${JSON.stringify(path.resolve('dist/src/cli/main.js'))});
const code = await m.main(['run', ${JSON.stringify(experiment)}, '--horizon', '${horizon}', '--timeseries', '1m', '--events', '${events}', '--out', ${JSON.stringify(out)}, '--no-progress']);
const { peakRssMB } = await import(${JSON.stringify(path.resolve('dist/scripts/peak-rss.js'))});
process.stderr.write('maxrss ' + Math.round(peakRssMB() * 1024) + '\\n'); process.exit(code);`;
  const stderr = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    let text = '';
    child.stderr.on('data', (d: Buffer) => { text += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`exit ${code}: ${text}`))));
  });
  const bytes = bytesUnder(out);
  rmSync(out, { recursive: true, force: true });
  return { rssKb: Number(/maxrss (\d+)/.exec(stderr)?.[1]), bytes };
}

it.each(['0.05', '1'])('records two years at one-minute resolution, events %s, in bounded memory', async (events) => {
  const half = await record('180d', events);
  const two = await record('730d', events);
  expect(two.bytes).toBeGreaterThan(3.9 * half.bytes);
  const rssGrowth = (two.rssKb - half.rssKb) * 1024;
  expect(rssGrowth).toBeLessThan(0.15 * (two.bytes - half.bytes));
  expect(two.rssKb).toBeLessThan(400 * 1024);
});
