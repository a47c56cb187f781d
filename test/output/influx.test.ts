/**
 * Writing to a real server: Debian's VictoriaMetrics (installed by .ci/run), which accepts the
 * InfluxDB v2 write API the official client uses, started here on 127.0.0.1 on a free port
 * with a temporary data directory. Every point a run records arrives with its tags; the token
 * appears nowhere. A server gone mid-run (nothing lost locally, `pipesim push` completes the
 * server's copy without duplicates), a server's retention and a server that never answers are
 * in influx.slow.test.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

afterAll(stopServers);
import { readLines, recordingFiles } from '../../src/output/recordings.js';
import { onlyRunDir, tempDir, warningsIn } from '../helpers/cli.js';
import { expectedSamples, exported, runWithToken, startVictoria, stopServers, TOKEN } from '../helpers/servers.js';

const run = runWithToken;

function everyFile(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? everyFile(p) : [p];
  });
}

describe('InfluxDB output, against VictoriaMetrics', () => {
  it('writes every recorded point with its tags, and never shows the token', async () => {
    const vm = await startVictoria();
    const out = tempDir();
    const result = await run(['run', 'test/fixtures/experiments/small-sweep.yaml', '--horizon', '3d', '--replications', '2',
      '--timeseries', '2h', '--influx-url', vm.url, '--out', out, '--no-progress']);
    expect(warningsIn(result.stderr)).toBe('');
    expect(result.code).toBe(0);
    const dir = onlyRunDir(out, 'small-sweep', readdirSync);
    const files = recordingFiles(dir).map((f) => path.relative(dir, f));
    // Replication 0 of each scenario records time series; runs.lp and scenarios.lp hold the metrics.
    expect(files.filter((f) => f.startsWith('timeseries/')).length).toBeGreaterThan(1);
    expect(files).toEqual(expect.arrayContaining(['runs.lp', 'scenarios.lp']));
    const lines = recordingFiles(dir).reduce((n, f) => n + readLines(f).length, 0);
    expect(result.stdout).toContain(`InfluxDB       wrote ${lines.toLocaleString('en-US')} points to ${vm.url}`);

    const { samples, series } = await exported(vm.url, path.basename(dir));
    expect(samples).toBe(expectedSamples(dir));
    const pool = series.find((s) => s.__name__ === 'pipesim_pool_utilisation')!;
    expect(pool).toMatchObject({ experiment: 'small-sweep', run: path.basename(dir), replication: '0' });
    expect(pool.pool).toBeDefined();
    expect(pool.scenario).toBeDefined();
    const runs = series.filter((s) => s.__name__ === 'pipesim_run_pipeline_wait_mean');
    expect(runs.length).toBe(JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')).runs.ok);

    for (const text of [result.stdout, result.stderr, ...everyFile(dir).map((f) => readFileSync(f, 'utf8'))]) expect(text).not.toContain(TOKEN);
  }, 60_000);
});
