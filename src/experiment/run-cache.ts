/**
 * Finished runs kept by their identity key (run-identity.ts): a run is a pure function of what
 * its key covers, so a stored result stands in for running it again — a grid grown by one value,
 * a sweep re-run after a crash elsewhere, a forecast revisiting a capacity. One file per run,
 * written to a temporary name and renamed into place, so shards and coordinators sharing the
 * folder fill it at once without a torn entry. Runs that record series or task events are not
 * kept (their recordings would have to be too); failed runs are not kept either: their error
 * may come from outside the run (a dead worker) and deserves another try.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunResult } from '../core/records.js';
import { isWriteError } from '../output/results-dir.js';
import type { RunSpec } from './run-spec.js';

/** Where a results root keeps its cache unless told otherwise. */
export const CACHE_FOLDER = '.cache';

/** --cache-dir, or the cache beside the results: <out>/.cache (for a resumed folder, the root above it). */
export function cacheDirFor(flags: { out: string; cacheDir?: string | undefined }, resumeDir?: string): string {
  if (flags.cacheDir !== undefined) return flags.cacheDir;
  return path.join(resumeDir !== undefined ? path.dirname(path.dirname(path.resolve(resumeDir))) : flags.out, CACHE_FOLDER);
}

export class RunCache {
  constructor(readonly dir: string) {}

  private fileOf(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /** Whether a run of `spec` may be served from, and stored in, the cache. */
  static keeps(spec: Pick<RunSpec, 'seriesInterval' | 'eventSample'>): boolean {
    return spec.seriesInterval === undefined && spec.eventSample === undefined;
  }

  /** The stored result of `spec`'s run, as this experiment names it (run id, scenario index), or undefined. */
  get(spec: RunSpec): RunResult | undefined {
    if (!RunCache.keeps(spec)) return undefined;
    let stored: RunResult;
    try {
      stored = JSON.parse(readFileSync(this.fileOf(spec.key), 'utf8')) as RunResult;
    } catch {
      return undefined;
    }
    // The key covers the scenario's content, not its place in a grid: the same run may be scenario 3 here and 0 there.
    if (stored.key !== spec.key || stored.status !== 'ok' || stored.seed !== spec.seed || stored.replication !== spec.replication) return undefined;
    return { ...stored, runId: spec.runId, scenarioIndex: spec.scenarioIndex };
  }

  /** Keeps `result` (a finished run's record, without recordings) under its key. */
  put(result: RunResult, spec: Pick<RunSpec, 'seriesInterval' | 'eventSample'>): void {
    if (result.status !== 'ok' || !RunCache.keeps(spec)) return;
    const file = this.fileOf(result.key);
    mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.partial`;
    writeFileSync(partial, JSON.stringify(result));
    renameSync(partial, file);
  }

  /** How many runs are kept, and their bytes on disk. */
  stats(): { runs: number; bytes: number } {
    let runs = 0;
    let bytes = 0;
    for (const file of this.files()) {
      runs++;
      bytes += statSync(file).size;
    }
    return { runs, bytes };
  }

  /** Removes every kept run; returns how many there were. */
  clear(): number {
    const count = this.files().length;
    rmSync(this.dir, { recursive: true, force: true });
    return count;
  }

  private files(): string[] {
    let shards: string[];
    try {
      shards = readdirSync(this.dir);
    } catch {
      return [];
    }
    return shards.flatMap((shard) => {
      try {
        return readdirSync(path.join(this.dir, shard)).filter((f) => f.endsWith('.json')).map((f) => path.join(this.dir, shard, f));
      } catch {
        return [];
      }
    });
  }
}

/**
 * One command's use of a cache: counts what it served, and a cache it cannot write to (a full or
 * read-only disk) is said once and left aside: the results folder is what must not lose a run.
 */
export class CacheUse {
  served = 0;
  private broken = false;

  constructor(private readonly cache: RunCache, private readonly onNotice?: (message: string) => void) {}

  get(spec: RunSpec): RunResult | undefined {
    const stored = this.cache.get(spec);
    if (stored) this.served++;
    return stored;
  }

  put(result: RunResult, spec: Pick<RunSpec, 'seriesInterval' | 'eventSample'>): void {
    if (this.broken) return;
    try {
      this.cache.put(result, spec);
    } catch (error) {
      if (!isWriteError(error)) throw error;
      this.broken = true;
      this.onNotice?.(`the run cache ${this.cache.dir} cannot be written (${error.code ?? '?'}); runs go on without it`);
    }
  }
}
