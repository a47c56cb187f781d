/** `pipesim run`: run (or resume) an experiment and print its summary. */
import { CACHE_FOLDER, cacheDirFor, RunCache } from '../../experiment/run-cache.js';
import { importOptional, QUEUE_PACKAGES } from '../../core/optional.js';
import path from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../core/errors.js';
import { loadExperiment } from '../../experiment/load.js';
import { defaultWorkers, runExperiment } from '../../experiment/index.js';
import { outcomeJson } from '../../output/files.js';
import { terminalSummary } from '../../report/terminal.js';
import { runList } from '../../report/format.js';
import { comparisonText } from '../../report/comparison.js';
import { createProgress } from '../progress.js';
import { parseShard, shardFromEnvironment } from '../../experiment/shard.js';
import { ResultsFolder } from '../../experiment/results-folder.js';
import { EXIT } from '../exit-codes.js';
import { collect, interruptOnSignals, overridesFrom, workerCount } from '../overrides.js';
import { formatDuration, parseDuration } from '../../config/units.js';
import { describeInflux, droppedValues, influxTarget } from '../../output/influx.js';
import { ANNOUNCED_SWEEP_EVENTS, describeEstimate } from '../../model/estimate.js';
import { describeNotReplayed } from '../../model/replay.js';

interface RunFlags {
  workers?: string;
  replications?: string;
  seed?: string;
  horizon?: string;
  set?: string[];
  out: string;
  resume?: string;
  json?: boolean;
  yes?: boolean;
  progress: boolean;
  shard?: string;
  queue?: string;
  timeseries?: string;
  events?: string;
  influxUrl?: string;
  cache: boolean;
  cacheDir?: string;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .summary('run an experiment (one scenario, or a grid with replications)')
    .description('Run an experiment file: expand its grid, run every replication on worker threads, and write run records and aggregates under results/<experiment>/<timestamp>/.')
    .argument('[experiment]', 'experiment YAML file (omit with --resume)')
    .option('-w, --workers <n>', `worker threads (default: cores, here ${defaultWorkers()})`)
    .option('-r, --replications <n>', 'replications per scenario (overrides the file)')
    .option('--seed <n>', 'experiment seed (overrides the file)')
    .option('--horizon <duration>', "simulated time after warm-up, e.g. '30d' (overrides the file)")
    .option('--set <field=value>', 'override any field, e.g. platform.pools.gpu.capacity=16 (repeatable)', collect)
    .option('-o, --out <dir>', 'root folder for results', 'results')
    .option('--resume <dir>', 'continue an interrupted run in this results folder')
    .option('--json', 'print the summary as JSON instead of tables')
    .option('-y, --yes', 'allow sweeps of more than 100,000 runs')
    .option('--no-progress', 'no progress display')
    .option('--queue <redis-url>', 'dispatch runs through a BullMQ queue to `pipesim worker` processes (redis://host:port)')
    .option('--timeseries <interval|off>', "record time series of replication 0 of every scenario at this simulated interval, e.g. '5m' (default: hourly for a single run, off for sweeps)")
    .option('--events <share>', 'record this share (0-1] of tasks of replication 0 as events (arrival, start, end, pool, wait)')
    .option('--influx-url <url>', 'also write time series, run metrics and aggregates to this InfluxDB (or INFLUX_URL; token from INFLUX_TOKEN)')
    .option('--shard <i/n>', 'run shard i of n (default: from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID when set); merge with pipesim merge')
    .option('--cache-dir <dir>', `the run cache: finished runs kept by identity, reused instead of run again (default: <out>/${CACHE_FOLDER})`)
    .option('--no-cache', 'run every run, and keep none in the cache')
    .addHelpText('after', `
Examples:
  pipesim run experiments/baseline.yaml
  pipesim run experiments/policy-sweep.yaml --workers 4
  pipesim run experiments/baseline.yaml --set platform.pools.gpu.capacity=16 --horizon 30d
  pipesim run --resume results/policy-sweep/2026-01-01T02-00-00
  pipesim run experiments/policy-sweep.yaml --shard 2/3 --out /shared/results

Exit codes: 0 done, 2 invalid input, 3 some runs failed, 75 stopped (e.g. disk full, a run past
limits.runSeconds; resume later), 130 interrupted (resume later), 1 internal error.
`)
    .action(async (file: string | undefined, flags: RunFlags) => {
      process.exitCode = await run(file, flags);
    });
}

const RUN_SECONDS = 'limits.runSeconds';

