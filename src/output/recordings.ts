/**
 * What runs record beyond their metrics, in the results folder as InfluxDB line protocol:
 * timeseries/<run>.lp, events/<run>.lp, runs.lp (each run's metrics, appended as runs finish)
 * and scenarios.lp (the aggregates, rewritten with the summary). `pipesim push` sends exactly
 * these files, so a server ends up with what a live run would have written.
 */
import { appendFileSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Experiment } from '../config/load.js';
import type { SummaryDocument } from './documents.js';
import type { RunResult } from '../core/records.js';
import { eventLines, runLines, runTags, scenarioLines, seriesLines } from './line-protocol.js';

export const SERIES_DIR = 'timeseries';
export const EVENTS_DIR = 'events';
export const RUNS_LP = 'runs.lp';
export const SCENARIOS_LP = 'scenarios.lp';

type OkRun = Extract<RunResult, { status: 'ok' }>;

/** The end of a scenario's run in simulated seconds (the time of its metric points). */
const endOf = (experiment: Experiment, scenarioIndex: number) => {
  const s = (experiment.scenarios[scenarioIndex] as Experiment['scenarios'][number]).scenario;
  return s.warmup + s.horizon;
};

/** The run a folder holds: its name, or for a shard the sharded sweep's, so all shards tag alike. */
const runName = (dir: string) => (SHARD.test(path.basename(dir)) ? path.basename(path.dirname(dir)) : path.basename(dir));
const SHARD = /^shard-\d+-of-\d+$/;

const tagsOf = (experiment: Experiment, dir: string, scenarioIndex: number, replication?: number) => {
  const entry = experiment.scenarios[scenarioIndex] as Experiment['scenarios'][number];
  return runTags(experiment.name, runName(dir), entry.label, Object.fromEntries(entry.overrides), replication);
};

/** Lines are written (and handed on) this many at a time, so no recording is ever one string. */
const CHUNK_LINES = 4096;

/** Writes `lines` to the open file `fd` a chunk at a time, handing each chunk to `onLines`. */
export function writeLines(fd: number, lines: Iterable<string>, onLines?: (chunk: string[]) => void): void {
  let chunk: string[] = [];
  const flush = () => {
    if (chunk.length === 0) return;
    writeFileSync(fd, `${chunk.join('\n')}\n`);
    onLines?.(chunk);
    chunk = [];
  };
  for (const l of lines) {
    chunk.push(l);
    if (chunk.length >= CHUNK_LINES) flush();
  }
  flush();
}

/** The file of run `runId`'s recordings in `folder` (created). */
export function recordingFile(dir: string, folder: string, runId: string): string {
  mkdirSync(path.join(dir, folder), { recursive: true });
  return path.join(dir, folder, `${runId}.lp`);
}

/** The tags of a run's lines. */
export const runTagsOf = (experiment: Experiment, dir: string, result: Pick<RunResult, 'scenarioIndex' | 'replication'>) =>
  tagsOf(experiment, dir, result.scenarioIndex, result.replication);

function writeFile(file: string, lines: Iterable<string>, onLines?: (chunk: string[]) => void): void {
  const fd = openSync(file, 'w');
  try {
    writeLines(fd, lines, onLines);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a finished run's recordings into `dir`, handing their lines to `onLines` (for a
 * server) a chunk at a time, and returns the result without its recordings (for runs.jsonl
 * and the aggregates).
 */
export function recordRun(dir: string, experiment: Experiment, result: RunResult, onLines?: (chunk: string[]) => void): RunResult {
  if (result.status !== 'ok') return result;
  const { series, taskEvents, firstEvent, ...slim } = result as OkRun;
  const tags = tagsOf(experiment, dir, result.scenarioIndex, result.replication);
  const save = (folder: string, content: Iterable<string>) => writeFile(recordingFile(dir, folder, result.runId), content, onLines);
  if (series) save(SERIES_DIR, seriesLines(series, tags, experiment.start));
  if (taskEvents) save(EVENTS_DIR, eventLines(taskEvents, tags, experiment.start, firstEvent));
  const metrics = runLines(slim.metrics, tags, experiment.start, endOf(experiment, result.scenarioIndex));
  if (metrics.length > 0) {
    appendFileSync(path.join(dir, RUNS_LP), `${metrics.join('\n')}\n`);
    onLines?.(metrics);
  }
  return slim;
}

/** Rewrites scenarios.lp from the summary and returns its lines. */
export function recordScenarios(dir: string, experiment: Experiment, summary: SummaryDocument): string[] {
  const lines = summary.scenarios.flatMap((s) => scenarioLines(s.metrics, tagsOf(experiment, dir, s.index), experiment.start, endOf(experiment, s.index)));
  writeFileSync(path.join(dir, SCENARIOS_LP), lines.length > 0 ? `${lines.join('\n')}\n` : '');
  return lines;
}

/** Every line-protocol file of a results folder, in a stable order. */
export function recordingFiles(dir: string): string[] {
  const files: string[] = [];
  for (const folder of [SERIES_DIR, EVENTS_DIR]) {
    const at = path.join(dir, folder);
    if (existsSync(at)) files.push(...readdirSync(at).filter((f) => f.endsWith('.lp')).sort().map((f) => path.join(at, f)));
  }
  for (const f of [RUNS_LP, SCENARIOS_LP]) if (existsSync(path.join(dir, f))) files.push(path.join(dir, f));
  return files;
}

/**
 * The lines of a line-protocol file, handed to `onLines` a block at a time so that a file of
 * any size is read in bounded memory (a line cut short by a hard kill is dropped).
 */
export function forEachLines(file: string, onLines: (lines: string[]) => void): void {
  const fd = openSync(file, 'r');
  try {
    const block = Buffer.alloc(1 << 20);
    // A character may straddle two blocks; the decoder holds its first bytes back.
    const decoder = new StringDecoder('utf8');
    let rest = '';
    for (let read = readSync(fd, block); read > 0; read = readSync(fd, block)) {
      const text = rest + decoder.write(block.subarray(0, read));
      const end = text.lastIndexOf('\n');
      rest = text.slice(end + 1);
      if (end >= 0) onLines(text.slice(0, end).split('\n').filter((l) => l !== ''));
    }
  } finally {
    closeSync(fd);
  }
}

/** Every line of a (small) line-protocol file. */
export function readLines(file: string): string[] {
  const all: string[] = [];
  forEachLines(file, (lines) => { for (const l of lines) all.push(l); });
  return all;
}

/** Splits a line at unescaped spaces: measurement+tags, fields, timestamp. */
export function splitLine(l: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < l.length; i++) {
    const c = l[i] as string;
    if (c === '\\' && i + 1 < l.length) {
      current += c + (l[i + 1] as string);
      i++;
    } else if (c === ' ') {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

/** Gathers the shards' recordings into the merged folder `dir` (each line once). */
export function mergeRecordings(dir: string, shardDirs: readonly string[]): void {
  const runLines = new Set<string>();
  for (const shard of shardDirs) {
    for (const file of recordingFiles(shard)) {
      const name = path.basename(file);
      const folder = path.basename(path.dirname(file));
      if (name === RUNS_LP) readLines(file).forEach((l) => runLines.add(l));
      else if (folder === SERIES_DIR || folder === EVENTS_DIR) {
        mkdirSync(path.join(dir, folder), { recursive: true });
        copyFileSync(file, path.join(dir, folder, name));
      }
    }
  }
  writeFileSync(path.join(dir, RUNS_LP), runLines.size > 0 ? `${[...runLines].join('\n')}\n` : '');
}
