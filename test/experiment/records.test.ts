/**
 * Records that survive anything: a torn last line is cut off before the next append, records
 * of another experiment are rejected, a second process cannot resume a folder already being
 * written, and a write error (a path turned into a folder; a full tmpfs where mounting is
 * allowed) ends the sweep with exit 75, a message and a folder that resumes to the same
 * aggregates.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlyRunDir, pipesim, runsFileUnder, tempDir, whenFound, warningsIn } from '../helpers/cli.js';

const EXPERIMENT = path.resolve('test/fixtures/experiments/small-sweep.yaml');
const ARGS = ['--horizon', '10d', '--workers', '1', '--no-progress'];
const lines = (dir: string) => readFileSync(path.join(dir, 'runs.jsonl'), 'utf8').split('\n').filter(Boolean);
const summaryOf = (dir: string) => readFileSync(path.join(dir, 'summary.json'), 'utf8');

let reference: string;

beforeAll(async () => {
  const root = tempDir();
  const result = await pipesim(['run', EXPERIMENT, ...ARGS, '--out', root]);
  expect(result.code).toBe(0);
  reference = onlyRunDir(root, 'small-sweep', readdirSync);
});

/** A copy of the finished reference folder to damage. */
function copyOfReference(): string {
  const dir = path.join(tempDir(), 'run');
  cpSync(reference, dir, { recursive: true });
  return dir;
}

describe('runs.jsonl', () => {
  it('cuts a torn last line before appending, so the run it held runs again and nothing runs twice', async () => {
    const dir = copyOfReference();
    const file = path.join(dir, 'runs.jsonl');
    const text = readFileSync(file, 'utf8');
    const lastLine = text.slice(text.lastIndexOf('\n', text.length - 2) + 1);
    truncateSync(file, text.length - Math.floor(lastLine.length / 2));

    const resumed = await pipesim(['run', '--resume', dir, '--workers', '1', '--no-progress']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/last line of .*runs\.jsonl was cut short \(\d+ bytes\); dropped/);
    expect(lines(dir)).toHaveLength(24);
    for (const l of lines(dir)) expect(() => JSON.parse(l)).not.toThrow();
    expect(summaryOf(dir)).toBe(summaryOf(reference));

    const again = await pipesim(['run', '--resume', dir, '--workers', '1', '--no-progress']);
    expect(again.code).toBe(0);
    expect(warningsIn(again.stderr)).toBe('');
    expect(lines(dir)).toHaveLength(24);
  });

  it('rejects records that are not runs of the experiment: another seed, another scenario, unknown ids', async () => {
    const dir = copyOfReference();
    const [first] = lines(dir).map((l) => JSON.parse(l) as Record<string, unknown>);
    appendFileSync(path.join(dir, 'runs.jsonl'), [
      { ...first, seed: 99 }, // a run of the same id under another seed
      { ...first, runId: 's0-r6', replication: 6 }, // beyond the plan
      { ...first, runId: 's9-r0', scenarioIndex: 9, replication: 0 }, // no such scenario
    ].map((r) => `${JSON.stringify(r)}\n`).join(''));
    const resumed = await pipesim(['run', '--resume', dir, '--workers', '1', '--no-progress']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/3 record\(s\) in .*runs\.jsonl are not runs of this experiment/);
    const summary = JSON.parse(summaryOf(dir)) as { runs: { planned: number; ok: number } };
    expect(summary.runs).toMatchObject({ planned: 24, ok: 24 });
    expect(summaryOf(dir)).toBe(summaryOf(reference));
  });
});

