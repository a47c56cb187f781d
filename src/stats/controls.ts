/**
 * Variance reduction beyond common random numbers, as every interval uses it:
 *
 * - Antithetic replications: replications 2k and 2k+1 read the same streams, the second
 *   mirrored (random/streams.ts), so their outputs are negatively correlated; the pair's average
 *   is one independent observation, and intervals are taken over pairs.
 * - Control variates: each run reports quantities whose expectation is exactly 0 (the arrivals'
 *   deviation from their law, and per pool the offered work's and the backlog's,
 *   model/load-controls.ts). The controlled estimate of a metric's mean is the intercept of the
 *   least-squares regression of the observations on their controls, and its interval the
 *   intercept's Student-t interval with n − q − 1 degrees of freedom (Lavenberg & Welch 1981;
 *   exact under joint normality).
 *
 * Which metrics are controlled, and by what: utilisations by the arrivals and every pool's
 * offered work (a utilisation is nearly linear in them); waits, latencies, queues and slowdowns
 * by two, the backlog of their own pool (`pool.<p>.…`) or of the pool with the highest expected
 * load, and the arrivals — a queue answers to when excess work lands, which the backlog
 * measures at the arrival times there were, and to how many arrived. Each control costs a degree
 * of freedom; a third (offered work) explained too little to pay for its own. The choice
 * depends on the metric's name alone, never on the observations. Other metrics keep the plain
 * interval over the same observations.
 */
import type { RunResult, VarianceReduction } from '../core/records.js';
import { confidenceInterval, type Interval } from './confidence.js';
import { jStat } from '../random/index.js';

export type { VarianceReduction };

/** Metrics the control variates apply to. */
const CONTROLLED = /(^|\.)(wait|latency|utilisation|queue|slowdown)(\.|$)/;
const UTILISATION = /(^|\.)utilisation(\.|$)/;

export function isControlled(metric: string, vr: VarianceReduction | undefined): boolean {
  return vr?.controlVariates === true && CONTROLLED.test(metric);
}

/** One independent observation of a metric: a replication, or an antithetic pair's average. */
export interface Observation {
  /** The replication, or the pair's first replication. */
  unit: number;
  value: number;
  controls: number[];
}

type OkRun = Extract<RunResult, { status: 'ok' }>;

/** The controls' names, in a fixed order, that every run of `runs` reports finitely, among those `metric` is controlled by. */
function controlNames(runs: readonly OkRun[], metric: string): string[] {
  const first = runs[0]?.controls;
  if (!first) return [];
  const reported = Object.keys(first).sort().filter((name) => runs.every((r) => Number.isFinite(r.controls?.[name])));
  return controlsOf(metric, reported);
}

/** Which of the `reported` controls `metric` is regressed on (see the head of this file). */
export function controlsOf(metric: string, reported: readonly string[]): string[] {
  const load = reported.filter((name) => !name.startsWith('backlog'));
  if (UTILISATION.test(metric)) return load;
  const pool = /^pool\.(.+)\.(wait|queue|slowdown)(\.|$)/.exec(metric)?.[1];
  const backlog = pool !== undefined ? `backlog.${pool}` : 'backlog';
  if (!reported.includes(backlog)) return load;
  return reported.includes('arrivals') ? [backlog, 'arrivals'] : [backlog];
}

/**
 * The observations of `metric` in scenario `scenarioIndex`: one per replication, or per complete
 * antithetic pair (a pair missing a member is left out: its survivor alone is not antithetic).
 */
export function observationsOf(runs: readonly RunResult[], scenarioIndex: number, metric: string, vr: VarianceReduction | undefined): Observation[] {
  const ok = runs.filter((r): r is OkRun => r.scenarioIndex === scenarioIndex && r.status === 'ok' && Number.isFinite(r.metrics[metric]))
    .sort((a, b) => a.replication - b.replication);
  const names = isControlled(metric, vr) ? controlNames(ok, metric) : [];
  const single = (r: OkRun): Observation => ({ unit: r.replication, value: r.metrics[metric] as number, controls: names.map((n) => r.controls?.[n] as number) });
  if (vr?.antithetic !== true) return ok.map(single);
  const byReplication = new Map(ok.map((r) => [r.replication, r]));
  const out: Observation[] = [];
  for (const r of ok) {
    if (r.replication % 2 !== 0) continue;
    const twin = byReplication.get(r.replication + 1);
    if (!twin) continue;
    const a = single(r);
    const b = single(twin);
    out.push({ unit: r.replication, value: (a.value + b.value) / 2, controls: a.controls.map((c, i) => (c + (b.controls[i] as number)) / 2) });
  }
  return out;
}

/** What a controlled interval reports beside the Interval. */
export interface ControlledInterval extends Interval {
  /** Degrees of freedom of its t quantile. */
  df: number;
  /** Controls used (those with variation among the observations). */
  controls: number;
}

/**
 * The `level` interval of E[value] from observations whose controls have expectation 0: the
 * regression intercept and its t interval with n − q − 1 degrees of freedom. Controls that do
 * not vary, or that are linear in the others, are dropped; with fewer than q + 3 observations
 * the plain interval is returned (too few degrees of freedom to estimate the coefficients).
 */
