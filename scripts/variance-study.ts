/**
 * What one set of replications can say about a metric's mean, from many replications run once:
 * `npm run variance-study -- <runs.jsonl> [metric] [set size]` (default pipeline.wait.mean, 10).
 * The runs should carry controls (`--set varianceReduction.controlVariates=true`). Per scenario:
 * the outlying replications over all runs (stats/outliers.ts) and the share of the total the
 * largest holds; then, cut into consecutive independent sets, how often the plain and the
 * controlled interval of a set cover the mean over all runs and the mean without the outliers,
 * the median half-width of the controlled interval over the plain one, and the sets the outlier
 * test flags. docs/performance.md ("Variance reduction") reports the reference platform's.
 */
import { readFileSync } from 'node:fs';
import type { RunResult } from '../src/core/records.js';
import { aggregate, confidenceInterval, median, outlierIndices } from '../src/stats/index.js';

const [file, metric = 'pipeline.wait.mean', size = '10'] = process.argv.slice(2);
if (!file) {
  console.error('usage: variance-study <runs.jsonl> [metric] [set size]');
  process.exit(2);
}
const setSize = Number(size);
const runs = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as RunResult)
  .filter((r): r is Extract<RunResult, { status: 'ok' }> => r.status === 'ok' && Number.isFinite(r.metrics[metric]))
  .sort((a, b) => a.scenarioIndex - b.scenarioIndex || a.replication - b.replication);
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (k: number, n: number) => `${k}/${n} (${((100 * k) / n).toFixed(1)}%)`;

const everyRatio: number[] = [];
let everySet = 0, everyCovered = 0;
for (const scenarioIndex of [...new Set(runs.map((r) => r.scenarioIndex))]) {
  const mine = runs.filter((r) => r.scenarioIndex === scenarioIndex);
  const values = mine.map((r) => r.metrics[metric] as number);
  const outliers = outlierIndices(values);
  const total = values.reduce((a, b) => a + b, 0);
  const grand = mean(values);
  const typical = mean(values.filter((_, i) => !outliers.includes(i)));
  console.log(`scenario ${scenarioIndex}: ${mine.length} runs of ${metric}; mean ${grand.toPrecision(6)}, median ${median(values).toPrecision(6)}`);
  console.log(`  outlying replications: ${outliers.map((i) => `${mine[i]?.replication} (${((values[i] as number) / median(values)).toFixed(1)}× the median)`).join(', ') || 'none'}`);
  console.log(`  the largest run holds ${((100 * Math.max(...values)) / total).toFixed(1)}% of the total; mean without the outliers ${typical.toPrecision(6)}`);
  const sets = Math.floor(mine.length / setSize);
  let plainGrand = 0, plainTypical = 0, controlledGrand = 0, controlledTypical = 0, flagged = 0;
  const ratios: number[] = [];
  for (let set = 0; set < sets; set++) {
    const part = mine.slice(set * setSize, (set + 1) * setSize);
    const plain = confidenceInterval(part.map((r) => r.metrics[metric] as number), 0.95);
    const [summary] = aggregate([{ index: scenarioIndex, label: '', parameters: {} }], part, 0.95, { controlVariates: true, antithetic: false });
    const controlled = summary?.metrics[metric];
    const covers = (i: { low: number; high: number } | undefined, x: number) => (i !== undefined && i.low <= x && x <= i.high ? 1 : 0);
    plainGrand += covers(plain, grand);
    plainTypical += covers(plain, typical);
    controlledGrand += covers(controlled, grand);
    controlledTypical += covers(controlled, typical);
    const ratio = summary?.varianceReduction?.halfWidthRatio[metric];
    if (ratio !== undefined) ratios.push(ratio);
    everySet++;
    everyCovered += covers(controlled, grand);
    if (outlierIndices(part.map((r) => r.metrics[metric] as number)).length > 0) flagged++;
  }
  console.log(`  ${sets} sets of ${setSize}: plain intervals cover the mean ${pct(plainGrand, sets)}, the mean without outliers ${pct(plainTypical, sets)}`);
  console.log(`  controlled intervals cover the mean ${pct(controlledGrand, sets)}, the mean without outliers ${pct(controlledTypical, sets)}; median half-width ${ratios.length > 0 ? median(ratios).toFixed(3) : 'n/a'} of plain`);
  console.log(`  sets with an outlying replication: ${pct(flagged, sets)}`);
  everyRatio.push(...ratios);
}
if (new Set(runs.map((r) => r.scenarioIndex)).size > 1) {
  console.log(`every scenario: ${everySet} sets; controlled intervals cover their scenario's mean in ${pct(everyCovered, everySet)}; median half-width ${median(everyRatio).toFixed(3)} of plain`);
}
