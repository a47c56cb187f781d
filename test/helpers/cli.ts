/** Runs the built CLI (dist/) as a user would, in a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const BIN = path.resolve('dist/src/cli/bin.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `pipesim args…`; `onStart` may act on the child (e.g. interrupt it). */
export function pipesim(args: string[], onStart?: (child: ChildProcess) => void): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    onStart?.(child);
  });
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'pipesim-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The one run folder created under `root/<experiment>/`. */
export function onlyRunDir(root: string, experiment: string, readdir: (p: string) => string[]): string {
  const runs = readdir(path.join(root, experiment));
  if (runs.length !== 1) throw new Error(`expected one run folder, found ${runs.join(', ')}`);
  return path.join(root, experiment, runs[0]!);
}

/**
 * Calls `then` with the first path `find` returns, polling every 2 ms while `child` runs.
 * (Node's recursive fs.watch on Linux throws ENOENT from inside Node when a folder appears and
 * is renamed at once, as a results folder is; polling is immune.)
 */
export function whenFound(child: ChildProcess, find: () => string | undefined, then: (found: string) => void): void {
  const timer = setInterval(() => {
    const found = find();
    if (found === undefined) return;
    clearInterval(timer);
    then(found);
  }, 2);
  child.on('close', () => clearInterval(timer));
}

/** The runs.jsonl of the (one, visible) run folder under `root/<experiment>/`, once it exists. */
export function runsFileUnder(root: string, experiment: string): string | undefined {
  const base = path.join(root, experiment);
  if (!existsSync(base)) return undefined;
  const run = readdirSync(base).find((d) => !d.startsWith('.'));
  const file = run && path.join(base, run, 'runs.jsonl');
  return file && existsSync(file) ? file : undefined;
}

/** The (one, visible) run folder under `root/<experiment>/`, once it exists. */
export function runDirUnder(root: string, experiment: string): string | undefined {
  const base = path.join(root, experiment);
  const run = existsSync(base) ? readdirSync(base).find((d) => !d.startsWith('.')) : undefined;
  return run && path.join(base, run);
}

/** stderr without the "Results go to <folder>" line run and forecast print as they start: what is left is warnings. */
export function warningsIn(stderr: string): string {
  return stderr.replace(/^Results go to .*\n/m, '');
}
