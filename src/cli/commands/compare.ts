/** `pipesim compare`: paired comparisons of a finished run's scenarios against a baseline. */
import path from 'node:path';
import type { Command } from 'commander';
import { loadExperiment } from '../../experiment/load.js';
import { buildComparison, DEFAULT_COMPARE_METRICS, parseBaseline } from '../../experiment/compare.js';
import { ReplicationDriver } from '../../experiment/plan.js';
import { comparisonText } from '../../report/comparison.js';
import { ResultsFolder } from '../../experiment/results-folder.js';
import { EXIT } from '../exit-codes.js';
import { UserError } from '../../core/errors.js';
import { DEFAULT_MIN_EFFECT } from '../../stats/compare.js';

interface CompareFlags {
  baseline: string;
  metric?: string[];
  rankBy?: string;
  minEffect?: string;
  json?: boolean;
}

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .summary('compare scenarios of a finished run against a baseline (paired, Holm-adjusted)')
    .description('Compare every scenario of a results folder with its baseline: the scenario with the same grid values except the baseline\'s. Differences are paired by replication (common random numbers); verdicts use Holm-adjusted paired-t p-values and the smallest change that matters (better, worse, equivalent or inconclusive); scenarios are ranked within each combination of the other grid values. Writes comparison.json and comparison.md into the folder and adds the forest plot to report.html.')
    .argument('<results>', 'a results folder, e.g. results/policy-sweep/2026-01-01T02-00-00')
    .requiredOption('-b, --baseline <field=value>', 'the baseline\'s grid values, e.g. policy.scheduler=fifo (comma-separated for several)')
    .option('-m, --metric <name>', `metric to compare (repeatable; default: ${DEFAULT_COMPARE_METRICS.join(', ')})`, (v: string, acc: string[] | undefined) => [...(acc ?? []), v])
    .option('--rank-by <name>', 'metric to rank scenarios by (default: the first metric)')
    .option('--min-effect <share>', `the smallest relative change that matters, e.g. 0.05 for 5% (default: the experiment's compare.minEffect, else ${DEFAULT_MIN_EFFECT})`)
    .option('--json', 'print the report as JSON')
    .addHelpText('after', `
Example:
  pipesim compare results/policy-sweep/2026-01-01T02-00-00 --baseline policy.scheduler=fifo
`)
    .action(async (dir: string, flags: CompareFlags) => {
      const { file, baseDir } = ResultsFolder.sourceOf(dir);
      const experiment = await loadExperiment(file, { baseDir });
      const metrics = flags.metric ?? DEFAULT_COMPARE_METRICS;
      const minEffect = flags.minEffect === undefined ? experiment.compare?.minEffect ?? DEFAULT_MIN_EFFECT : Number(flags.minEffect);
      if (!(minEffect > 0 && minEffect < 1)) throw new UserError(`--min-effect: expected a relative change between 0 and 1, e.g. 0.05 for 5%; got '${flags.minEffect}'`);
      // Only this experiment's runs count; an interrupted folder is compared on what it holds, and says so.
      const folder = ResultsFolder.open(dir, experiment);
      try {
        const driver = new ReplicationDriver(experiment, experiment.baseDir, ResultsFolder.runsIn(dir));
        if (driver.foreign.length > 0) process.stderr.write(`warning: ${driver.foreign.length} record(s) in ${folder.runsFile} are not runs of this experiment; ignored\n`);
        if (!driver.finished) process.stderr.write(`warning: ${dir} holds ${driver.completed} of ${driver.planned} planned runs (interrupted); the comparison uses those only. Complete it with: pipesim run --resume ${dir}\n`);
        const report = buildComparison(experiment, driver.allResults(), { baseline: parseBaseline(flags.baseline), metrics, rankBy: flags.rankBy ?? (metrics[0] as string), minEffect });
        folder.writeComparison(report);
        process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${comparisonText(report)}\n\nWritten: ${path.join(dir, 'comparison.json')}, comparison.md\n`);
        process.exitCode = EXIT.ok;
      } finally {
        folder.close();
      }
    });
}
