/**
 * The way back from a results folder, as a property of every experiment the project ships and
 * every fixture (a new file is covered without a new test; the examples stay true, as SimPy's
 * examples-as-tests): run it briefly, then
 * - kill it with SIGKILL mid-sweep, then `--resume` → every planned run recorded exactly once;
 * - re-run the folder's experiment.resolved.yaml from elsewhere → the same summary.json, byte
 *   for byte, with another worker count (so the resumed aggregates are checked as well).
 * Shards → merge and push are checked on two experiments in shards-push.test.ts.
 */
import { readdirSync, readFileSync, watch } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { onlyRunDir, pipesim, tempDir } from '../helpers/cli.js';

const FILES = [
  ...readdirSync('experiments').filter((f) => f.endsWith('.yaml')).map((f) => path.join('experiments', f)),
  ...readdirSync('test/fixtures/experiments').filter((f) => f.endsWith('.yaml')).map((f) => path.join('test/fixtures/experiments', f)),
];

/**
 * Short runs of any experiment: one simulated day after two hours of warm-up (a replayed trace
 * keeps its own warm-up: it starts when the trace does), 2 replications (a sequential plan
 * keeps its own).
 */
function briefly(file: string): string[] {
  const doc = parse(readFileSync(file, 'utf8')) as { replications?: unknown; workload?: { replay?: unknown } };
  const sequential = typeof doc.replications === 'object' && doc.replications !== null;
  return ['--horizon', '1d', ...(doc.workload?.replay ? [] : ['--set', 'warmup=2h']), ...(sequential ? [] : ['--replications', '2'])];
}

const nameOf = (file: string) => (parse(readFileSync(file, 'utf8')) as { name?: string }).name ?? path.basename(file, '.yaml');
const lines = (dir: string) => readFileSync(path.join(dir, 'runs.jsonl'), 'utf8').split('\n').filter(Boolean);

describe.each(FILES)('%s', (file) => {
  it('resumes after SIGKILL, and re-runs from its resolved file, to the same summary.json', async () => {
    const name = nameOf(file);
    // SIGKILL as soon as the first run is on disk: nothing gets to clean up (no summary, a stale lock).
    const killedRoot = tempDir();
    const killed = await pipesim(['run', file, ...briefly(file), '--workers', '1', '--out', killedRoot, '--no-progress'], (child) => {
      const watcher = watch(killedRoot, { recursive: true }, (_event, changed) => {
        if (changed && String(changed).endsWith('runs.jsonl')) {
          watcher.close();
          child.kill('SIGKILL');
        }
      });
      child.on('close', () => watcher.close());
    });
    expect(killed.signal).toBe('SIGKILL');
    const dir = onlyRunDir(killedRoot, name, readdirSync);
    expect(JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')).status).toBe('running');
    const kept = lines(dir).length;

    const resumed = await pipesim(['run', '--resume', dir, '--workers', '2', '--no-progress']);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const summary = readFileSync(path.join(dir, 'summary.json'), 'utf8');
    const parsed = JSON.parse(summary) as { complete: boolean; runs: { planned: number; failed: number }; scenarios: { metrics: Record<string, { mean: number }> }[] };
    // The examples stay true: every scenario runs and completes pipelines.
    expect(parsed.complete).toBe(true);
    expect(parsed.runs.failed).toBe(0);
    for (const s of parsed.scenarios) expect(s.metrics['pipeline.completed']?.mean).toBeGreaterThan(0);
    const planned = parsed.runs.planned;
    expect(kept).toBeLessThan(planned);
    const ids = lines(dir).map((l) => (JSON.parse(l) as { runId: string }).runId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(planned);

    const again = tempDir();
    const rerun = await pipesim(['run', path.join(dir, 'experiment.resolved.yaml'), '--workers', '2', '--out', again, '--no-progress']);
    expect(rerun.stderr).toBe('');
    expect(rerun.code).toBe(0);
    expect(readFileSync(path.join(onlyRunDir(again, name, readdirSync), 'summary.json'), 'utf8')).toBe(summary);
  });
});
