/** `pipesim forecast`: the capacity each pool needs as users grow (an experiment's `forecast:`). */
import { CACHE_FOLDER, cacheDirFor, CacheUse, RunCache } from '../../experiment/run-cache.js';
import type { Command } from 'commander';
import { UserError } from '../../core/errors.js';
import { loadExperiment } from '../../experiment/load.js';
import { defaultWorkers } from '../../experiment/index.js';
import { runForecast, searchedPrices } from '../../experiment/forecast.js';
import { type ForecastReport } from '../../output/documents.js';
import { isWriteError, type Manifest } from '../../output/results-dir.js';
import { forecastText } from '../../report/forecast.js';
import { formatMetric } from '../../report/format.js';
import { ResultsFolder } from '../../experiment/results-folder.js';
import { EXIT } from '../exit-codes.js';
import { collect, interruptOnSignals, overridesFrom, workerCount, type OverrideFlags } from '../overrides.js';

interface ForecastFlags extends OverrideFlags {
  cache: boolean;
  cacheDir?: string;
  workers?: string;
  out: string;
  resume?: string;
  json?: boolean;
  progress: boolean;
}

export function registerForecast(program: Command): void {
  forecastCommand(program, 'forecast', false)
    .summary('find the capacity each pool needs for each growth factor')
    .description('For each growth factor of the experiment\'s forecast: section, find by bisection the smallest capacity of each listed pool that meets the objective on the upper bound of its confidence interval; with a price for every searched pool (cost.pools.<pool>.unitHour), also the cheapest platform of all pools together. Every answer is re-checked on fresh replications (one unit less in each pool must miss). Records each evaluation as it finishes; writes forecast.json, forecast.md and report.html under results/<experiment>/<timestamp>/.');
  forecastCommand(program, 'optimize', true)
    .summary('find the cheapest platform that meets the objective for each growth factor')
    .description('The forecast of the experiment\'s forecast: section with prices required: for each growth factor, the capacities of all searched pools together that minimise the price per hour (cost.pools.<pool>.unitHour) subject to the objective on its confidence bound, next to the pool-by-pool answer, with the saving, the runner-up and the evaluations it took; each answer re-checked on fresh replications. Same outputs and --resume as forecast.');
}

function forecastCommand(program: Command, name: string, needsPrices: boolean): Command {
  return program
    .command(name)
    .argument('[experiment]', 'experiment YAML file with a forecast: section (see experiments/capacity.yaml; omit with --resume)')
    .option('-w, --workers <n>', `worker threads (default: cores, here ${defaultWorkers()})`)
    .option('-r, --replications <n>', 'replications per evaluated capacity (overrides forecast.replications)')
    .option('--seed <n>', 'experiment seed (overrides the file)')
    .option('--horizon <duration>', "simulated time after warm-up, e.g. '30d' (overrides the file)")
    .option('--set <field=value>', 'override any field, e.g. forecast.growth=[1,2] (repeatable)', collect)
    .option('-o, --out <dir>', 'root folder for results', 'results')
    .option('--resume <dir>', 'continue an interrupted forecast in this results folder')
    .option('--json', 'print the report as JSON')
    .option('--no-progress', 'no progress lines')
    .option('--cache-dir <dir>', `the run cache: finished runs kept by identity, reused instead of run again (default: <out>/${CACHE_FOLDER})`)
    .option('--no-cache', 'run every run, and keep none in the cache')
    .addHelpText('after', `
Examples:
  pipesim ${name} experiments/capacity.yaml
  pipesim ${name} experiments/capacity.yaml --replications 8 --horizon 60d
  pipesim ${name} --resume results/capacity/2026-01-01T02-00-00

Exit codes: 0 done, 2 invalid input, 3 a run failed (a policy's bug), 75 stopped (e.g. disk full, a run past
limits.runSeconds; resume later), 130 interrupted (resume later), 1 internal error.
`)
    .action(async (file: string | undefined, flags: ForecastFlags) => {
      process.exitCode = await forecast(file, flags, needsPrices);
    });
}

