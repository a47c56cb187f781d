/**
 * The rest of the way back from a results folder, on two experiments (a fixture and the
 * shipped policy sweep over a policy module): shards run separately and merged give exactly
 * one machine's summary.json, and `pipesim push` of the merged folder, twice, leaves every
 * point on a real VictoriaMetrics exactly once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { onlyRunDir, pipesim, tempDir, warningsIn } from '../helpers/cli.js';
import { expectedSamples, exported, startVictoria, stopServers } from '../helpers/servers.js';

afterAll(stopServers);

const CASES = [
  { file: 'test/fixtures/experiments/small-sweep.yaml', name: 'small-sweep' },
  { file: 'experiments/policy-sweep.yaml', name: 'policy-sweep' },
];
const BRIEF = ['--horizon', '12h', '--set', 'warmup=2h', '--replications', '2', '--timeseries', '2h', '--no-progress'];

describe.each(CASES)('$file', ({ file, name }) => {
  it('merges its shards to one machine’s summary.json, and pushes every point once', async () => {
    const single = tempDir();
    expect((await pipesim(['run', file, ...BRIEF, '--out', single])).code).toBe(0);
    const reference = readFileSync(path.join(onlyRunDir(single, name, readdirSync), 'summary.json'), 'utf8');

    const root = tempDir();
    const shards = await Promise.all(['1/2', '2/2'].map((s) => pipesim(['run', file, ...BRIEF, '--shard', s, '--out', root, '--workers', '1'])));
    for (const s of shards) expect(s.code).toBe(0);
    const sharded = onlyRunDir(root, name, readdirSync);
    const merged = await pipesim(['merge', sharded]);
    expect(warningsIn(merged.stderr)).toBe('');
    expect(merged.code).toBe(0);
    expect(readFileSync(path.join(sharded, 'summary.json'), 'utf8')).toBe(reference);

    const vm = await startVictoria();
    const expected = expectedSamples(sharded);
    expect(expected).toBeGreaterThan(0);
    for (let push = 0; push < 2; push++) {
      const pushed = await pipesim(['push', sharded, '--influx-url', vm.url]);
      expect(warningsIn(pushed.stderr)).toBe('');
      expect(pushed.code).toBe(0);
      expect((await exported(vm.url, path.basename(sharded))).samples).toBe(expected);
    }
  });
});
