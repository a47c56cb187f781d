/**
 * InfluxDB output at the edges, against real servers: a VictoriaMetrics killed mid-run
 * (nothing is lost locally, and `pipesim push` completes its copy without duplicates), one with its default
 * retention (a run anchored at the present is kept, one in 2024 reported as dropped), and a
 * server that accepts connections and never answers (one time-out, not one per batch).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLines } from '../../src/output/recordings.js';
import { onlyRunDir, pipesim, tempDir, warningsIn } from '../helpers/cli.js';
import { expectedSamples, exported, runWithToken, startVictoria, stopServers, TOKEN } from '../helpers/servers.js';

afterAll(stopServers);

const run = runWithToken;

describe('a VictoriaMetrics with its default retention (one month)', () => {
  it('keeps a run anchored near the present by start: now, and one anchored in 2024 is reported as dropped', async () => {
    const vm = await startVictoria(undefined, undefined, { defaultRetention: true });
    const recent = tempDir();
    const now = await run(['run', 'experiments/mmc.yaml', '--horizon', '2d', '--set', 'start=now', '--influx-url', vm.url, '--out', recent, '--no-progress']);
    expect(now.code, now.stderr).toBe(0);
    const recentDir = onlyRunDir(recent, 'mmc', readdirSync);
    expect(now.stdout).toMatch(/InfluxDB {7}wrote [\d,]+ points to .*, every value kept \(read back\)/);
    expect((await exported(vm.url, path.basename(recentDir))).samples).toBe(expectedSamples(recentDir));
    // Resolved once, as a date: the folder re-runs and pushes with the same timestamps.
    const resolved = readFileSync(path.join(recentDir, 'experiment.resolved.yaml'), 'utf8');
    const start = /^start: (.+)$/m.exec(resolved)![1]!.replace(/["']/g, '');
    expect(start).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/);
    expect(new Date(start).getUTCDay()).toBe(1);
    expect(JSON.parse(readFileSync(path.join(recentDir, 'run.json'), 'utf8')).start).toBe(start);
    // The run (2 days of warm-up, 2 of horizon) ends within the week before now.
    const end = new Date(start).getTime() + 4 * 86400_000;
    expect(end).toBeLessThanOrEqual(Date.now());
    expect(end).toBeGreaterThan(Date.now() - 7 * 86400_000 - 60_000);

    const old = tempDir();
    const dated = await run(['run', 'experiments/mmc.yaml', '--horizon', '2d', '--influx-url', vm.url, '--out', old, '--no-progress']);
    expect(dated.code).toBe(0);
    const oldDir = onlyRunDir(old, 'mmc', readdirSync);
    expect(dated.stderr).toMatch(/accepted [\d,]+ points but kept 0 of their [\d,]+ values: [\d,]+ were dropped, most likely as older than its retention period \(its simulated dates start at 2024-01-01\)/);
    expect(dated.stdout).not.toContain('InfluxDB');
    const pushed = await pipesim(['push', oldDir, '--influx-url', vm.url]);
    expect(pushed.code, pushed.stderr).toBe(75);
    expect(pushed.stderr).toContain('were dropped');
  }, 60_000);
});

describe('a server that accepts connections and never answers', () => {
  it('costs the run one time-out, not one per batch, and the process ends saying what was not written', async () => {
    const sockets: Socket[] = [];
    const blackHole = createServer((socket) => { sockets.push(socket); });
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const { port } = blackHole.address() as AddressInfo;
    try {
      const out = tempDir();
      const started = Date.now();
      // About 70 batches of 5,000 points: before, each waited out its own time-out, and the
      // process then stayed alive as long as the server held its connections open.
      const result = await run(['run', 'experiments/mmc.yaml', '--replications', '6', '--workers', '1', '--set', 'timeseries={ interval: 10m, replications: all }',
        '--influx-url', `http://127.0.0.1:${port}`, '--out', out, '--no-progress']);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/[\d,]+ of [\d,]+ points not written to .* \(Request timed out\); the results folder is complete: write it later with {2}pipesim push /);
      expect(readLines(path.join(onlyRunDir(out, 'mmc', readdirSync), 'runs.lp')).length).toBe(6);
      expect(Date.now() - started).toBeLessThan(60_000);
    } finally {
      for (const s of sockets) s.destroy();
      blackHole.close();
    }
  }, 120_000);
});

describe('a VictoriaMetrics killed mid-run', () => {
  it('loses nothing when the server dies mid-run, and push completes its copy without duplicates', async () => {
    const vm = await startVictoria();
    const out = tempDir();
    let killedWhileRunning = false;
    const result = await run(['run', 'experiments/mmc.yaml', '--replications', '12', '--workers', '1', '--set', 'timeseries={ interval: 1h, replications: all }',
      '--influx-url', vm.url, '--out', out, '--no-progress'], (child) => {
      // Kill the server once its first points have arrived, while the sweep goes on.
      const timer = setInterval(() => {
        const base = path.join(out, 'mmc');
        if (!existsSync(base)) return;
        const dir = path.join(base, readdirSync(base)[0] ?? '');
        void exported(vm.url, path.basename(dir)).then(({ samples }) => {
          if (samples > 0 && !killedWhileRunning && child.exitCode === null) {
            clearInterval(timer);
            killedWhileRunning = true;
            vm.process.kill('SIGKILL');
          }
        }, () => {});
      }, 100);
      child.on('close', () => clearInterval(timer));
    });
    expect(killedWhileRunning).toBe(true);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/points not written to .*; the results folder is complete: write it later with {2}pipesim push /);
    expect(result.stderr).not.toContain(TOKEN);

    const dir = onlyRunDir(out, 'mmc', readdirSync);
    expect(readdirSync(path.join(dir, 'timeseries')).length).toBe(12);
    expect(readLines(path.join(dir, 'runs.lp')).length).toBe(12);
    const expected = expectedSamples(dir);

    const again = await startVictoria(vm.port, vm.data);
    const push = await run(['push', dir, '--influx-url', again.url]);
    expect(warningsIn(push.stderr)).toBe('');
    expect(push.code).toBe(0);
    expect((await exported(again.url, path.basename(dir))).samples).toBe(expected);
    expect((await run(['push', dir, '--influx-url', again.url])).code).toBe(0);
    expect((await exported(again.url, path.basename(dir))).samples).toBe(expected);
  }, 120_000);
});
