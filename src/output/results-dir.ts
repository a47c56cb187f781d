/**
 * The results folder of one experiment run: results/<experiment>/<timestamp>/ with a
 * manifest (run.json) that marks it as PipeSim's, and runs.jsonl, appended one line per
 * finished run so that an interruption loses nothing that was finished.
 */
import { appendFileSync, closeSync, existsSync, fstatSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { StoppedError, UserError } from '../core/errors.js';
import type { ReplayNote, RunResult } from '../core/records.js';

export const MANIFEST = 'run.json';
export const RUNS_FILE = 'runs.jsonl';
export const RESOLVED_FILE = 'experiment.resolved.yaml';

/** What run.json says. */
export interface Manifest {
  format: 'pipesim-run';
  version: 1;
  experiment: string;
  /** The experiment file as given, and its folder (against which policy paths resolve). */
  source: string;
  baseDir: string;
  createdAt: string;
  status: 'running' | 'interrupted' | 'complete';
  /** Runs whose results came from the run cache (absent when none did). */
  fromCache?: number;
  /** Each replayed trace: rows, arrivals, rows replayed, and what was left out by reason with line numbers. */
  replays?: ReplayNote[];
  /** Simulated time 0 as a date (what `start: now` was resolved to, too). */
  start?: string;
}

/** The manifest of a results folder that starts now for `experiment` read from `source`. */
export function newManifest(experiment: { name: string; baseDir: string; start?: number }, source: string): Manifest {
  return {
    format: 'pipesim-run', version: 1, experiment: experiment.name, source, baseDir: experiment.baseDir, createdAt: new Date().toISOString(), status: 'running',
    ...(experiment.start !== undefined ? { start: new Date(experiment.start * 1000).toISOString() } : {}),
  };
}

/** An error of the file system (a full disk, a read-only or vanished folder): it stops a command, it is not a bug. */
export function isWriteError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/** The error that ends a command whose write to `dir` failed: what is kept there, and the command that continues. */
export function stoppedByWrite(error: NodeJS.ErrnoException, dir: string, kept: string, resume: string): StoppedError {
  return new StoppedError(`could not write to ${dir}: ${error.code ?? '?'} (${error.message}). ${kept} recorded there are kept`, `free space or fix the folder's permissions, then continue with: ${resume}`);
}

/**
 * A new folder under `root/<experiment>/`, named by the local start time, holding `files`
 * (run.json, the resolved experiment) from the moment it appears: it is assembled under a
 * hidden name and renamed into place, so a kill at any instant never leaves a folder that
 * looks like a run but cannot be resumed.
 */
export function createRunDir(root: string, experiment: string, files: Record<string, string>, now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}-${pad(now.getMinutes())}-${pad(now.getSeconds())}`;
  const parent = path.join(root, experiment);
  mkdirSync(parent, { recursive: true });
  const partial = mkdtempSync(path.join(parent, `.${stamp}.partial-`));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(partial, name), content);
  for (let i = 1; ; i++) {
    const dir = path.join(parent, i === 1 ? stamp : `${stamp}-${i}`);
    if (existsSync(dir)) continue;
    try {
      renameSync(partial, dir);
      return dir;
    } catch (error) {
      // Another process took the name between the check and the rename: try the next.
      if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY' && (error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** The text of run.json. */
export const manifestText = (manifest: Manifest) => `${JSON.stringify(manifest, null, 2)}\n`;

/** Rewrites run.json atomically (a kill mid-write leaves the old one, never a torn one). */
export function writeManifest(dir: string, manifest: Manifest): void {
  const file = path.join(dir, MANIFEST);
  writeFileSync(`${file}.tmp`, manifestText(manifest));
  renameSync(`${file}.tmp`, file);
}

/** Reads run.json; a UserError if `dir` is not a PipeSim results folder. */
export function readManifest(dir: string): Manifest {
  const file = path.join(dir, MANIFEST);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new UserError(`${dir} is not a PipeSim results folder (no readable ${MANIFEST})`, 'give a folder such as results/<experiment>/<timestamp>/');
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as Manifest).format !== 'pipesim-run') {
    throw new UserError(`${file} is not a PipeSim run manifest`);
  }
  return parsed as Manifest;
}

/** Appends one finished run (one JSON line; append is atomic enough for a single writer). */
export function appendRun(dir: string, run: RunResult, parameters: Record<string, unknown>): void {
  appendFileSync(path.join(dir, RUNS_FILE), `${JSON.stringify(runRecord(run, parameters))}\n`);
}

/** The runs.jsonl record: identity, scenario parameters, outcome, metrics. */
export function runRecord(run: RunResult, parameters: Record<string, unknown>): Record<string, unknown> {
  const { runId, key, scenarioIndex, replication, seed, wallSeconds, ...outcome } = run;
  return { runId, key, scenarioIndex, replication, seed, parameters, ...outcome, wallSeconds };
}

/**
 * Cuts runs.jsonl back to its last complete line (a write cut short by a kill or a full
 * disk), so the next record starts on a line of its own; returns the bytes dropped.
 */
export function repairTornTail(dir: string): number {
  const file = path.join(dir, RUNS_FILE);
  if (!existsSync(file)) return 0;
  const fd = openSync(file, 'r+');
  try {
    const size = fstatSync(fd).size;
    // Scan back from the end for the last newline, a block at a time.
    const block = Buffer.alloc(64 * 1024);
    for (let end = size; end > 0;) {
      const start = Math.max(0, end - block.length);
      const read = readSync(fd, block, 0, end - start, start);
      const at = block.subarray(0, read).lastIndexOf(0x0a);
      if (at >= 0) {
        const keep = start + at + 1;
        if (keep < size) ftruncateSync(fd, keep);
        return size - keep;
      }
      end = start;
    }
    if (size > 0) ftruncateSync(fd, 0);
    return size;
  } finally {
    closeSync(fd);
  }
}

/** Every complete line of runs.jsonl (a line cut short by a hard kill is ignored). */
export function readRuns(dir: string): RunResult[] {
  const file = path.join(dir, RUNS_FILE);
  if (!existsSync(file)) return [];
  const out: RunResult[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const record = JSON.parse(line) as RunResult & { parameters?: unknown };
      delete record.parameters;
      if (record.status === 'ok') {
        // JSON has no NaN: metrics that were undefined come back as null.
        for (const [k, v] of Object.entries(record.metrics)) if (v === null) record.metrics[k] = NaN;
      }
      out.push(record);
    } catch {
      // A torn last line from an interrupted write: that run simply reruns.
    }
  }
  return out;
}
