/**
 * `npm run bench`: PipeSim's speed, measured in one run against baselines measured in the
 * same run (machines here are shared and noisy, so only ratios travel):
 *   1. engine events/s on M/M/8 at utilisation 0.9 (1,000,000 customers), in processes of
 *      its own at the start and at the end, and on the baseline platform, next to a minimal
 *      hand-written heap loop of the same M/M/c (the ceiling), and the event kernel alone on
 *      that M/M/c, in its own process (to separate the kernel's cost from the model's);
 *   2. wall time per simulated year of the baseline on one worker;
 *   3. parallel speed-up and efficiency of a 40-run sweep at 1 worker and at one per core, and
 *      the same sweep with the run cache on: cold, then again with every run from the cache;
 *   4. peak RSS of a worker for 1 and 5 simulated years (must not grow with the horizon), two
 *      processes each;
 *   3c. variance reduction: CI half-widths of mean wait with control variates and antithetic
 *      pairs against plain, on M/M/4 and on the shipped baseline and policy sweep;
 *   5. the same M/M/c in SimPy 2.3 (Debian's python3-simpy), if installed, at the start and
 *      at the end.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadExperiment } from '../src/experiment/load.js';
import { runExperiment } from '../src/experiment/index.js';
import { CACHE_FOLDER, RunCache } from '../src/experiment/run-cache.js';
import { loadScheduler, runScenario } from '../src/model/index.js';
import { coverageStudy } from './mmc.js';
import { aggregate, median } from '../src/stats/index.js';
import type { RunResult } from '../src/core/records.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const C = 8;
const MU = 1;
const LAMBDA = 0.9 * C * MU;
const CUSTOMERS = 1_000_000;
// Five rounds per burst: on a shared VM a neighbour can slow a round by a third; both sides get the same rounds.
const ROUNDS = 5;

interface Row { what: string; value: string; against: string; ratio: string }
const fmt = (x: number, digits = 2) => x.toFixed(digits);
const millions = (rate: number) => `${fmt(rate / 1e6)} M events/s`;

function best<T>(rounds: number, measure: () => T, score: (t: T) => number): T {
  let top: T | undefined;
  for (let i = 0; i < rounds; i++) {
    const t = measure();
    if (top === undefined || score(t) > score(top)) top = t;
  }
  return top as T;
}

// 1. M/M/c: ours and the ceiling, interleaved so that both see the same load, in a process of
//    their own (see against-ceiling.ts). Two such processes, one now and one at the end of the
//    bench, two minutes apart, each best of ROUNDS: a neighbour's burst on a shared VM lasts
//    seconds to a minute, and the best of rounds it could all fall into would measure it.
const mmcArgs = [C, LAMBDA, MU, CUSTOMERS, ROUNDS].map(String);
let oursBest = 0;
let ceilingBest = 0;
const againstCeiling = (subject: 'engine' | 'kernel') =>
  JSON.parse(execFileSync(process.execPath, [path.join(here, 'against-ceiling.js'), subject, ...mmcArgs], { encoding: 'utf8' })) as Record<typeof subject | 'ceiling', number>;
const mmcRounds = (): void => {
  const run = againstCeiling('engine');
  oursBest = Math.max(oursBest, run.engine);
  ceilingBest = Math.max(ceilingBest, run.ceiling);
};
mmcRounds();
// The kernel alone, against the ceiling measured beside it, in a process of its own.
const kernelRun = againstCeiling('kernel');

// 5. SimPy 2.3, the original PipeSim's kernel family, on the same M/M/c: the best of two runs,
//    one here and one at the end, spread as the engine's rounds are.
const simpyScript = path.resolve(here, '../../scripts/simpy_mmc.py');
const python = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import SimPy.Simulation'], { stdio: 'ignore' }).status === 0);
const simpyEventsPerSecond = (seed: number): number => {
  const result = JSON.parse(execFileSync(python as string, [simpyScript, String(C), String(LAMBDA), String(MU), String(CUSTOMERS), String(seed)], { encoding: 'utf8' })) as { customers: number; wallSeconds: number };
  return (2 * result.customers) / result.wallSeconds;
};
let simpyBest = python ? simpyEventsPerSecond(1) : 0;

// 1b/2. The baseline platform, one simulated year, one worker (this thread).
const baselineFile = path.resolve(here, '../../experiments/baseline.yaml');
const baseline = await loadExperiment(baselineFile);
const baselineScenario = baseline.scenarios[0]!.scenario;
const scheduler = await loadScheduler(baselineScenario.policy.scheduler, path.dirname(baselineFile));
const year = best(ROUNDS, () => {
  const started = performance.now();
  const out = runScenario(baselineScenario, scheduler, baseline.seed, 0);
  return { events: out.events, seconds: (performance.now() - started) / 1000 };
}, (r) => -r.seconds);
const years = baselineScenario.horizon / (365 * 86400);

// 3. Parallel sweep: 40 replications of the baseline, one simulated year each (runs long enough
//    that thread start-up and JIT warm-up in each worker, ~0.5 s, are small next to them).
const cores = Math.max(1, os.availableParallelism());
const sweep = await loadExperiment(baselineFile, { set: [['replications', 40]] });
const sweepSeconds = async (workers: number) => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pipesim-bench-'));
  const started = performance.now();
  await runExperiment(sweep, { workers, resultsRoot: root });
  const seconds = (performance.now() - started) / 1000;
  rmSync(root, { recursive: true, force: true });
  return seconds;
};
// Best of three each, alternating, as for the engine: a shared machine's neighbours come and go
// (and take more from the run that needs every core).
let serial = Infinity;
let parallel = Infinity;
for (let round = 0; round < 3; round++) {
  serial = Math.min(serial, await sweepSeconds(1));
  parallel = Math.min(parallel, await sweepSeconds(cores));
}
const speedup = serial / parallel;

// 3b. The run cache: the same sweep with the cache on, cold (what keeping each run costs), then
//     again (every run served from the cache: what a re-run after a crash or a grown grid saves).
const cacheSeconds = async (root: string) => {
  const started = performance.now();
  await runExperiment(sweep, { workers: cores, resultsRoot: root, cache: new RunCache(path.join(root, CACHE_FOLDER)) });
  return (performance.now() - started) / 1000;
};
const cacheRoot = mkdtempSync(path.join(os.tmpdir(), 'pipesim-bench-'));
const cachedCold = await cacheSeconds(cacheRoot);
const cachedWarm = await cacheSeconds(cacheRoot);
rmSync(cacheRoot, { recursive: true, force: true });

// 3c. Variance reduction: half-widths of mean wait at equal replications, with and without.
//     M/M/4 (ρ 0.8, 10 replications of 5,000 customers, 100 macro-replications: the mean
//     half-width), and the shipped platforms (the summary's own half-width ratio, the median
//     over scenarios for the sweep). Ratios of widths: not times, so not noisy.
const mmcCase = { c: 4, rho: 0.8, customersPerRun: 5000, replications: 10, macroReplications: 100, level: 0.95 };
const mmcPlain = coverageStudy(mmcCase).meanHalfWidth;
const mmcControlled = coverageStudy({ ...mmcCase, varianceReduction: { controlVariates: true, antithetic: false } }).meanHalfWidth;
const mmcAntithetic = coverageStudy({ ...mmcCase, varianceReduction: { controlVariates: false, antithetic: true } }).meanHalfWidth;
// Each scenario's ratio in the experiment's own first 10 replications, and its median over `sets`
// independent sets of 10 (one set's ratio is itself noisy: a rare jammed replication decides it).
const controlledRatio = async (file: string, sets: number) => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'pipesim-bench-'));
  const experiment = await loadExperiment(path.resolve(here, '../../experiments', file), { set: [['varianceReduction', { controlVariates: true }], ['replications', 10 * sets]] });
  const { dir } = await runExperiment(experiment, { workers: cores, resultsRoot: root });
  const runs = readFileSync(path.join(dir, 'runs.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as RunResult);
  rmSync(root, { recursive: true, force: true });
  const ratioOf = (set: number) => experiment.scenarios.map((sc, index) => {
    const mine = runs.filter((r) => r.scenarioIndex === index && r.replication >= 10 * set && r.replication < 10 * (set + 1));
    const [summary] = aggregate([{ index, label: sc.label, parameters: {} }], mine, 0.95, { controlVariates: true, antithetic: false });
    return summary?.varianceReduction?.halfWidthRatio['pipeline.wait.mean'] ?? NaN;
  });
  return { own: median(ratioOf(0)), sets: median(Array.from({ length: sets }, (_, set) => ratioOf(set)).flat()) };
};
const baselineRatio = await controlledRatio('baseline.yaml', 6);
const sweepRatio = await controlledRatio('policy-sweep.yaml', 3);

// 4. Peak RSS of one worker's run, 1 and 5 simulated years, each in fresh processes.
const runOnce = path.join(here, 'run-once.js');
const peakRss = (horizon: string) => (JSON.parse(execFileSync(process.execPath, [runOnce, baselineFile, horizon], { encoding: 'utf8' })) as { peakRssMB: number }).peakRssMB;
// Two processes per horizon: now and then a late GC lifts one process's peak by ~20 MB
// whatever the horizon, which would read as growth. Flatness compares the lower peaks; the
// limit is checked against the highest.
const peaks = ['365d', '1825d'].map((horizon) => [peakRss(horizon), peakRss(horizon)]);
const [rss1, rss5] = peaks.map((p) => Math.min(...p)) as [number, number];
const rssHighest = Math.max(...peaks.flat());

// The second burst of M/M/c rounds and of SimPy.
mmcRounds();
if (python) simpyBest = Math.max(simpyBest, simpyEventsPerSecond(2));

const rows: Row[] = [
  { what: 'M/M/8, ρ 0.9, 1M customers: engine', value: millions(oursBest), against: `ceiling loop ${millions(ceilingBest)}`, ratio: `${fmt(oursBest / ceilingBest)} (target ≥ 0.70)` },
  { what: 'same M/M/8: event kernel alone, no model', value: millions(kernelRun.kernel), against: `ceiling loop ${millions(kernelRun.ceiling)}`, ratio: fmt(kernelRun.kernel / kernelRun.ceiling) },
  { what: 'baseline platform, 1 simulated year: engine', value: millions(year.events / year.seconds), against: `ceiling loop ${millions(ceilingBest)}`, ratio: fmt(year.events / year.seconds / ceilingBest) },
  { what: 'baseline: wall time per simulated year, 1 worker', value: `${fmt(year.seconds / years, 3)} s`, against: 'target ≤ 1 s', ratio: fmt(year.seconds / years / 1) },
  { what: `40-run sweep: 1 worker vs ${cores} workers`, value: `${fmt(serial, 1)} s vs ${fmt(parallel, 1)} s`, against: `speed-up ${fmt(speedup)}`, ratio: `efficiency ${fmt(speedup / cores)} (target ≥ 0.90)` },
  { what: `40-run sweep, ${cores} workers, run cache on: cold`, value: `${fmt(cachedCold, 1)} s`, against: `cache off ${fmt(parallel, 1)} s`, ratio: `cost of keeping runs ${fmt(cachedCold / parallel)}` },
  { what: 'the same sweep again: every run from the cache', value: `${fmt(cachedWarm, 2)} s`, against: `cold ${fmt(cachedCold, 1)} s`, ratio: `${fmt(cachedCold / cachedWarm, 0)}× faster` },
  { what: 'peak RSS of a worker: 1 vs 5 simulated years', value: `${fmt(rss1, 0)} MB vs ${fmt(rss5, 0)} MB`, against: `target ≤ 150 MB (highest ${fmt(rssHighest, 0)} MB), flat`, ratio: `5y/1y ${fmt(rss5 / rss1)}` },
  { what: 'M/M/4 ρ 0.8, 10 reps: mean-wait CI half-width, control variates', value: fmt(mmcControlled, 3), against: `plain ${fmt(mmcPlain, 3)}`, ratio: `${fmt(mmcControlled / mmcPlain)} (target ≤ 0.70)` },
  { what: 'same M/M/4: antithetic pairs (5 pairs)', value: fmt(mmcAntithetic, 3), against: `plain ${fmt(mmcPlain, 3)}`, ratio: fmt(mmcAntithetic / mmcPlain) },
  { what: 'baseline, 10 reps: pipeline.wait.mean half-width, control variates', value: `${fmt(baselineRatio.own)} of plain`, against: 'same runs, plain interval', ratio: `${fmt(baselineRatio.own)} (target ≤ 0.70)` },
  { what: 'same, median over 6 sets of 10 reps', value: `${fmt(baselineRatio.sets)} of plain`, against: 'same runs, plain interval', ratio: `${fmt(baselineRatio.sets)} (target ≤ 0.70)` },
  { what: 'policy-sweep: the same, median of 12 scenarios', value: `${fmt(sweepRatio.own)} of plain`, against: 'same runs, plain interval', ratio: `${fmt(sweepRatio.own)} (target ≤ 0.70)` },
  { what: 'same, median over 12 scenarios × 3 sets of 10 reps', value: `${fmt(sweepRatio.sets)} of plain`, against: 'same runs, plain interval', ratio: `${fmt(sweepRatio.sets)} (target ≤ 0.70)` },
  python
    ? { what: 'same M/M/c in SimPy 2.3 (process style)', value: millions(simpyBest), against: `engine ${millions(oursBest)}`, ratio: `engine/SimPy ${fmt(oursBest / simpyBest, 1)} (target ≥ 30)` }
    : { what: 'same M/M/c in SimPy 2.3', value: 'skipped', against: 'python3-simpy is not installed (apt-get install python3-simpy)', ratio: '' },
];

const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => Object.values(r)[i]!.length), ['measurement', 'value', 'against', 'ratio'][i]!.length));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(`PipeSim bench — ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${cores} cores, Node ${process.version}`);
console.log(line(['measurement', 'value', 'against', 'ratio']));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line([r.what, r.value, r.against, r.ratio]));
