/** The results folder's own file handling: torn tails of runs.jsonl, and the one-writer lock. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { LOCK_FILE, lockFolder } from '../../src/output/folder-lock.js';
import { repairTornTail, RUNS_FILE } from '../../src/output/results-dir.js';
import { tempDir } from '../helpers/cli.js';

describe('repairTornTail', () => {
  it.each([
    ['no file', undefined, 0, undefined],
    ['an empty file', '', 0, ''],
    ['complete lines', '{"a":1}\n{"b":2}\n', 0, '{"a":1}\n{"b":2}\n'],
    ['a torn last line', '{"a":1}\n{"b":', 5, '{"a":1}\n'],
    ['only a torn line', '{"a":', 5, ''],
    // The last newline lies more than one 64 KiB read block before the end.
    ['a torn line longer than a read block', `{"a":1}\n${'x'.repeat(150_000)}`, 150_000, '{"a":1}\n'],
  ])('%s', (_what, content, dropped, after) => {
    const dir = tempDir();
    const file = path.join(dir, RUNS_FILE);
    if (content !== undefined) writeFileSync(file, content);
    expect(repairTornTail(dir)).toBe(dropped);
    if (after === undefined) expect(existsSync(file)).toBe(false);
    else expect(readFileSync(file, 'utf8')).toBe(after);
  });
});

describe('lockFolder', () => {
  it('lets one holder in and frees the folder on release', () => {
    const dir = tempDir();
    const release = lockFolder(dir);
    const holder = JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')) as { host: string; pid: number };
    expect(holder).toMatchObject({ host: os.hostname(), pid: process.pid });
    release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    lockFolder(dir)();
  });

  it('stops a second writer while the holder lives, and takes over the lock of one that is gone', () => {
    const dir = tempDir();
    const file = path.join(dir, LOCK_FILE);
    // PID 1 always lives (as another user's process, kill(pid, 0) says EPERM: alive too).
    writeFileSync(file, JSON.stringify({ host: os.hostname(), pid: 1, since: 'then' }));
    expect(() => lockFolder(dir)).toThrow(UserError);
    expect(() => lockFolder(dir)).toThrow(/being written by another PipeSim process \(pid 1, since then\)/);

    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    writeFileSync(file, JSON.stringify({ host: os.hostname(), pid: Number(gone.stdout.toString()), since: 'then' }));
    const release = lockFolder(dir);
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
    release();
  });

  it('refuses a lock held on another host, saying which and how to free it', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ host: 'elsewhere', pid: 42, since: 'then' }));
    expect(() => lockFolder(dir)).toThrow(/locked by a PipeSim process on elsewhere \(pid 42/);
  });
});