describe('a folder that cannot be resumed', () => {
  it('says so (exit 2, no stack) when its resolved experiment is missing', async () => {
    const dir = copyOfReference();
    rmSync(path.join(dir, 'experiment.resolved.yaml'));
    const result = await pipesim(['run', '--resume', dir, '--no-progress']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${dir} has no experiment.resolved.yaml, so it cannot be resumed`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('compare', () => {
  it('says when the folder it compares was interrupted, and counts only the runs it holds', async () => {
    const dir = copyOfReference();
    const file = path.join(dir, 'runs.jsonl');
    writeFileSync(file, `${lines(dir).slice(0, 10).join('\n')}\n`);
    const result = await pipesim(['compare', dir, '--baseline', 'policy.scheduler=fifo', '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`holds 10 of 24 planned runs (interrupted); the comparison uses those only. Complete it with: pipesim run --resume ${dir}`);
  });
});

describe('one writer per folder', () => {
  it('lets one of two concurrent resumes run and stops the other with a message', async () => {
    const root = tempDir();
    const killed = await pipesim(['run', EXPERIMENT, ...ARGS, '--out', root], (child) => {
      whenFound(child, () => runsFileUnder(root, 'small-sweep'), () => child.kill('SIGKILL'));
    });
    expect(killed.signal).toBe('SIGKILL');
    const dir = onlyRunDir(root, 'small-sweep', readdirSync);
    // The killed process left its lock behind: stale, so a resume takes it over.
    expect(existsSync(path.join(dir, '.pipesim.lock'))).toBe(true);

    // The first resume is paused once it holds the lock, so the second surely meets it there
    // (run side by side, a loaded machine could let the first finish before the second starts).
    const lockFile = path.join(dir, '.pipesim.lock');
    const holds = (pid: number | undefined) => { try { return (JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number }).pid === pid; } catch { return false; } };
    let second: Promise<Awaited<ReturnType<typeof pipesim>>> | undefined;
    const winner = await pipesim(['run', '--resume', dir, '--workers', '1', '--no-progress'], (child) => {
      whenFound(child, () => (holds(child.pid) ? lockFile : undefined), () => {
        child.kill('SIGSTOP');
        second = pipesim(['run', '--resume', dir, '--workers', '1', '--no-progress']).finally(() => child.kill('SIGCONT'));
      });
    });
    const loser = await second!;
    expect([winner.code, loser.code]).toEqual([0, 2]);
    expect(loser.stderr).toMatch(/is being written by another PipeSim process \(pid \d+/);
    expect(loser.stderr).not.toMatch(/\n\s+at /);
    const ids = lines(dir).map((l) => (JSON.parse(l) as { runId: string }).runId);
    expect(ids).toHaveLength(24);
    expect(new Set(ids).size).toBe(24);
    expect(summaryOf(dir)).toBe(summaryOf(reference));
    expect(existsSync(path.join(dir, '.pipesim.lock'))).toBe(false);
  });
});

/** Runs the sweep until a write fails, then checks the stop and that the folder resumes (at `resumeAt`, default in place). */
async function expectCleanStop(result: Awaited<ReturnType<typeof pipesim>>, dir: string, resumeAt = dir): Promise<void> {
  expect(result.code).toBe(75);
  expect(result.stderr).toMatch(/could not write to .*: E[A-Z]+ .*finished run\(s\) recorded there are kept/);
  expect(result.stderr).toContain(`pipesim run --resume ${dir}`);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  if (resumeAt !== dir) cpSync(dir, resumeAt, { recursive: true });
  const resumed = await pipesim(['run', '--resume', resumeAt, '--workers', '1', '--no-progress']);
  expect(resumed.code).toBe(0);
  expect(summaryOf(resumeAt)).toBe(summaryOf(reference));
}

describe('a write error', () => {
  it('(injected: runs.jsonl replaced by a folder mid-sweep) stops the sweep cleanly, and the folder resumes', async () => {
    const root = tempDir();
    let moved = '';
    const result = await pipesim(['run', EXPERIMENT, ...ARGS, '--out', root], (child) => {
      whenFound(child, () => runsFileUnder(root, 'small-sweep'), (file) => {
        moved = `${file}.kept`;
        renameSync(file, moved);
        mkdirSync(file);
      });
    });
    const dir = onlyRunDir(root, 'small-sweep', readdirSync);
    expect(result.stderr).toContain('EISDIR');
    rmdirSync(path.join(dir, 'runs.jsonl'));
    renameSync(moved, path.join(dir, 'runs.jsonl'));
    await expectCleanStop(result, dir);
  });

  describe('(a full tmpfs)', () => {
    const mountPoint = tempDir('pipesim-tmpfs-');
    let mounted = false;
    beforeAll(() => {
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48k', 'tmpfs', mountPoint], { stdio: 'ignore' });
        mounted = true;
      } catch {
        // Not root, or no mount in this sandbox: the injected case above still runs.
      }
    });
    afterAll(() => {
      if (mounted) execFileSync('umount', [mountPoint]);
    });

    it('stops the sweep with ENOSPC cleanly, and the folder resumes elsewhere to the same aggregates', async (context) => {
      if (!mounted) context.skip('mounting a tmpfs is not allowed here');
      const result = await pipesim(['run', EXPERIMENT, ...ARGS, '--out', mountPoint]);
      const dir = onlyRunDir(mountPoint, 'small-sweep', readdirSync);
      expect(result.stderr).toContain('ENOSPC');
      expect(lines(dir).length).toBeGreaterThan(0);
      await expectCleanStop(result, dir, path.join(tempDir(), 'moved'));
    });
  });
});
