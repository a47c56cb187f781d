/** `pipesim fit`: write an experiment whose workload is fitted to a trace. */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { parse } from 'yaml';
import { UserError } from '../../core/errors.js';
import { loadExperiment } from '../../experiment/load.js';
import { DEFAULT_KS_LEVEL } from '../../fit/families.js';
import { offeredLoad } from '../../fit/load.js';
import { fitTrace, fittedExperiment, safeName } from '../../fit/fit-trace.js';
import { describeFit, experimentYaml, fitReportHtml } from '../../fit/report.js';
import { checkMapping, parseColumnsFlag, TRACE_FIELDS } from '../../trace/columns.js';
import { readTrace } from '../../trace/read.js';
import { TIME_UNITS, type TimeUnit } from '../../trace/timestamps.js';

interface FitFlags {
  output?: string;
  columns?: string;
  mapping?: string;
  maxKs?: string;
  ksLevel: string;
  timeUnit?: string;
  dropZeroUnits?: boolean;
  minTenantRows: string;
  seed: string;
  name?: string;
  force?: boolean;
  wholeTrace?: boolean;
}

const positiveNumber = (flag: string, text: string, integer = false): number => {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new UserError(`${flag}: expected ${integer ? 'a whole number' : 'a number'} > 0, got '${text}'`);
  return n;
};

