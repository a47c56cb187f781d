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

/** Where the procedure stands on the data so far: selected, or which scenarios need replication `round`. */
export type SelectionStep =
  | { done: true; result: SelectionResult; /** True when `maxReplications` stopped it with several still in contention. */ capped: boolean }
  | { done: false; round: number; need: number[] };

/**
 * Replays the procedure on complete prefixes of replications (`data[i][r]` is replication r of
 * scenario i; scenarios screened out may have fewer). A pure function of the data: a driver
 * that hands out the replications it asks for, in any order, reaches the same decisions.
 * `maxReplications` caps the procedure: at the cap the best mean among those left is taken,
 * without the guarantee (`capped`).
 */
export function kimNelsonStep(data: readonly (readonly number[])[], options: SelectionOptions, maxReplications = Infinity): SelectionStep {
  const { indifference: delta, confidence, firstStage: n0 } = options;
  if (!(delta > 0)) throw new RangeError('indifference must be > 0');
  if (!(n0 >= 2)) throw new RangeError('firstStage must be ≥ 2');
  const k = data.length;
  const sign = options.lowerIsBetter ? -1 : 1;
  const short = data.map((_, i) => i).filter((i) => (data[i] as readonly number[]).length < n0);
  if (short.length > 0) return { done: false, round: n0, need: short };
  const x = data.map((xs) => xs.map((v) => sign * v));
  const meanOf = (i: number, r: number) => {
    let t = 0;
    for (let j = 0; j < r; j++) t += (x[i] as number[])[j] as number;
    return t / r;
  };
  // Replications each scenario had when it left contention (the ones left: at the end).
  const used = new Array<number>(k).fill(n0);
  const finish = (pool: number[], r: number, final: number[], capped: boolean): SelectionStep => {
    const best = pool.reduce((a, b) => (meanOf(b, r) > meanOf(a, r) ? b : a));
    for (const i of pool) {
      final[i] = meanOf(i, r);
      used[i] = r;
    }
    return { done: true, capped, result: { selected: best, replications: used, means: final.map((m) => sign * m) } };
  };
  if (k === 1) return finish([0], n0, [NaN], false);

  const alpha = 1 - confidence;
  const eta = 0.5 * ((2 * alpha / (k - 1)) ** (-2 / (n0 - 1)) - 1);
  const h2 = 2 * eta * (n0 - 1);
  // S²_il: the variance of the first-stage differences (pairs by replication).
  const s2: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    for (let l = i + 1; l < k; l++) {
      const d = (x[i] as number[]).slice(0, n0).map((v, j) => v - ((x[l] as number[])[j] as number));
      const dMean = d.reduce((a, b) => a + b, 0) / n0;
      const v = d.reduce((a, y) => a + (y - dMean) ** 2, 0) / (n0 - 1);
      (s2[i] as number[])[l] = v;
      (s2[l] as number[])[i] = v;
    }
  }
  // Past N_il = ⌊h² S²_il / δ²⌋ replications the allowance is 0 for that pair: stop by then at the latest.
  let last = n0;
  for (let i = 0; i < k; i++) for (let l = 0; l < k; l++) if (i !== l) last = Math.max(last, Math.floor((h2 * ((s2[i] as number[])[l] as number)) / delta ** 2) + 1);

  let contenders = Array.from({ length: k }, (_, i) => i);
  const final = new Array<number>(k).fill(NaN);
  for (let r = n0; ; r++) {
    const lacking = contenders.filter((i) => (x[i] as number[]).length < r);
    if (lacking.length > 0) return { done: false, round: r, need: contenders };
    const current = new Map(contenders.map((i) => [i, meanOf(i, r)]));
    const allowance = (i: number, l: number) => Math.max(0, (delta / (2 * r)) * ((h2 * ((s2[i] as number[])[l] as number)) / delta ** 2 - r));
    const kept = contenders.filter((i) => contenders.every((l) => l === i || (current.get(i) as number) >= (current.get(l) as number) - allowance(i, l)));
    for (const i of contenders) {
      if (kept.includes(i)) continue;
      final[i] = current.get(i) as number;
      used[i] = r;
    }
    const left = contenders;
    contenders = kept;
    // At the bound (or if screening left none, possible only with ties): the largest mean.
    if (contenders.length === 1 || r >= last) return finish(contenders.length > 0 ? contenders : left, r, final, false);
    if (r >= maxReplications) return finish(contenders, r, final, true);
    // The contenders need replication r + 1 (index r): ask for it unless all have it.
    if (contenders.some((i) => (x[i] as number[]).length < r + 1)) return { done: false, round: r + 1, need: contenders };
  }
}

/**
 * Runs the procedure; `sample(i, r)` returns replication r of scenario i (replications are
 * requested in order, 0, 1, … for each scenario, the same r for every scenario still in).
 */
export function kimNelson(k: number, sample: (scenario: number, replication: number) => number, options: SelectionOptions): SelectionResult {
  const data: number[][] = Array.from({ length: k }, () => []);
  for (;;) {
    const step = kimNelsonStep(data, options);
    if (step.done) return step.result;
    for (const i of step.need) while ((data[i] as number[]).length < step.round) (data[i] as number[]).push(sample(i, (data[i] as number[]).length));
  }
}
