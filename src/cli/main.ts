/**
 * The `pipesim` command. User errors (bad input, bad flags) print one message without a
 * stack and exit 2; anything else is a bug: its stack is printed and the exit code is 1.
 */
import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { UserError } from '../core/errors.js';
import { registerRun } from './commands/run.js';
import { registerCompare } from './commands/compare.js';
import { registerForecast } from './commands/forecast.js';
import { registerMerge } from './commands/merge.js';
import { registerWorker } from './commands/worker.js';
import { registerFit } from './commands/fit.js';
import { registerPush } from './commands/push.js';
import { registerIndex } from './commands/index-page.js';
import { registerSchema } from './commands/schema.js';
import { registerCache } from './commands/cache.js';
import { EXIT } from './exit-codes.js';

// dist/src/cli/ when built, src/cli/ when run from source (tests, docs generation).
const packageJson = import.meta.url.includes('/dist/') ? '../../../package.json' : '../../package.json';
const version = (createRequire(import.meta.url)(packageJson) as { version: string }).version;

/** Builds the command tree (exported for help snapshots in tests). */
export function buildProgram(): Command {
  const program = new Command('pipesim')
    .description('Trace-driven discrete-event simulation of AI operations platforms, run as parallel Monte Carlo experiments.')
    .version(version, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  registerRun(program);
  registerCompare(program);
  registerForecast(program);
  registerMerge(program);
  registerWorker(program);
  registerFit(program);
  registerPush(program);
  registerIndex(program);
  registerSchema(program);
  registerCache(program);
  program.addHelpText('after', `
Start with:
  pipesim run experiments/baseline.yaml     one simulated year of the reference platform
  pipesim run --help                        options of a run
  pipesim compare <results> --baseline policy.scheduler=fifo
  pipesim forecast experiments/capacity.yaml  GPUs and CPUs needed as users grow
  pipesim fit experiments/traces/philly-2017-sep-oct.csv -o my-philly.yaml
  pipesim push results/<run> --influx-url http://127.0.0.1:8086   (token from INFLUX_TOKEN)

Documentation: README.md; every experiment field: experiments/annotated.yaml`);
  return program;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.ok;
    }
    process.exitCode = EXIT.ok;
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.userError;
    }
    if (error instanceof UserError) {
      process.stderr.write(`pipesim: ${error.message.split('\n').join('\npipesim: ')}\n`);
      if (error.hint) process.stderr.write(`hint: ${error.hint}\n`);
      return error.exitCode;
    }
    process.stderr.write(`pipesim: internal error (a bug; please report it with the command you ran)\n${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return EXIT.bug;
  }
}
