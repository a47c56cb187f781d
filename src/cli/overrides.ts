/** Command-line flags that change an experiment before it is validated (`--set`, `--seed`, …), and Ctrl-C handling. */
import { parse as parseYaml } from 'yaml';
import { UserError } from '../core/errors.js';
import type { Overrides } from '../config/grid.js';
import { EXIT } from './exit-codes.js';
import { MAX_WORKERS } from '../experiment/run-pool.js';

export function positiveInteger(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`${flag} expects a whole number ≥ 1, got '${value}'`);
  return n;
}

/** `--set a.b=value`: the value is read as YAML, so numbers, booleans and lists work. */
export function parseSet(entry: string): [string, unknown] {
  const eq = entry.indexOf('=');
  if (eq <= 0) throw new UserError(`--set expects field.path=value, got '${entry}'`);
  try {
    return [entry.slice(0, eq).trim(), parseYaml(entry.slice(eq + 1))];
  } catch (error) {
    throw new UserError(`--set ${entry}: the value is not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`, "quote it, e.g. --set 'tasks.t.duration={ dist: exponential, mean: 5m }'");
  }
}

/** `--seed`: a whole number written in decimal (not '', not 0x10). */
function parseSeed(text: string): number {
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(Number(text))) throw new UserError(`--seed expects a whole number ≥ 0 in decimal, got '${text}'`);
  return Number(text);
}

/** `--workers`: a whole number from 1 to MAX_WORKERS (each thread costs memory and a start; 1e9 is a typo). */
export function workerCount(text: string): number {
  const n = positiveInteger('--workers', text);
  if (n > MAX_WORKERS) throw new UserError(`--workers expects at most ${MAX_WORKERS} threads, got ${n}`, 'to use more cores, run shards or pipesim worker on several machines');
  return n;
}

/** Collects a repeatable option's values. */
export const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

export interface OverrideFlags {
  set?: string[];
  seed?: string;
  replications?: string;
  horizon?: string;
}

/** The overrides the flags ask for; `replicationsField` is where --replications goes. */
export function overridesFrom(flags: OverrideFlags, replicationsField = 'replications'): Overrides {
  const set: Overrides = (flags.set ?? []).map(parseSet);
  if (flags.seed !== undefined) set.push(['seed', parseSeed(flags.seed)]);
  if (flags.replications !== undefined) set.push([replicationsField, positiveInteger('--replications', flags.replications)]);
  // A bare number is seconds, as in the file.
  if (flags.horizon !== undefined) set.push(['horizon', /^\s*\d+(\.\d+)?\s*$/.test(flags.horizon) ? Number(flags.horizon) : flags.horizon]);
  return set;
}

/**
 * The first SIGINT or SIGTERM aborts the returned signal (the command keeps what it finished);
 * a second one quits at once.
 */
export function interruptOnSignals(beforeMessage?: () => void): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT.interrupted);
    // The progress bar ends first, so the line below starts clean and nothing redraws over it.
    beforeMessage?.();
    process.stderr.write('Interrupted: keeping every finished run (Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