export function registerFit(program: Command): void {
  program
    .command('fit')
    .summary('fit an experiment to a trace of job executions')
    .description(`Read a trace (CSV, or JSONL for .jsonl/.ndjson) of job or task executions and write a complete experiment whose workload is fitted to it: interarrival times by maximum likelihood (exponential, Weibull, exponentiated Weibull, lognormal, gamma; the data's own distribution when none fits both shape and mean), the hour x weekday arrival profile, durations per task kind and tenant, the units mix and the pool capacity seen. Writes <output>, <output>.fit.html and <output>.fit.json.

Trace fields (mapped by --columns or --mapping; unmapped ones are found by common names):
${Object.entries(TRACE_FIELDS).map(([f, d]) => `  ${f.padEnd(10)}${d}`).join('\n')}`)
    .argument('<trace>', 'the trace file')
    .option('-o, --output <file>', 'the experiment to write (default: experiments/<trace name>.yaml)')
    .option('--columns <pairs>', 'field=column pairs, e.g. submit=timestamp,units=num_gpus,tenant=cluster')
    .option('--mapping <file>', 'a YAML file of field: column')
    .option('--max-ks <distance>', "accept a family when its Kolmogorov-Smirnov distance is at most this (default: the critical value at the sample's size, so a larger sample needs a closer fit)")
    .option('--ks-level <alpha>', 'significance level of that critical value', String(DEFAULT_KS_LEVEL))
    .option('--time-unit <unit>', 'how numbers in time columns count: s, ms, us or ns since 1970 (default: told by their magnitude)')
    .option('--drop-zero-units', 'leave out (and count) jobs that used no units, instead of modelling them on a cpu pool')
    .option('--min-tenant-rows <n>', 'tenants with fewer jobs of a kind share its overall duration model', '50')
    .option('--seed <n>', 'seed for spreading whole-second timestamps within their second', '1')
    .option('--name <name>', 'experiment name (default: the output file name)')
    .option('--whole-trace', "fit arrivals over every row, not only the window of steady arrivals (a trace's sparse lead-in or tail is left out by default)")
    .option('--force', 'overwrite the output if it exists')
    .addHelpText('after', `
Examples:
  pipesim fit experiments/traces/synthetic-jobs.csv -o my-platform.yaml
  pipesim fit jobs.csv --columns submit=submitted_at,duration=runtime_s,units=gpus -o experiments/mine.yaml`)
    .action(async (traceFile: string, flags: FitFlags) => {
      const maxKs = flags.maxKs === undefined ? undefined : positiveNumber('--max-ks', flags.maxKs);
      const ksLevel = positiveNumber('--ks-level', flags.ksLevel);
      if (ksLevel >= 1) throw new UserError(`--ks-level: expected a level between 0 and 1, got '${flags.ksLevel}'`);
      if (flags.timeUnit !== undefined && !(flags.timeUnit in TIME_UNITS)) throw new UserError(`--time-unit: expected one of ${Object.keys(TIME_UNITS).join(', ')}, got '${flags.timeUnit}'`);
      const timeUnit = flags.timeUnit as TimeUnit | undefined;
      const minTenantRows = positiveNumber('--min-tenant-rows', flags.minTenantRows, true);
      const seed = positiveNumber('--seed', flags.seed, true);
      let mapping = flags.columns ? parseColumnsFlag(flags.columns) : {};
      if (flags.mapping) {
        let text: string;
        try {
          text = await readFile(flags.mapping, 'utf8');
        } catch {
          throw new UserError(`${flags.mapping}: cannot read the mapping file`);
        }
        mapping = { ...checkMapping(parse(text), flags.mapping), ...mapping };
      }
      const base = path.basename(traceFile).replace(/\.(csv|jsonl|ndjson|txt)$/i, '');
      const output = flags.output ?? path.join('experiments', `${base}.yaml`);
      if (!/\.ya?ml$/i.test(output)) throw new UserError(`--output: expected a .yaml file, got '${output}'`);
      if (existsSync(output) && !flags.force) throw new UserError(`${output} exists`, 'pass --force to overwrite it');
      const name = safeName(flags.name ?? path.basename(output).replace(/\.ya?ml$/i, ''));

      const trace = await readTrace(traceFile, mapping, timeUnit ? { timeUnit } : {});
      const fit = fitTrace(trace, { ...(maxKs !== undefined ? { maxKs } : {}), ksLevel, minTenantRows, seed, wholeTrace: flags.wholeTrace === true, dropZeroUnits: flags.dropZeroUnits === true });
      const summary = describeFit(fit);
      const traceLabel = path.relative(path.dirname(path.resolve(output)), path.resolve(traceFile)).split(path.sep).join('/');
      const experiment = fittedExperiment(fit, name, traceLabel);
      const header = [
        `Fitted by \`pipesim fit ${traceFile}\` on ${new Date().toISOString().slice(0, 10)}. Numbers without units are seconds.`,
        `Goodness of fit (details and CDF plots: ${path.basename(output).replace(/\.ya?ml$/i, '')}.fit.html):`,
        ...summary.map((l) => `  ${l}`),
        'Jobs are single-task pipelines; the capacity is the peak seen in the trace. To replay the trace',
        `itself instead, see experiments/philly-replay.yaml (workload.replay: { trace: ${traceLabel} }).`,
      ];
      await mkdir(path.dirname(path.resolve(output)), { recursive: true });
      // Beside the shipped schema, the file points editors at it (completion and checks as you type).
      const schemaLine = existsSync(path.join(path.dirname(output), 'pipesim.schema.json')) ? '# yaml-language-server: $schema=./pipesim.schema.json\n' : '';
      await writeFile(output, `${schemaLine}${experimentYaml(experiment, header)}`);
      const stem = output.replace(/\.ya?ml$/i, '');
      await writeFile(`${stem}.fit.html`, fitReportHtml(fit, `Fit of ${path.basename(traceFile)}`));
      await writeFile(`${stem}.fit.json`, `${JSON.stringify({
        trace: traceFile, arrivals: trace.rows, complete: trace.complete, columns: trace.columns, timeUnits: trace.timeUnits,
        skipped: trace.skipped, incomplete: trace.incomplete, outOfOrder: trace.outOfOrder,
        window: { ...fit.window, arrivalsFitted: fit.arrivals, droppedZeroUnits: fit.droppedZeroUnits },
        load: offeredLoad(fit),
        interarrival: { ...fit.interarrival, scaledTo: fit.interarrivalSpec }, kinds: fit.kinds.map(({ traceKind: _, ...k }) => k), pools: fit.pools, tenants: fit.tenants,
      }, null, 2)}\n`);
      // The written file must load: a fit that writes an invalid experiment is a bug.
      await loadExperiment(output);
      process.stdout.write(`${summary.join('\n')}\n\nWrote ${output}, ${stem}.fit.html and ${stem}.fit.json\nRun it: pipesim run ${output}\n`);
    });
}
