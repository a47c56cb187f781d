/**
 * Full-size coverage study (`npm run coverage-study`): for several M/M/c cases, 2,000
 * macro-replications of 10 replications each; prints the coverage of the 95% interval of mean
 * wait and its binomial standard error. The test suite runs a reduced version of the first case.
 */
import { coverage, type CoverageCase } from './mmc.js';

const macroReplications = Number(process.argv[2] ?? 2000);
const cases: CoverageCase[] = [
  { c: 2, rho: 0.5, customersPerRun: 2000, replications: 10, macroReplications, level: 0.95 },
  { c: 4, rho: 0.8, customersPerRun: 5000, replications: 10, macroReplications, level: 0.95 },
  { c: 1, rho: 0.7, customersPerRun: 5000, replications: 10, macroReplications, level: 0.95 },
];

console.log('c  rho   customers/run  macro-reps  coverage  std.error  seconds');
for (const k of cases) {
  const started = performance.now();
  const p = coverage(k);
  const se = Math.sqrt((p * (1 - p)) / k.macroReplications);
  const seconds = (performance.now() - started) / 1000;
  console.log(`${String(k.c).padEnd(3)}${k.rho.toFixed(2).padEnd(6)}${String(k.customersPerRun).padEnd(15)}${String(k.macroReplications).padEnd(12)}${p.toFixed(4).padEnd(10)}${se.toFixed(4).padEnd(11)}${seconds.toFixed(0)}`);
}
