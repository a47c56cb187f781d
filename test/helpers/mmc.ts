/**
 * M/M/c against Erlang C: the mean wait in queue within 3% of the closed form. Run lengths
 * are chosen so that 3% is about 2.5 standard errors of the estimate (measured over
 * independent seeds), so a correct engine passes and a biased one (a wrong tie-break, a lost
 * customer, a utilisation off by a unit) does not. One file per c lets vitest run them in parallel.
 */
import { describe, expect, it } from 'vitest';
import { fifo, runScenario } from '../../src/index.js';
import { mmcMeanWait } from '../../src/stats/index.js';
import { mmcScenario } from './scenario.js';

export function describeMmc(c: number, cases: [rho: number, customers: number][]): void {
  describe(`M/M/${c} mean wait in queue vs Erlang C`, () => {
    it.each(cases)('utilisation %s (%i customers)', (rho, customers) => {
      const mu = 1 / 60;
      const lambda = rho * c * mu;
      const out = runScenario(mmcScenario(c, lambda, mu, customers / lambda, 1000 / mu), fifo, 11, 0);
      expect(out.metrics['pool.server.utilisation']).toBeCloseTo(rho, 2);
      expect(Math.abs(out.metrics['pipeline.wait.mean']! / mmcMeanWait(c, lambda, mu) - 1)).toBeLessThan(0.03);
    });
  });
}
