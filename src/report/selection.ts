/** `compare.select`'s outcome in words and a table, the same on every page. */
import type { SelectionReport } from '../output/documents.js';
import { formatMetric } from './format.js';

/** One sentence: what was selected and the guarantee it carries, or why there is none. */
export function selectionSentence(s: SelectionReport): string {
  const level = `${+(s.confidence * 100).toPrecision(12)}%`;
  const delta = s.indifference === undefined ? s.indifferenceGiven : `${formatMetric(s.metric, s.indifference)} (${s.indifferenceGiven})`;
  switch (s.status) {
    case 'selected':
      return `Selected: ${s.selected} is the best by ${s.metric}. Guarantee (Kim–Nelson): if the best scenario's mean is at least ${delta} better than every other's, the one selected is it with probability ≥ ${level}. ${s.replications} replications in all (${s.firstStage} of each first, more only while in contention).`;
    case 'capped': {
      const left = (s.scenarios ?? []).filter((x) => x.replications === s.max).map((x) => x.label);
      return `No selection with the guarantee: at compare.select.max = ${s.max} replications, ${left.join('; ')} were still in contention (their means are within ${delta} of each other); ${s.selected} has the best mean.`;
    }
    case 'incomplete':
      return 'Selection unfinished: the sweep stopped before the procedure decided; resume it to finish.';
    case 'failed':
      return `Selection stopped: ${s.problem}.`;
  }
}

/**
 * Per scenario: replications received, its mean when it left contention, and the selected
 * one's mean over those same replications (what the screening compared, paired).
 */
export function selectionTable(s: SelectionReport): { header: string[]; rows: string[][] } | undefined {
  if (!s.scenarios) return undefined;
  return {
    header: ['scenario', 'replications', `${s.metric} then`, 'selected, same replications', ''],
    rows: s.scenarios.map((x, i) => [
      x.label, String(x.replications), formatMetric(s.metric, x.mean), i === s.selectedIndex ? '' : formatMetric(s.metric, x.selectedMean),
      i === s.selectedIndex ? (s.status === 'selected' ? 'selected' : 'best mean') : '',
    ]),
  };
}
