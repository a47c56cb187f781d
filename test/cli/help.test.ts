/** The CLI's help reads like a well-kept tool's: snapshots, because the wording is the point. */
import { describe, expect, it } from 'vitest';
import { pipesim } from '../helpers/cli.js';

describe('help', () => {
  it('pipesim --help', async () => {
    const result = await pipesim(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatchInlineSnapshot(`
      "Usage: pipesim [options] [command]

      Trace-driven discrete-event simulation of AI operations platforms, run as
      parallel Monte Carlo experiments.

      Options:
        -v, --version                        output the version number
        -h, --help                           display help for command

      Commands:
        run [options] [experiment]           run an experiment (one scenario, or a
                                             grid with replications)
        compare [options] <results> [other]  compare scenarios of a finished run
                                             against a baseline, or two runs of one
                                             experiment (paired, Holm-adjusted)
        forecast [options] [experiment]      find the capacity each pool needs for
                                             each growth factor
        optimize [options] [experiment]      find the cheapest platform that meets the
                                             objective for each growth factor
        merge [options] <results>            aggregate the shards of a sweep run with
                                             --shard
        worker [options]                     process runs from a queue (pair with
                                             pipesim run --queue)
        fit [options] <trace>                fit an experiment to a trace of job
                                             executions
        push [options] <results>             write a results folder to InfluxDB
        index [root]                         write results/index.html: every results
                                             folder with its status and headline
        schema [options]                     print the JSON Schema of experiment files
                                             (for editor completion)
        cache                                show or clear the run cache
        help [command]                       display help for command

      Start with:
        pipesim run experiments/baseline.yaml     one simulated year of the reference platform
        pipesim run --help                        options of a run
        pipesim compare <results> --baseline policy.scheduler=fifo
        pipesim forecast experiments/capacity.yaml  GPUs and CPUs needed as users grow
        pipesim fit experiments/traces/philly-2017-sep-oct.csv -o my-philly.yaml
        pipesim push results/<run> --influx-url http://127.0.0.1:8086   (token from INFLUX_TOKEN)

      Documentation: README.md; every experiment field: experiments/annotated.yaml
      "
    `);
  });

  it('pipesim run --help', async () => {
    const result = await pipesim(['run', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout.replace(/here \d+\)/, 'here N)')).toMatchInlineSnapshot(`
      "Usage: pipesim run [options] [experiment]

      Run an experiment file: expand its grid, run every replication on worker
      threads, and write run records and aggregates under
      results/<experiment>/<timestamp>/.

      Arguments:
        experiment                   experiment YAML file (omit with --resume)

      Options:
        -w, --workers <n>            worker threads (default: cores, here N)
        -r, --replications <n>       replications per scenario (overrides the file)
        --seed <n>                   experiment seed (overrides the file)
        --horizon <duration>         simulated time after warm-up, e.g. '30d'
                                     (overrides the file)
        --set <field=value>          override any field, e.g.
                                     platform.pools.gpu.capacity=16 (repeatable)
        -o, --out <dir>              root folder for results (default: "results")
        --resume <dir>               continue an interrupted run in this results
                                     folder
        --json                       print the summary as JSON instead of tables
        -y, --yes                    allow sweeps of more than 100,000 runs
        --no-progress                no progress display
        --queue <redis-url>          dispatch runs through a BullMQ queue to \`pipesim
                                     worker\` processes (redis://host:port)
        --timeseries <interval|off>  record time series of replication 0 of every
                                     scenario at this simulated interval, e.g. '5m'
                                     (default: hourly for a single run, off for
                                     sweeps)
        --events <share>             record this share (0-1] of tasks of replication 0
                                     as events (arrival, start, end, pool, wait)
        --influx-url <url>           also write time series, run metrics and
                                     aggregates to this InfluxDB (or INFLUX_URL; token
                                     from INFLUX_TOKEN)
        --shard <i/n>                run shard i of n (default: from
                                     JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID when
                                     set); merge with pipesim merge
        --cache-dir <dir>            the run cache: finished runs kept by identity,
                                     reused instead of run again (default:
                                     <out>/.cache)
        --no-cache                   run every run, and keep none in the cache
        -h, --help                   display help for command

      Examples:
        pipesim run experiments/baseline.yaml
        pipesim run experiments/policy-sweep.yaml --workers 4
        pipesim run experiments/baseline.yaml --set platform.pools.gpu.capacity=16 --horizon 30d
        pipesim run --resume results/policy-sweep/2026-01-01T02-00-00
        pipesim run experiments/policy-sweep.yaml --shard 2/3 --out /shared/results

      Exit codes: 0 done, 2 invalid input, 3 some runs failed, 75 stopped (e.g. disk full, a run past
      limits.runSeconds; resume later), 130 interrupted (resume later), 1 internal error.

      "
    `);
  });

  it('pipesim with no arguments prints the help', async () => {
    const result = await pipesim([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: pipesim');
  });
});
