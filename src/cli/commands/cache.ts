/** `pipesim cache stats|clear`: the run cache (experiment/run-cache.ts). */
import path from 'node:path';
import type { Command } from 'commander';
import { formatSize } from '../../config/units.js';
import { CACHE_FOLDER, RunCache } from '../../experiment/run-cache.js';
import { EXIT } from '../exit-codes.js';

interface CacheFlags {
  out: string;
  cacheDir?: string;
}

const cacheOf = (flags: CacheFlags) => new RunCache(flags.cacheDir ?? path.join(flags.out, CACHE_FOLDER));

export function registerCache(program: Command): void {
  const cache = program
    .command('cache')
    .summary('show or clear the run cache')
    .description(`The run cache keeps every finished run by its identity (scenario, seed, replication, the contents of the policy modules and traces it reads, the model's version), so that run, forecast, --resume and shards never run the same run twice. It lives in <out>/${CACHE_FOLDER} unless --cache-dir says otherwise; runs that record time series or task events are not kept.`);
  const options = (command: Command) => command
    .option('-o, --out <dir>', 'root folder for results (the cache is its .cache/)', 'results')
    .option('--cache-dir <dir>', 'the cache folder itself');
  options(cache.command('stats').description('how many runs the cache keeps, and their size'))
    .action((flags: CacheFlags) => {
      const { runs, bytes } = cacheOf(flags).stats();
      process.stdout.write(`${runs} run(s), ${formatSize(bytes)} in ${cacheOf(flags).dir}\n`);
      process.exitCode = EXIT.ok;
    });
  options(cache.command('clear').description('remove every kept run'))
    .action((flags: CacheFlags) => {
      const removed = cacheOf(flags).clear();
      process.stdout.write(`removed ${removed} run(s) from ${cacheOf(flags).dir}\n`);
      process.exitCode = EXIT.ok;
    });
}
