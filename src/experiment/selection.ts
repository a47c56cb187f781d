/**
 * `compare.select`: Kim–Nelson's procedure (stats/selection.ts) on an experiment's runs. The
 * state is a pure function of the complete prefixes of replications 0..n−1 of each scenario, so
 * the driver that adds replications and the summary that reports the choice agree, whatever
 * order the runs finished in, and a resumed sweep takes the same decisions.
 */
import type { Experiment, SelectSpec } from '../config/load.js';
import type { SelectionReport } from '../output/documents.js';
import { kimNelsonStep, type SelectionStep } from '../stats/selection.js';
import { lowerIsBetter } from '../stats/compare.js';
import { runIdOf, type RunResult } from '../core/records.js';

export type SelectionState =
  | { kind: 'waiting' }
  | { kind: 'step'; step: SelectionStep; indifference: number; data: number[][] }
  | { kind: 'failed'; problem: string };

/** Where the selection stands on the runs `lookup` has. */
export function selectionState(spec: SelectSpec, scenarios: number, lookup: (runId: string) => RunResult | undefined): SelectionState {
  const data: number[][] = [];
  for (let s = 0; s < scenarios; s++) {
    const values: number[] = [];
    for (let r = 0; ; r++) {
      const run = lookup(runIdOf(s, r));
      if (!run) break;
      if (run.status !== 'ok') return { kind: 'failed', problem: `run ${run.runId} failed, so the selection cannot go on` };
      const v = run.metrics[spec.metric];
      if (v === undefined || !Number.isFinite(v)) return { kind: 'failed', problem: `run ${run.runId} has no finite value of '${spec.metric}' (compare.select.metric)` };
      values.push(v);
    }
    data.push(values);
  }
  const n0 = spec.firstStage;
  const lower = lowerIsBetter(spec.metric);
  if (data.some((xs) => xs.length < n0)) return { kind: 'waiting' };
  let indifference: number;
  if ('absolute' in spec.indifference) indifference = spec.indifference.absolute;
  else {
    // A share of the best first-stage mean: fixed once the first stage is in.
    const means = data.map((xs) => xs.slice(0, n0).reduce((a, b) => a + b, 0) / n0);
    const best = lower ? Math.min(...means) : Math.max(...means);
    indifference = spec.indifference.relative * Math.abs(best);
    if (!(indifference > 0)) return { kind: 'failed', problem: `the best first-stage mean of '${spec.metric}' is 0, so an indifference of ${spec.indifference.relative * 100}% of it is 0: give an amount instead (e.g. indifference: 30s)` };
  }
  const step = kimNelsonStep(data, { indifference, confidence: spec.confidence, firstStage: n0, lowerIsBetter: lower }, spec.max);
  return { kind: 'step', step, indifference, data };
}

/** The selection as reported in summary.json. */
export function selectionReport(experiment: Experiment, runs: readonly RunResult[]): SelectionReport | undefined {
  const spec = experiment.select;
  if (!spec) return undefined;
  const byId = new Map(runs.map((r) => [r.runId, r]));
  const state = selectionState(spec, experiment.scenarios.length, (id) => byId.get(id));
  const label = (i: number) => experiment.scenarios[i]?.label ?? String(i);
  const given = 'relative' in spec.indifference ? `${+(spec.indifference.relative * 100).toPrecision(12)}% of the best first-stage mean` : `${spec.indifference.absolute}`;
  const base = { metric: spec.metric, confidence: spec.confidence, firstStage: spec.firstStage, max: spec.max, indifferenceGiven: given };
  if (state.kind === 'failed') return { ...base, status: 'failed', problem: state.problem };
  if (state.kind === 'waiting' || !state.step.done) return { ...base, status: 'incomplete', ...(state.kind === 'step' ? { indifference: state.indifference } : {}) };
  const { result, capped } = state.step;
  return {
    ...base, indifference: state.indifference, status: capped ? 'capped' : 'selected',
    selected: label(result.selected), selectedIndex: result.selected,
    scenarios: experiment.scenarios.map((_, i) => {
      const n = result.replications[i] as number;
      // The selected scenario's mean over the same replications: the paired comparison screening made.
      const selected = (state.data[result.selected] as number[]).slice(0, n);
      return { label: label(i), replications: n, mean: result.means[i] as number, selectedMean: selected.reduce((a, b) => a + b, 0) / n };
    }),
    replications: result.replications.reduce((a, b) => a + b, 0),
  };
}
