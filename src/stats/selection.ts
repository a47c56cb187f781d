/**
 * Selecting the best of k scenarios with a stated chance of being right: the fully sequential
 * procedure of Kim & Nelson ("A fully sequential procedure for indifference-zone selection in
 * simulation", ACM TOMACS 11(3), 2001). After n0 replications of each, scenarios are screened
 * out one replication at a time, as soon as another's mean is ahead by more than a shrinking
 * allowance; replications go only to those still in contention. When the best mean is at least
 * `indifference` better than every other (and outputs are normal, any variances, common random
 * numbers allowed), the one selected is the best with probability ≥ `confidence`.
 */

export interface SelectionOptions {
  /** δ: the smallest difference of means worth detecting, in the metric's units (> 0). */
  indifference: number;
  /** 1 − α: the chance of a correct selection the procedure guarantees. */
  confidence: number;
  /** n0 ≥ 2: replications of every scenario before screening starts. */
  firstStage: number;
  /** Whether the smaller mean is the better. */
  lowerIsBetter: boolean;
}

export interface SelectionResult {
  /** Index of the scenario selected. */
  selected: number;
  /** Replications each scenario received. */
  replications: number[];
  /** The sample means when each scenario left contention (the selected one's at the end). */
  means: number[];
}

/**
 * Runs the procedure; `sample(i, r)` returns replication r of scenario i (replications are
 * requested in order, 0, 1, … for each scenario, the same r for every scenario still in).
 */
export function kimNelson(k: number, sample: (scenario: number, replication: number) => number, options: SelectionOptions): SelectionResult {
  const { indifference: delta, confidence, firstStage: n0 } = options;
  if (!(delta > 0)) throw new RangeError('indifference must be > 0');
  if (!(n0 >= 2)) throw new RangeError('firstStage must be ≥ 2');
  const sign = options.lowerIsBetter ? -1 : 1;
  const data: number[][] = Array.from({ length: k }, () => []);
  const draw = (i: number) => (data[i] as number[]).push(sign * sample(i, (data[i] as number[]).length));
  for (let i = 0; i < k; i++) for (let r = 0; r < n0; r++) draw(i);
  const means = data.map((xs) => xs.reduce((a, b) => a + b, 0) / xs.length);
  if (k === 1) return { selected: 0, replications: [n0], means: means.map((m) => sign * m) };

  const alpha = 1 - confidence;
  const eta = 0.5 * ((2 * alpha / (k - 1)) ** (-2 / (n0 - 1)) - 1);
  const h2 = 2 * eta * (n0 - 1);
  // S²_il: the variance of the first-stage differences (pairs by replication).
  const s2: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    for (let l = i + 1; l < k; l++) {
      const d = (data[i] as number[]).slice(0, n0).map((x, j) => x - ((data[l] as number[])[j] as number));
      const dMean = d.reduce((a, b) => a + b, 0) / n0;
      const v = d.reduce((a, x) => a + (x - dMean) ** 2, 0) / (n0 - 1);
      (s2[i] as number[])[l] = v;
      (s2[l] as number[])[i] = v;
    }
  }
  // Past N_il = ⌊h² S²_il / δ²⌋ replications the allowance is 0 for that pair: stop by then at the latest.
  let last = n0;
  for (let i = 0; i < k; i++) for (let l = 0; l < k; l++) if (i !== l) last = Math.max(last, Math.floor((h2 * ((s2[i] as number[])[l] as number)) / delta ** 2) + 1);

  let contenders = Array.from({ length: k }, (_, i) => i);
  const final = means.slice();
  let r = n0;
  for (;;) {
    const mean = (i: number) => ((data[i] as number[]).reduce((a, b) => a + b, 0)) / r;
    const current = new Map(contenders.map((i) => [i, mean(i)]));
    const allowance = (i: number, l: number) => Math.max(0, (delta / (2 * r)) * ((h2 * ((s2[i] as number[])[l] as number)) / delta ** 2 - r));
    const kept = contenders.filter((i) => contenders.every((l) => l === i || (current.get(i) as number) >= (current.get(l) as number) - allowance(i, l)));
    for (const i of contenders) if (!kept.includes(i)) final[i] = current.get(i) as number;
    contenders = kept;
    if (contenders.length === 1 || r >= last) {
      // At the bound (or if screening left none, possible only with ties): the largest mean.
      const pool = contenders.length > 0 ? contenders : [...current.keys()];
      const best = pool.reduce((a, b) => ((current.get(b) as number) > (current.get(a) as number) ? b : a));
      for (const i of pool) final[i] = current.get(i) as number;
      return { selected: best, replications: data.map((xs) => xs.length), means: final.map((m) => sign * m) };
    }
    for (const i of contenders) draw(i);
    r++;
  }
}