async function run(file: string | undefined, flags: RunFlags): Promise<number> {
  const set = overridesFrom(flags);
  const workers = flags.workers === undefined ? defaultWorkers() : workerCount(flags.workers);
  if (flags.out.trim() === '') throw new UserError("--out expects a folder, got ''");

  let resumeDir: string | undefined;
  let experimentFile: string;
  let baseDir: string | undefined;
  if (flags.resume !== undefined) {
    if (file !== undefined) throw new UserError('give either an experiment file or --resume <results folder>, not both');
    // The wall-clock limit is not part of any run's identity: a resume may give overrun runs longer.
    if (set.some(([p]) => p !== RUN_SECONDS)) throw new UserError(`--resume continues a run exactly as it started; --set (except ${RUN_SECONDS}), --seed, --replications and --horizon cannot change it`);
    resumeDir = flags.resume;
    ({ file: experimentFile, baseDir } = ResultsFolder.sourceOf(flags.resume));
  } else {
    if (file === undefined) throw new UserError('missing the experiment file', 'usage: pipesim run <experiment.yaml>   (see pipesim run --help)');
    experimentFile = file;
  }
  let timeseries: number | false | undefined;
  if (flags.timeseries !== undefined) {
    timeseries = flags.timeseries === 'off' ? false : parseDuration(flags.timeseries);
    if (timeseries === undefined || (timeseries !== false && !(timeseries > 0))) throw new UserError(`--timeseries expects an interval such as 5m, or off; got '${flags.timeseries}'`);
  }
  let events: number | undefined;
  if (flags.events !== undefined) {
    events = Number(flags.events);
    if (!(events > 0 && events <= 1)) throw new UserError(`--events expects a share in (0, 1], got '${flags.events}'`);
  }
  const experiment = await loadExperiment(experimentFile, {
    set, yes: flags.yes ?? false, ...(baseDir ? { baseDir } : {}), ...(timeseries !== undefined ? { timeseries } : {}), ...(events !== undefined ? { events } : {}) });
  const queue = flags.queue === undefined ? undefined : await importOptional(() => import('../../scale/queue.js'), QUEUE_PACKAGES, '--queue');
  if (queue && flags.queue) await queue.checkQueueReachable(flags.queue);
  const influx = influxTarget(flags, process.env, experiment.influx);
  const shard = flags.shard !== undefined ? parseShard(flags.shard) : resumeDir === undefined ? shardFromEnvironment() : undefined;
  if (shard && resumeDir) throw new UserError('--shard and --resume do not go together: a shard continues by itself when run again');

  if (experiment.estimate.events > ANNOUNCED_SWEEP_EVENTS && !flags.json) process.stderr.write(`${describeEstimate(experiment.estimate)}\n`);
  for (const note of experiment.replays) {
    const left = describeNotReplayed(note);
    if (left.length > 0) process.stderr.write(`${note.trace}: replaying ${note.replayed.toLocaleString('en-US')} of its ${note.rows.toLocaleString('en-US')} rows (kept in run.json):\n${left.map((l) => `  ${l}`).join('\n')}\n`);
  }
  const progress = createProgress(flags.progress && !flags.json);
  const interrupt = interruptOnSignals(() => progress.stop());
  const started = performance.now();
  try {
    const outcome = await runExperiment(experiment, {
      workers, resultsRoot: flags.out, signal: interrupt.signal, onStart: (dir) => { if (!flags.json) progress.note(`Results go to ${dir}`); }, onNotice: (m) => process.stderr.write(`warning: ${m}\n`), onProgress: (p) => progress.update(p),
      ...(resumeDir ? { resumeDir } : {}), ...(shard ? { shard } : {}), ...(queue && flags.queue ? { dispatcher: queue.queueDispatcher(flags.queue) } : {}),
      ...(influx ? { influx } : {}), ...(flags.cache ? { cache: new RunCache(cacheDirFor(flags, resumeDir)) } : {}) });
    progress.stop();
    const elapsed = (performance.now() - started) / 1000;
    process.stdout.write(flags.json ? outcomeJson(outcome) : `${terminalSummary(outcome.summary, outcome.dir, elapsed, outcome.fromCache)}\n`);
    if (outcome.comparison && !flags.json) process.stdout.write(`\n${comparisonText(outcome.comparison)}\n`);
    if (outcome.influx) (outcome.influx.failed > 0 || droppedValues(outcome.influx) > 0 ? process.stderr : process.stdout).write(`${describeInflux(outcome.influx, outcome.dir, experiment.start)}\n`);
    if (shard && !outcome.interrupted) {
      process.stderr.write(`\nShard ${shard.index + 1}/${shard.count} done. When every shard is: pipesim merge ${path.dirname(outcome.dir)}\n`);
    }
    if (outcome.overran.length > 0 && !outcome.interrupted) {
      const ids = outcome.overran.map((o) => o.runId);
      process.stderr.write(`\n${runList(ids)} took longer than limits.runSeconds (${formatDuration(outcome.overran[0]?.seconds ?? NaN)} of wall-clock time) and were stopped; they are not in the results.\n`
        + `Run them again with: pipesim run --resume ${outcome.dir}   (to give them longer: add --set limits.runSeconds=2h)\n`);
      return EXIT.stopped;
    }
    if (outcome.interrupted) {
      process.stderr.write(`\nStopped early; finished runs are in ${outcome.dir}.\nContinue with: pipesim run --resume ${outcome.dir}\n`);
      return EXIT.interrupted;
    }
    return outcome.summary.runs.failed > 0 ? EXIT.runsFailed : EXIT.ok;
  } finally {
    progress.stop();
    interrupt.dispose();
  }
}