async function forecast(file: string | undefined, flags: ForecastFlags, needsPrices: boolean): Promise<number> {
  const workers = flags.workers === undefined ? defaultWorkers() : workerCount(flags.workers);
  const set = overridesFrom(flags, 'forecast.replications');
  let source: string;
  let resumeManifest: Manifest | undefined;
  if (flags.resume !== undefined) {
    if (file !== undefined) throw new UserError('give either an experiment file or --resume <results folder>, not both');
    if (set.length > 0) throw new UserError('--resume continues a forecast exactly as it started; --set, --seed, --replications and --horizon cannot change it');
    const from = ResultsFolder.sourceOf(flags.resume);
    resumeManifest = from.manifest;
    source = from.file;
  } else {
    if (file === undefined) throw new UserError('missing the experiment file', 'usage: pipesim forecast <experiment.yaml>   (see pipesim forecast --help)');
    source = file;
  }
  const experiment = await loadExperiment(source, { set, ...(resumeManifest ? { baseDir: resumeManifest.baseDir } : {}) });
  if (!experiment.forecast) throw new UserError(`${source}: no forecast: section`, 'add forecast: { growth: [...], pools: [...], objective: { metric, max } } (see experiments/capacity.yaml)');
  if (needsPrices && !searchedPrices(experiment, experiment.forecast)) {
    const unpriced = experiment.forecast.pools.filter((p) => !((experiment.scenarios[0]?.scenario.cost?.pools[p]?.unitHour ?? 0) > 0));
    throw new UserError(`${source}: cost.pools.${unpriced[0]}.unitHour: pipesim optimize needs a price per unit-hour above 0 for every searched pool (forecast.pools); missing for ${unpriced.join(', ')}`, 'add cost: { pools: { <pool>: { unitHour: <price> } } } (see experiments/capacity.yaml), or use pipesim forecast for the pool-by-pool answer');
  }
  if (experiment.scenarios.length > 1) throw new UserError(`${source}: a forecast searches one scenario; remove grid: (growth and capacities are what it varies)`);

  const folder = flags.resume !== undefined ? ResultsFolder.open(flags.resume, experiment, resumeManifest) : ResultsFolder.create(flags.out, experiment, source);
  const dir = folder.dir;
  process.stderr.write(`Results go to ${dir}\n`);
  const interrupt = interruptOnSignals();
  const cache = flags.cache ? new CacheUse(new RunCache(cacheDirFor(flags, flags.resume)), (m) => process.stderr.write(`warning: ${m}\n`)) : undefined;
  let report: ForecastReport;
  try {
    folder.setStatus('running');
    const metric = experiment.forecast.objective.metric;
    report = await runForecast(experiment, experiment.forecast, {
      workers, signal: interrupt.signal, known: folder.recordedEvaluations(), ...(cache ? { cache } : {}),
      onEvaluation: (e) => {
        folder.recordEvaluation(e);
        if (flags.progress && !flags.json) {
          const capacities = Object.entries(e.capacities).map(([p, c]) => `${p}=${c}`).join(' ');
          process.stderr.write(`growth ${e.growth}×  ${capacities}  ${metric} ≤ ${formatMetric(metric, e.interval.high)}  ${e.meets ? 'meets' : 'misses'}${e.fresh ? '  (fresh replications: checking an answer)' : ''}\n`);
        }
      } });
    folder.writeForecast(report);
    folder.setStatus(report.complete ? 'complete' : 'interrupted', cache?.served);
  } catch (error) {
    if (!isWriteError(error)) throw error;
    throw folder.stopped(error, 'The evaluations', `pipesim forecast --resume ${dir}`);
  } finally {
    interrupt.dispose();
    folder.close();
  }
  process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${forecastText(report)}\n\n${cache?.served ? `From cache     ${cache.served} run(s)\n` : ''}Results        ${dir}\n`);
  if (!report.complete) {
    process.stderr.write(`\nStopped early${report.stoppedBy ? ` (${report.stoppedBy})` : ''}: ${report.steps.length} of ${experiment.forecast.growth.length} growth factor(s) answered; every finished evaluation is in ${folder.evaluationsFile}.\nContinue with: pipesim forecast --resume ${dir}\n`);
    return report.stoppedBy ? EXIT.stopped : EXIT.interrupted;
  }
  return EXIT.ok;
}
