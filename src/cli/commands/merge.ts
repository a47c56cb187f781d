/** `pipesim merge`: aggregate the shard folders of a sharded sweep into one run. */
import type { Command } from 'commander';
import { mergeShards } from '../../experiment/merge.js';
import { outcomeJson } from '../../output/files.js';
import { terminalSummary } from '../../report/terminal.js';
import { EXIT } from '../exit-codes.js';

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .summary('aggregate the shards of a sweep run with --shard')
    .description('Merge the shard-<i>-of-<n>/ folders written by `pipesim run --shard` into one run: runs.jsonl and the same summary.json a single machine gives. Lists the runs still missing.')
    .argument('<results>', 'the folder the shards wrote into, e.g. results/policy-sweep/sharded-<hash>')
    .option('--json', 'print the summary as JSON (with the comparison, when the experiment makes one), as run --json does')
    .action(async (dir: string, flags: { json?: boolean }) => {
      const outcome = await mergeShards(dir);
      if (outcome.foreign > 0) process.stderr.write(`warning: ${outcome.foreign} record(s) in the shards are not runs of this experiment; left out\n`);
      process.stdout.write(flags.json ? outcomeJson(outcome) : `Merged ${outcome.shards} shard(s).\n${terminalSummary(outcome.summary, outcome.dir, 0)}\n`);
      if (outcome.missing.length > 0) {
        process.stderr.write(`\n${outcome.missing.length} run(s) missing (run their shards again): ${outcome.missing.slice(0, 20).join(', ')}${outcome.missing.length > 20 ? ', …' : ''}\n`);
        process.exitCode = EXIT.incomplete;
        return;
      }
      process.exitCode = outcome.summary.runs.failed > 0 ? EXIT.runsFailed : EXIT.ok;
    });
}
