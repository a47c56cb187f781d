/**
 * Kim & Nelson's fully sequential selection on synthetic normal outputs with known means: it
 * picks the truly best at least at its stated rate (a one-sided exact binomial test that fails
 * only at p < 0.001), in the least favourable configuration (every other mean exactly the
 * indifference zone behind) and with unequal variances, and it uses fewer replications than a
 * fixed design with the same guarantee even when that design knows the variances (Bonferroni
 * over the k − 1 comparisons with the best, n per scenario = (σ_i² + σ_best²) z² / δ², taking the
 * largest pair for everyone).
 */
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { kimNelson } from '../../src/stats/selection.js';
import { jStat, standardNormal } from '../../src/random/index.js';

const DELTA = 0.5;
const CONFIDENCE = 0.95;
const TRIALS = 1000;

/** P(X ≤ x) for X ~ Binomial(n, p), exactly. */
function binomialCdf(x: number, n: number, p: number): number {
  let sum = 0;
  for (let k = 0; k <= x; k++) sum += Math.exp(jStat.gammaln(n + 1) - jStat.gammaln(k + 1) - jStat.gammaln(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p));
  return sum;
}

const cases: [string, number[], number[], boolean][] = [
  ['least favourable: four means exactly δ behind, equal variances', [0, 0, 0, 0, DELTA], [1, 1, 1, 1, 1], false],
  ['unequal variances, means spread (the nearest exactly δ behind), smaller is better', [1.25, 0.75, 1, 0.5, 0], [1.5, 3, 1, 2, 1], true],
];

describe.each(cases)('%s', (_name, means, sds, lowerIsBetter) => {
  const rng = seedrandom.xor4096(`selection|${_name}`);
  const best = lowerIsBetter ? means.indexOf(Math.min(...means)) : means.indexOf(Math.max(...means));
  let correct = 0;
  let replications = 0;
  for (let t = 0; t < TRIALS; t++) {
    const result = kimNelson(means.length, (i) => (means[i] as number) + (sds[i] as number) * standardNormal(rng), { indifference: DELTA, confidence: CONFIDENCE, firstStage: 10, lowerIsBetter });
    if (result.selected === best) correct++;
    replications += result.replications.reduce((a, b) => a + b, 0);
  }

  it('selects the best at least at the stated rate', () => {
    // Would a true rate of 0.95 give this few correct selections? Fail only if p < 0.001.
    expect(binomialCdf(correct, TRIALS, CONFIDENCE)).toBeGreaterThan(0.001);
  });

  it('needs fewer replications than a fixed design of equal guarantee that knows the variances', () => {
    const z = jStat.normal.inv(1 - (1 - CONFIDENCE) / (means.length - 1), 0, 1);
    const worstPair = Math.max(...sds.map((s, i) => (i === best ? 0 : s * s + (sds[best] as number) ** 2)));
    const fixedTotal = means.length * Math.ceil((worstPair * z * z) / DELTA ** 2);
    expect(replications / TRIALS).toBeLessThan(fixedTotal);
  });
});

it('screens out a scenario far behind after the first stage', () => {
  const result = kimNelson(3, (i, r) => [0, 10, 0.3][i]! + ((r % 2) - 0.5), { indifference: 0.5, confidence: 0.95, firstStage: 5, lowerIsBetter: true });
  expect(result.selected === 0 || result.selected === 2).toBe(true);
  expect(result.replications[1]).toBe(5);
});
