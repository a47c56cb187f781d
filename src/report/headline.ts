/**
 * The first lines of report.html: what was run, the answer, and how many warnings follow — what
 * a reader needs before any table.
 */
import type { ComparisonReport, SummaryDocument } from '../output/documents.js';
import { formatInterval } from './format.js';

/** The wait a headline quotes: over every arrival when runs report it, else over finished pipelines. */
function waitMetric(summary: SummaryDocument): string {
  return summary.scenarios.some((s) => s.metrics['pipeline.wait.inclusive.mean']) ? 'pipeline.wait.inclusive.mean' : 'pipeline.wait.mean';
}

export function headline(summary: SummaryDocument, comparison?: ComparisonReport): string[] {
  const runs = summary.runs.ok + summary.runs.failed;
  const out = [`${summary.experiment}: ${summary.scenarios.length} scenario(s), ${runs} run(s)${summary.runs.failed > 0 ? ` (${summary.runs.failed} failed)` : ''}${summary.complete ? '' : ', incomplete'}.`];
  const wait = waitMetric(summary);
  const single = summary.scenarios.length === 1 ? summary.scenarios[0] : undefined;
  if (single) {
    const pool = single.bottleneck;
    const busy = single.metrics[`pool.${pool}.utilisation`]?.mean;
    out.push(`Mean wait ${formatInterval(wait, single.metrics[wait])}${pool !== 'none' ? `; bottleneck ${pool}${busy !== undefined ? `, ${(100 * busy).toFixed(1)}% busy` : ''}` : '; no queueing'}.`);
  } else if (comparison) {
    for (const group of comparison.rankings) {
      const best = group.entries[0];
      if (!best) continue;
      const apart = group.entries.filter((e) => e.vsBest === 'worse').length;
      out.push(`${group.group === 'all scenarios' ? 'Best' : `At ${group.group}, best`} by ${comparison.rankBy}: ${best.label}; ${apart} of the other ${group.entries.length - 1} shown worse.`);
    }
  } else {
    const ranked = summary.scenarios.filter((s) => s.metrics[wait]).sort((a, b) => (a.metrics[wait]?.mean ?? Infinity) - (b.metrics[wait]?.mean ?? Infinity));
    const best = ranked[0];
    if (best) out.push(`Lowest mean wait: ${best.label}, ${formatInterval(wait, best.metrics[wait])} (no comparison was asked for: add a compare: section for verdicts).`);
  }
  if (summary.warnings) out.push(`${summary.warnings.length} warning(s) below.`);
  return out;
}