export function controlledInterval(values: readonly number[], controls: readonly (readonly number[])[], level: number): ControlledInterval {
  const n = values.length;
  const plain = (): ControlledInterval => ({ ...confidenceInterval(values, level), df: n - 1, controls: 0 });
  const q0 = controls[0]?.length ?? 0;
  if (q0 === 0 || n < 3) return plain();
  const yMean = values.reduce((a, b) => a + b, 0) / n;
  const columns: number[][] = [];
  for (let j = 0; j < q0; j++) columns.push(controls.map((c) => c[j] as number));
  const means = columns.map((c) => c.reduce((a, b) => a + b, 0) / n);
  // Centred controls, kept only if independent of those already kept (Gram–Schmidt residual norm).
  const kept: number[] = [];
  const basis: number[][] = [];
  columns.forEach((column, j) => {
    const centred = column.map((x) => x - (means[j] as number));
    const norm = Math.hypot(...centred);
    let residual = centred;
    for (const b of basis) {
      const dot = residual.reduce((s, x, i) => s + x * (b[i] as number), 0);
      residual = residual.map((x, i) => x - dot * (b[i] as number));
    }
    const left = Math.hypot(...residual);
    if (norm > 0 && left > 1e-9 * norm) {
      kept.push(j);
      basis.push(residual.map((x) => x / left));
    }
  });
  const q = kept.length;
  if (q === 0 || n < q + 3) return plain();
  // Normal equations of the centred regression: S β = s, S = Σ (c − c̄)(c − c̄)ᵀ.
  const centred = kept.map((j) => (columns[j] as number[]).map((x) => x - (means[j] as number)));
  const S = centred.map((a) => centred.map((b) => a.reduce((s, x, i) => s + x * (b[i] as number), 0)));
  const sy = centred.map((a) => a.reduce((s, x, i) => s + x * ((values[i] as number) - yMean), 0));
  const Sinv = invert(S);
  if (!Sinv) return plain();
  const beta = Sinv.map((row) => row.reduce((s, x, k) => s + x * (sy[k] as number), 0));
  const cbar = kept.map((j) => means[j] as number);
  // The controls' known mean is 0: the estimate is ȳ − β·c̄ (the regression's intercept).
  const mean = yMean - beta.reduce((s, b, k) => s + b * (cbar[k] as number), 0);
  let sse = 0;
  for (let i = 0; i < n; i++) {
    let fitted = yMean;
    for (let k = 0; k < q; k++) fitted += (beta[k] as number) * ((centred[k] as number[])[i] as number);
    sse += ((values[i] as number) - fitted) ** 2;
  }
  const df = n - q - 1;
  const s2 = sse / df;
  const quad = cbar.reduce((s, a, k) => s + a * (Sinv[k] as number[]).reduce((t, x, l) => t + x * (cbar[l] as number), 0), 0);
  const se = Math.sqrt(s2 * (1 / n + quad));
  const halfWidth = jStat.studentt.inv((1 + level) / 2, df) * se;
  // sd: the standard deviation of one observation that would give this standard error.
  return { n, mean, sd: se * Math.sqrt(n), low: mean - halfWidth, high: mean + halfWidth, halfWidth, df, controls: q };
}

/** The inverse of a small symmetric positive-definite matrix (Gauss–Jordan), or undefined if singular. */
function invert(m: readonly (readonly number[])[]): number[][] | undefined {
  const q = m.length;
  const a = m.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < q; col++) {
    let pivot = col;
    for (let r = col + 1; r < q; r++) if (Math.abs((a[r] as number[])[col] as number) > Math.abs((a[pivot] as number[])[col] as number)) pivot = r;
    const p = (a[pivot] as number[])[col] as number;
    if (!(Math.abs(p) > 0)) return undefined;
    [a[col], a[pivot]] = [a[pivot] as number[], a[col] as number[]];
    const row = (a[col] as number[]).map((x) => x / p);
    a[col] = row;
    for (let r = 0; r < q; r++) {
      if (r === col) continue;
      const f = (a[r] as number[])[col] as number;
      if (f !== 0) a[r] = (a[r] as number[]).map((x, k) => x - f * (row[k] as number));
    }
  }
  return a.map((row) => row.slice(q));
}

/** The interval of `metric`'s mean in one scenario, with whatever variance reduction `vr` asks for. */
export function metricInterval(runs: readonly RunResult[], scenarioIndex: number, metric: string, level: number, vr: VarianceReduction | undefined): ControlledInterval {
  const obs = observationsOf(runs, scenarioIndex, metric, vr);
  return controlledInterval(obs.map((o) => o.value), obs.map((o) => o.controls), level);
}

/** The plain Interval fields of a controlled interval (what summaries and evaluations store). */
export function withoutExtras(interval: ControlledInterval): Interval {
  const { n, mean, sd, low, high, halfWidth } = interval;
  return { n, mean, sd, low, high, halfWidth };
}
