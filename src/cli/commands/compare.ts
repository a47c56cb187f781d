/** `pipesim compare`: paired comparisons of a finished run's scenarios against a baseline. */
import path from 'node:path';
import type { Command } from 'commander';
import { loadExperiment } from '../../experiment/load.js';
import { buildComparison, buildCrossComparison, DEFAULT_COMPARE_METRICS, parseBaseline } from '../../experiment/compare.js';
import type { Experiment } from '../../config/load.js';
import { ReplicationDriver } from '../../experiment/plan.js';
import { comparisonText } from '../../report/comparison.js';
import { ResultsFolder } from '../../experiment/results-folder.js';
import { EXIT } from '../exit-codes.js';
import { UserError } from '../../core/errors.js';
import { DEFAULT_MIN_EFFECT } from '../../stats/compare.js';

interface CompareFlags {
  baseline?: string;
  metric?: string[];
  rankBy?: string;
  minEffect?: string;
  json?: boolean;
}

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .summary('compare scenarios of a finished run against a baseline, or two runs of one experiment (paired, Holm-adjusted)')
    .description('Compare every scenario of a results folder with its baseline: the scenario with the same grid values except the baseline\'s. Differences are paired by replication (common random numbers); verdicts use Holm-adjusted paired-t p-values and the smallest change that matters (better, worse, equivalent or inconclusive); scenarios are ranked within each combination of the other grid values. Writes comparison.json and comparison.md into the folder and adds the forest plot to report.html. With a second folder of the same experiment, compares each of its scenarios with the same scenario of the first instead (before → after a change), paired by replication, and writes nothing.')
    .argument('<results>', 'a results folder, e.g. results/policy-sweep/2026-01-01T02-00-00')
    .argument('[other]', 'a second results folder of the same experiment: each of its scenarios is compared with the same scenario of <results> (before → after); nothing is written')
    .option('-b, --baseline <field=value>', 'the baseline\'s grid values, e.g. policy.scheduler=fifo (comma-separated for several); required with one folder')
    .option('-m, --metric <name>', `metric to compare (repeatable; default: ${DEFAULT_COMPARE_METRICS.join(', ')})`, (v: string, acc: string[] | undefined) => [...(acc ?? []), v])
    .option('--rank-by <name>', 'metric to rank scenarios by (default: the first metric)')
    .option('--min-effect <share>', `the smallest relative change that matters, e.g. 0.05 for 5% (default: the experiment's compare.minEffect, else ${DEFAULT_MIN_EFFECT})`)
    .option('--json', 'print the report as JSON')
    .addHelpText('after', `
Examples:
  pipesim compare results/policy-sweep/2026-01-01T02-00-00 --baseline policy.scheduler=fifo
  pipesim compare results/policy-sweep/2026-01-01T02-00-00 results/policy-sweep/2026-02-01T09-30-00
`)
    .action(async (dir: string, other: string | undefined, flags: CompareFlags) => {
      const { file, baseDir } = ResultsFolder.sourceOf(dir);
      const experiment = await loadExperiment(file, { baseDir });
      const metrics = flags.metric ?? DEFAULT_COMPARE_METRICS;
      const minEffect = flags.minEffect === undefined ? experiment.compare?.minEffect ?? DEFAULT_MIN_EFFECT : Number(flags.minEffect);
      if (!(minEffect > 0 && minEffect < 1)) throw new UserError(`--min-effect: expected a relative change between 0 and 1, e.g. 0.05 for 5%; got '${flags.minEffect}'`);
      if (other !== undefined) {
        await compareFolders(dir, experiment, other, metrics, minEffect, flags.json === true);
        return;
      }
      if (flags.baseline === undefined) throw new UserError('compare: give --baseline field=value (the scenarios to compare against), or a second results folder');
      // Only this experiment's runs count; an interrupted folder is compared on what it holds, and says so.
      const folder = ResultsFolder.open(dir, experiment);
      try {
        const driver = new ReplicationDriver(experiment, experiment.baseDir, ResultsFolder.runsIn(dir));
        if (driver.foreign.length > 0) process.stderr.write(`warning: ${driver.foreign.length} record(s) in ${folder.runsFile} are not runs of this experiment; ignored\n`);
        if (!driver.finished) process.stderr.write(`warning: ${dir} holds ${driver.completed} of ${driver.planned} planned runs (interrupted); the comparison uses those only. Complete it with: pipesim run --resume ${dir}\n`);
        const report = buildComparison(experiment, driver.allResults(), { baseline: parseBaseline(flags.baseline as string), metrics, rankBy: flags.rankBy ?? (metrics[0] as string), minEffect });
        folder.writeComparison(report);
        process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${comparisonText(report)}\n\nWritten: ${path.join(dir, 'comparison.json')}, comparison.md\n`);
        process.exitCode = EXIT.ok;
      } finally {
        folder.close();
      }
    });
}

/** `pipesim compare A B`: B's scenarios against A's of the same label; read-only. */
async function compareFolders(dir: string, experiment: Experiment, otherDir: string, metrics: readonly string[], minEffect: number, json: boolean): Promise<void> {
  const source = ResultsFolder.sourceOf(otherDir);
  const other = await loadExperiment(source.file, { baseDir: source.baseDir });
  if (other.name !== experiment.name) throw new UserError(`${otherDir} holds experiment '${other.name}', ${dir} holds '${experiment.name}': compare two runs of one experiment`);
  // Every recorded run as it stands: a folder from before a change of model or policy module is
  // compared as recorded, not judged by today's code (whose run keys it would no longer match).
  const finished = (d: string) => [...new Map(ResultsFolder.runsIn(d).map((r) => [r.runId, r])).values()];
  const { report, unmatched } = buildCrossComparison(
    { name: path.basename(path.resolve(dir)), experiment, runs: finished(dir) },
    { name: path.basename(path.resolve(otherDir)), experiment: other, runs: finished(otherDir) },
    metrics, minEffect,
  );
  if (unmatched.length > 0) process.stderr.write(`warning: scenario(s) in only one of the folders, left out: ${unmatched.join('; ')}\n`);
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${comparisonText(report)}\n`);
  process.exitCode = EXIT.ok;
}
