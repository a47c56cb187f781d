/**
 * A lean install (`npm install --omit=optional`) leaves out the queue stack and the TypeScript
 * loader: simulated here by a resolve hook that cannot find them. The main job still runs, and
 * the features that need them say which package to install, with exit 2 and no stack trace.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importOptional } from '../../src/core/optional.js';
import { UserError } from '../../src/core/errors.js';
import { BIN, tempDir } from '../helpers/cli.js';

function withoutOptional(args: string[]) {
  const root = tempDir();
  const hook = path.join(root, 'lean-install.mjs');
  writeFileSync(hook, `export async function resolve(specifier, context, next) {
  if (/^(bullmq|ioredis|tsx)(\\/|$)/.test(specifier)) {
    const error = new Error("Cannot find package '" + specifier.split('/')[0] + "' imported from " + context.parentURL);
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return next(specifier, context);
}\n`);
  return { root, ...spawnSync(process.execPath, ['--no-warnings', `--experimental-loader=${hook}`, BIN, ...args.map((a) => a.replace('<root>', root))], { encoding: 'utf8' }) };
}

describe('without the optional packages', () => {
  it('the main job runs', () => {
    const run = withoutOptional(['run', 'experiments/mmc.yaml', '--horizon', '1d', '--out', '<root>', '--no-progress']);
    expect(run.stderr).toContain('Results go to');
    expect(run.status).toBe(0);
  });

  it('pipesim worker names bullmq and ioredis and how to install them', () => {
    const worker = withoutOptional(['worker', '--queue', 'redis://127.0.0.1:1']);
    expect(worker.status).toBe(2);
    expect(worker.stderr).toContain('pipesim worker needs the optional packages bullmq and ioredis');
    expect(worker.stderr).toContain('npm install bullmq ioredis');
    expect(worker.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('run --queue says the same before anything runs', () => {
    const run = withoutOptional(['run', 'experiments/mmc.yaml', '--queue', 'redis://127.0.0.1:1', '--out', '<root>', '--no-progress']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--queue needs the optional packages bullmq and ioredis');
  });

  it('a TypeScript policy names tsx', () => {
    const run = withoutOptional(['run', 'experiments/policy-sweep.yaml', '--horizon', '1d', '--out', '<root>', '--no-progress']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/the TypeScript policy \S+\.ts needs the optional package tsx, which is not installed/);
    expect(run.stderr).toContain('npm install tsx');
  });
});

describe('importOptional', () => {
  it('turns only a missing listed package into a UserError', async () => {
    const missing = Object.assign(new Error("Cannot find package 'bullmq' imported from /x.js"), { code: 'ERR_MODULE_NOT_FOUND' });
    await expect(importOptional(() => Promise.reject(missing), ['bullmq', 'ioredis'], 'a queue')).rejects.toBeInstanceOf(UserError);
    const other = Object.assign(new Error("Cannot find package 'left-pad' imported from /x.js"), { code: 'ERR_MODULE_NOT_FOUND' });
    await expect(importOptional(() => Promise.reject(other), ['bullmq'], 'a queue')).rejects.toBe(other);
    const broken = new TypeError('bullmq is broken');
    await expect(importOptional(() => Promise.reject(broken), ['bullmq'], 'a queue')).rejects.toBe(broken);
    await expect(importOptional(() => Promise.resolve(42), ['bullmq'], 'a queue')).resolves.toBe(42);
  });
});
