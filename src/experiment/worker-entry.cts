/**
 * piscina's entry for our worker threads: a CommonJS module that loads the ES-module worker
 * with import(). piscina loads its filename with require() first; on Node 20.19+ that is
 * require() of an ES module, which with many threads starting at once aborts V8 ("FATAL
 * ERROR: v8::Module::IsGraphAsync must be used on an instantiated module", 1 in 8 starts of
 * 100 threads here). require() of this file is plain CommonJS, and import() is the ESM loader.
 */
import type { RunResult } from '../core/records.js';
import type { RunTask } from './run-spec.js';

type Execute = (task: RunTask) => Promise<RunResult>;
let execute: Promise<Execute> | undefined;

module.exports = async function run(task: RunTask): Promise<RunResult> {
  execute ??= import('./worker.js').then((m: { executeRun: Execute }) => m.executeRun);
  return (await execute)(task);
};
