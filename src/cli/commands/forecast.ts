/** `pipesim forecast`: the capacity each pool needs as users grow (an experiment's `forecast:`). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { UserError } from '../../config/errors.js';
import { loadExperiment } from '../../config/load.js';
import { defaultWorkers } from '../../experiment/index.js';
import { runForecast } from '../../experiment/forecast.js';
import { createRunDir, RESOLVED_FILE, writeManifest } from '../../output/results-dir.js';
import { forecastMarkdown, forecastText } from '../../report/forecast.js';
import { formatMetric } from '../../report/format.js';
import { reportHtml } from '../../report/html.js';
import { EXIT } from '../exit-codes.js';

interface ForecastFlags {
  workers?: string;
  out: string;
  json?: boolean;
  progress: boolean;
}

export function registerForecast(program: Command): void {
  program
    .command('forecast')
    .summary('find the capacity each pool needs for each growth factor')
    .description('For each growth factor of the experiment\'s forecast: section, find by bisection the smallest capacity of each listed pool that meets the objective on the upper bound of its confidence interval. Writes forecast.json, forecast.md and report.html under results/<experiment>/<timestamp>/.')
    .argument('<experiment>', 'experiment YAML file with a forecast: section (see experiments/capacity.yaml)')
    .option('-w, --workers <n>', 'worker threads (default: cores)')
    .option('-o, --out <dir>', 'root folder for results', 'results')
    .option('--json', 'print the report as JSON')
    .option('--no-progress', 'no progress lines')
    .action(async (file: string, flags: ForecastFlags) => {
      const workers = flags.workers === undefined ? defaultWorkers() : Number(flags.workers);
      if (!Number.isInteger(workers) || workers < 1) throw new UserError(`--workers expects a whole number ≥ 1, got '${flags.workers}'`);
      const experiment = await loadExperiment(file);
      if (!experiment.forecast) throw new UserError(`${file}: no forecast: section`, 'add forecast: { growth: [...], pools: [...], objective: { metric, max } } (see experiments/capacity.yaml)');
      if (experiment.scenarios.length > 1) throw new UserError(`${file}: a forecast searches one scenario; remove grid: (growth and capacities are what it varies)`);
      const dir = createRunDir(flags.out, experiment.name);
      writeManifest(dir, { format: 'pipesim-run', version: 1, experiment: experiment.name, source: file, baseDir: experiment.baseDir, createdAt: new Date().toISOString(), status: 'running' });
      writeFileSync(path.join(dir, RESOLVED_FILE), stringify(experiment.resolved));
      const metric = experiment.forecast.objective.metric;
      const report = await runForecast(experiment, experiment.forecast, workers, (growth, e) => {
        if (flags.progress && !flags.json) {
          const capacities = Object.entries(e.capacities).map(([p, c]) => `${p}=${c}`).join(' ');
          process.stderr.write(`growth ${growth}×  ${capacities}  ${metric} ≤ ${formatMetric(metric, e.interval.high)}  ${e.meets ? 'meets' : 'misses'}\n`);
        }
      });
      writeFileSync(path.join(dir, 'forecast.json'), `${JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
      writeFileSync(path.join(dir, 'forecast.md'), `# ${experiment.name}: capacity forecast\n\n${forecastMarkdown(report)}`);
      writeFileSync(path.join(dir, 'report.html'), reportHtml({ title: `${experiment.name}: capacity forecast`, resolved: experiment.resolved, forecast: report }));
      writeManifest(dir, { format: 'pipesim-run', version: 1, experiment: experiment.name, source: file, baseDir: experiment.baseDir, createdAt: new Date().toISOString(), status: 'complete' });
      process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${forecastText(report)}\n\nResults        ${dir}\n`);
      process.exitCode = EXIT.ok;
    });
}
