/**
 * `compare.select` in an experiment: four M/M/1 scenarios (arrivals 1/min, service 30, 30.3, 33
 * and 40 s, so mean waits 30, 30.9, 40.3 and 80 s), the best by 0.9 s, an indifference of 0.5 s. The procedure must select the truly best, give the losers fewer replications than the
 * winner, take the same decisions with one worker or two and when resumed from any prefix of
 * its runs, and report the guarantee. Its selection rate is tested on normal outputs
 * (test/stats/selection.test.ts) and on M/M/1 in the slow suite (selection-mm1.slow.test.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReplicationDriver, runExperiment } from '../../src/experiment/index.js';
import { executeRun } from '../../src/experiment/worker.js';
import { loadExperiment } from '../../src/experiment/load.js';
import type { RunResult } from '../../src/core/records.js';
import { pipesim, tempDir } from '../helpers/cli.js';

const SELECT = (extra = '') => `name: select-mm1
seed: 21
horizon: 2d
warmup: 6h
replications: 5
grid:
  tasks.t.duration.mean: [40s, 30s, 30.3s, 33s]
platform: { pools: { server: { capacity: 1 } } }
workload:
  interarrival: { dist: exponential, mean: 1m }
  structures: { s: { tasks: { t: { kind: t } } } }
tasks: { t: { pool: server, duration: { dist: exponential, mean: 30s } } }
compare:
  select: { metric: pipeline.wait.mean, indifference: 0.5s, confidence: 0.95, max: 60 }
${extra}`;

async function write(text: string): Promise<string> {
  const file = path.join(tempDir(), 'select.yaml');
  writeFileSync(file, text);
  return file;
}

describe('compare.select', () => {
  it('selects the truly best M/M/1 scenario, the same with one worker or two, and says what it guarantees', async () => {
    const file = await write(SELECT());
    const outcomes = [];
    for (const workers of [1, 2]) {
      const root = tempDir();
      outcomes.push({ root, outcome: await runExperiment(await loadExperiment(file), { workers, resultsRoot: root }) });
    }
    const [one, two] = outcomes;
    const summary = one!.outcome.summary;
    const selection = summary.selection!;
    expect(selection.status).toBe('selected');
    expect(selection.selected).toBe('mean=30s');
    const reps = Object.fromEntries(selection.scenarios!.map((s) => [s.label, s.replications]));
    // Everyone gets the first stage; a scenario whose paired differences are steady leaves early
    // (30.3 s: common random numbers make its gap to 30 s clear at once), a noisy one late; the
    // winner stays to the end, and the total is less than every scenario at the final count.
    expect(Math.min(...Object.values(reps))).toBe(5);
    expect(reps['mean=30s']).toBe(Math.max(...Object.values(reps)));
    expect(reps['mean=30s']).toBeGreaterThan(5);
    expect(selection.replications).toBeLessThan(4 * reps['mean=30s']!);
    expect(summary.runs.ok).toBe(selection.replications);
    // Each loser is reported against the selected one on the same replications, where it is worse.
    for (const s of selection.scenarios!.filter((x) => x.label !== 'mean=30s')) expect(s.selectedMean).toBeLessThan(s.mean);
    expect(readFileSync(path.join(two!.outcome.dir, 'summary.json'), 'utf8')).toBe(readFileSync(path.join(one!.outcome.dir, 'summary.json'), 'utf8'));
    const md = readFileSync(path.join(one!.outcome.dir, 'summary.md'), 'utf8');
    expect(md).toContain('## Selecting the best');
    expect(md).toMatch(/Selected: mean=30s is the best by pipeline\.wait\.mean\. Guarantee \(Kim–Nelson\): if the best scenario's mean is at least 500 ms \(0\.5\) better than every other's, the one selected is it with probability ≥ 95%/);
    expect(readFileSync(path.join(one!.outcome.dir, 'report.html'), 'utf8')).toContain('<h2>Selecting the best</h2>');
  }, 60_000);

  it('takes the same decisions when resumed from any prefix of its runs', async () => {
    const experiment = await loadExperiment(await write(SELECT()));
    const drive = async (done: RunResult[]) => {
      const driver = new ReplicationDriver(experiment, experiment.baseDir, done);
      for (let spec = driver.next(); ; spec = driver.next()) {
        if (!spec) {
          if (driver.finished) break;
          throw new Error('driver stalled');
        }
        driver.record(await executeRun(spec));
      }
      return driver.allResults().map((r) => r.runId).sort();
    };
    const all = await drive([]);
    const full = new ReplicationDriver(experiment, experiment.baseDir, []);
    const results: RunResult[] = [];
    for (let spec = full.next(); spec; spec = full.next()) {
      const r = await executeRun(spec);
      results.push(r);
      full.record(r);
    }
    // Resume from a prefix in completion order, and from a scattered half of the runs.
    expect(await drive(results.slice(0, 13))).toEqual(all);
    expect(await drive(results.filter((_, i) => i % 2 === 0))).toEqual(all);
  }, 60_000);

  it('refuses a precision target, one scenario, a bad indifference, shards and antithetic pairs, naming the field', async () => {
    const precision = await pipesim(['run', await write(SELECT().replace('replications: 5', 'replications: { min: 4, max: 10, target: { metric: pipeline.wait.mean, relativeHalfWidth: 0.1 } }')), '--out', tempDir()]);
    expect(precision.code).toBe(2);
    expect(precision.stderr).toMatch(/select\.yaml.*replications.*compare\.select decides how many replications/s);
    const single = await pipesim(['run', await write(SELECT().replace('[40s, 30s, 30.3s, 33s]', '[30s]')), '--out', tempDir()]);
    expect(single.code).toBe(2);
    expect(single.stderr).toContain('compare.select: selecting the best needs at least two scenarios');
    const badDelta = await pipesim(['run', await write(SELECT().replace('indifference: 0.5s', 'indifference: 5 percent')), '--out', tempDir()]);
    expect(badDelta.code).toBe(2);
    expect(badDelta.stderr).toContain("compare.select.indifference: expected a percentage like '5%'");
    const sharded = await pipesim(['run', await write(SELECT()), '--shard', '1/2', '--out', tempDir()]);
    expect(sharded.code).toBe(2);
    expect(sharded.stderr).toContain('compare.select decides as it goes');
    const antithetic = await pipesim(['run', await write(SELECT('varianceReduction: { antithetic: true }\n').replace('replications: 5', 'replications: 6')), '--out', tempDir()]);
    expect(antithetic.code).toBe(2);
    expect(antithetic.stderr).toContain('varianceReduction.antithetic: compare.select works on single replications');
  });
});
