/**
 * One writer per results folder: a lock file holding the writer's host and pid, created
 * exclusively. A lock whose process is gone (killed, machine restarted) is stale and taken
 * over; a live one stops a second process with a message that says who holds it.
 */
import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../core/errors.js';

export const LOCK_FILE = '.pipesim.lock';

interface LockOwner {
  host: string;
  pid: number;
  since: string;
}

/** Whether process `pid` on this machine still runs. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock of `dir` (or throws a UserError naming its holder); returns its release. */
export function lockFolder(dir: string): () => void {
  const file = path.join(dir, LOCK_FILE);
  const me: LockOwner = { host: os.hostname(), pid: process.pid, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${JSON.stringify(me)}\n`);
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let owner: Partial<LockOwner> = {};
    try {
      owner = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    } catch {
      // Empty or torn: its writer died while creating it, so it is stale.
    }
    const sameHost = owner.host === undefined || owner.host === me.host;
    if (sameHost && typeof owner.pid === 'number' && owner.pid !== process.pid && alive(owner.pid)) {
      throw new UserError(`${dir} is being written by another PipeSim process (pid ${owner.pid}, since ${owner.since ?? '?'})`, 'wait for it to finish; two processes on one folder would run the same runs twice');
    }
    if (!sameHost) {
      throw new UserError(`${dir} is locked by a PipeSim process on ${owner.host} (pid ${owner.pid ?? '?'}, since ${owner.since ?? '?'})`, `if no process there writes to it any more, delete ${file} and try again`);
    }
    rmSync(file, { force: true });
  }
  throw new UserError(`${dir}: could not take ${LOCK_FILE}; another process keeps creating it`);
}
