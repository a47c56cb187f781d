/**
 * Builds a comparison report from an experiment's scenarios and runs: each scenario against
 * its baseline — the scenario with the same grid values except the baseline's fields (so
 * `--baseline policy.scheduler=fifo` compares sjf at 12 GPUs with fifo at 12 GPUs) — on each
 * key metric, with Holm-adjusted verdicts, and a ranking by one metric.
 */
import type { ComparisonReport, RankingGroup } from '../output/documents.js';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../core/errors.js';
import type { CompareSpec, Experiment } from '../config/load.js';
import { matchBaselines, type Overrides } from '../config/grid.js';
import { comparePaired, judge, rank, type Comparison } from '../stats/compare.js';
import type { RunResult } from '../core/records.js';

export { DEFAULT_COMPARE_METRICS, type CompareSpec } from '../config/load.js';

/** Parses `policy.scheduler=fifo,platform.pools.gpu.capacity=12`; values are read as YAML. */
export function parseBaseline(text: string): Overrides {
  return text.split(',').map((part) => {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new UserError(`--baseline expects field.path=value[,field.path=value], got '${text}'`);
    return [part.slice(0, eq).trim(), parseYaml(part.slice(eq + 1))] as [string, unknown];
  });
}

/** Comparisons of every non-baseline scenario with its baseline, and the ranking. */
export function buildComparison(experiment: Experiment, runs: readonly RunResult[], spec: CompareSpec): ComparisonReport {
  const level = experiment.confidence;
  const known = new Set(runs.flatMap((r) => (r.status === 'ok' ? Object.keys(r.metrics) : [])));
  for (const m of [...spec.metrics, spec.rankBy]) {
    if (!known.has(m)) throw new UserError(`no metric '${m}' in these runs (e.g. ${[...known].slice(0, 6).join(', ')})`);
  }
  const base = matchBaselines(experiment.scenarios, spec.baseline);
  const label = (i: number) => experiment.scenarios[i]?.label ?? String(i);
  const raw: Comparison[] = [];
  base.forEach((b, s) => {
    if (b === undefined) return;
    for (const metric of spec.metrics) raw.push(comparePaired(runs, s, b, metric, level, experiment.varianceReduction));
  });
  const comparisons = judge(raw, level, spec.minEffect).map((c) => ({ ...c, label: label(c.scenarioIndex), baselineLabel: label(c.baselineIndex) }));
  const rankings: RankingGroup[] = groupsOf(experiment, spec).map(({ group, scenarios }) => ({
    group,
    entries: rank(runs, scenarios, spec.rankBy, level, spec.minEffect, experiment.varianceReduction).map((e) => ({ ...e, label: label(e.scenarioIndex) })),
  }));
  return {
    baseline: spec.baseline.map(([p, v]) => `${p}=${valueText(v)}`).join(', '),
    confidence: level, minEffect: spec.minEffect, metrics: spec.metrics, comparisons, rankBy: spec.rankBy, rankings,
  };
}

const valueText = (v: unknown) => (typeof v === 'object' ? JSON.stringify(v) : String(v));

/**
 * Scenarios that differ only in the baseline's fields, ranked together: a policy sweep at
 * several capacities ranks the policies at each capacity, never SJF at 16 GPUs against FIFO
 * at 10.
 */
function groupsOf(experiment: Experiment, spec: CompareSpec): { group: string; scenarios: number[] }[] {
  const compared = new Set(spec.baseline.map(([p]) => p));
  const groups = new Map<string, number[]>();
  for (const s of experiment.scenarios) {
    const shared = s.overrides.filter(([p]) => !compared.has(p)).map(([p, v]) => `${p}=${valueText(v)}`).join(', ');
    const key = shared === '' ? 'all scenarios' : shared;
    groups.set(key, [...(groups.get(key) ?? []), s.index]);
  }
  return [...groups.entries()].map(([group, scenarios]) => ({ group, scenarios }));
}

/** One results folder's experiment and finished runs, named for a cross-folder comparison. */
export interface ComparedFolder {
  name: string;
  experiment: Experiment;
  runs: readonly RunResult[];
}

/**
 * Each scenario of `after` against the scenario of the same label in `before` (two folders of
 * one experiment: before and after a change of model, policy module or trace), on each metric;
 * paired by replication, Holm-adjusted across the report. Scenarios found in only one folder
 * are left out and named.
 */
export function buildCrossComparison(before: ComparedFolder, after: ComparedFolder, metrics: readonly string[], minEffect: number): { report: ComparisonReport; unmatched: string[] } {
  const level = before.experiment.confidence;
  const offset = before.experiment.scenarios.length;
  const beforeByLabel = new Map(before.experiment.scenarios.map((s) => [s.label, s.index]));
  // One run set: `before`'s scenarios keep their indices, `after`'s come after them.
  const runs = [...before.runs, ...after.runs.map((r) => ({ ...r, scenarioIndex: r.scenarioIndex + offset }))];
  const known = new Set(runs.flatMap((r) => (r.status === 'ok' ? Object.keys(r.metrics) : [])));
  for (const m of metrics) {
    if (!known.has(m)) throw new UserError(`no metric '${m}' in these runs (e.g. ${[...known].slice(0, 6).join(', ')})`);
  }
  // Two folders' variance reduction is used only when both ran with the same (pairs and controls alike).
  const vr = JSON.stringify(before.experiment.varianceReduction) === JSON.stringify(after.experiment.varianceReduction) ? after.experiment.varianceReduction : undefined;
  const raw: Comparison[] = [];
  const unmatched: string[] = [];
  for (const s of after.experiment.scenarios) {
    const b = beforeByLabel.get(s.label);
    if (b === undefined) {
      unmatched.push(s.label);
      continue;
    }
    for (const metric of metrics) raw.push(comparePaired(runs, s.index + offset, b, metric, level, vr));
  }
  const afterLabels = new Set(after.experiment.scenarios.map((s) => s.label));
  unmatched.push(...before.experiment.scenarios.filter((s) => !afterLabels.has(s.label)).map((s) => s.label));
  const label = (i: number) => (i < offset ? `${before.experiment.scenarios[i]?.label} (${before.name})` : `${after.experiment.scenarios[i - offset]?.label} (${after.name})`);
  const comparisons = judge(raw, level, minEffect).map((c) => ({ ...c, label: label(c.scenarioIndex), baselineLabel: label(c.baselineIndex) }));
  return {
    report: { baseline: before.name, confidence: level, minEffect, metrics: [...metrics], comparisons, rankBy: metrics[0] as string, rankings: [] },
    unmatched,
  };
}
