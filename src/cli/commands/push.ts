/** `pipesim push`: write a finished results folder to InfluxDB, idempotently. */
import path from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../core/errors.js';
import { loadExperiment } from '../../experiment/load.js';
import { describeInflux, droppedValues, influxTarget, InfluxSink } from '../../output/influx.js';
import { forEachLines, recordingFiles } from '../../output/recordings.js';
import { ResultsFolder } from '../../experiment/results-folder.js';
import { EXIT } from '../exit-codes.js';

export function registerPush(program: Command): void {
  program
    .command('push')
    .summary('write a results folder to InfluxDB')
    .description("Write a results folder's time series, task events, run metrics and scenario aggregates (its *.lp files) to InfluxDB. The points are the ones a live run writes, with the same tags and timestamps, so pushing twice, or after a partly failed live write, creates no duplicates. On VictoriaMetrics it reads back what the server kept. Exits 75 if some points were not written, or were accepted and dropped (a retention shorter than the simulated dates).")
    .argument('<results>', 'a results folder, e.g. results/baseline/2026-01-01T02-00-00')
    .option('--influx-url <url>', 'InfluxDB URL (or INFLUX_URL, or the experiment\'s influx: section); token from INFLUX_TOKEN')
    .action(async (dir: string, flags: { influxUrl?: string }) => {
      const { file, baseDir } = ResultsFolder.sourceOf(dir);
      const experiment = await loadExperiment(file, { baseDir });
      const target = influxTarget(flags, process.env, experiment.influx);
      if (!target) throw new UserError('no InfluxDB to push to', 'give --influx-url, set INFLUX_URL, or add influx: { url: ... } to the experiment');
      const sink = new InfluxSink(target);
      for (const file of recordingFiles(dir)) forEachLines(file, (lines) => sink.write(lines));
      const outcome = await sink.close(path.basename(path.resolve(dir)));
      const message = describeInflux(outcome, dir, experiment.start);
      const lost = outcome.failed > 0 || droppedValues(outcome) > 0;
      (lost ? process.stderr : process.stdout).write(`${message}\n`);
      // Points not written (the server is down or refusing) or dropped (its retention): pushing again later, or anchored otherwise, completes the copy.
      process.exitCode = lost ? EXIT.stopped : EXIT.ok;
    });
}
