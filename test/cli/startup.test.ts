/** The queue stack (BullMQ, ioredis) loads only for commands that use a queue: a plain run never pays for it. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { BIN, tempDir } from '../helpers/cli.js';

it('a local run loads neither bullmq nor ioredis; pipesim worker does', () => {
  const root = tempDir();
  const hook = path.join(root, 'report-loads.mjs');
  writeFileSync(hook, "export async function resolve(s, c, n) { if (/^(bullmq|ioredis)$/.test(s)) console.error('LOADED ' + s); return n(s, c); }\n");
  const run = (args: string[]) => spawnSync(process.execPath, ['--no-warnings', `--experimental-loader=${hook}`, BIN, ...args], { encoding: 'utf8' });
  const local = run(['run', 'experiments/mmc.yaml', '--horizon', '1d', '--out', root, '--no-progress']);
  expect(local.status).toBe(0);
  expect(local.stderr).not.toContain('LOADED');
  // Nothing listens on port 1: the worker stops at once (exit 75), after loading the stack.
  const worker = run(['worker', '--queue', 'redis://127.0.0.1:1']);
  expect(worker.status).toBe(75);
  expect(worker.stderr).toContain('LOADED bullmq');
});
