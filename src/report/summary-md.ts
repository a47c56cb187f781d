/** summary.md: the experiment's tables with confidence intervals, for terminals and pull requests. */
import type { SummaryDocument } from '../output/documents.js';
import { markdownTable, runList } from './format.js';
import { FAILURES_NOTE, NODES_NOTE, costTable, failureTable, keyTable, nodeTable, poolTable } from './tables.js';
import { selectionSentence, selectionTable } from './selection.js';

export function summaryMarkdown(doc: SummaryDocument): string {
  const level = `${Math.round(doc.confidence * 100)}%`;
  const parts = [`# ${doc.experiment}`, ''];
  parts.push(`${doc.scenarios.length} scenario(s); ${doc.runs.ok} run(s) ok, ${doc.runs.failed} failed` +
    (doc.complete ? '.' : `; **incomplete**: ${doc.runs.planned - doc.runs.ok - doc.runs.failed} planned run(s) missing (resume with \`pipesim run --resume <this folder>\`).`));
  if (doc.warnings) parts.push('', '## Warnings', '', ...doc.warnings.map((w) => `- **${w}**`));
  parts.push('', `Values are means over replications ± the half-width of the ${level} Student-t confidence interval (no ± with a single replication). Wait is the time a pipeline had at least one task queued.`, '');
  if (doc.method) parts.push(doc.method, '');
  const key = keyTable(doc.scenarios);
  parts.push('## Key metrics', '', markdownTable(key.header, key.rows), '');
  const costs = costTable(doc.scenarios);
  if (costs) parts.push('## Costs', '', 'Over the measured horizon, in the currency of the experiment\'s `cost:` prices.', '', markdownTable(costs.header, costs.rows), '');
  const pools = poolTable(doc.scenarios);
  parts.push('## Pools', '', markdownTable(pools.header, pools.rows), '');
  const nodes = nodeTable(doc.scenarios);
  if (nodes) parts.push('## Nodes', '', NODES_NOTE, '', markdownTable(nodes.header, nodes.rows), '');
  const failures = failureTable(doc.scenarios);
  if (failures) parts.push('## Failures', '', FAILURES_NOTE, '', markdownTable(failures.header, failures.rows), '');
  if (doc.pareto) parts.push('## Pareto front', '', `Beaten by no other scenario on every one of ${doc.pareto.metrics.map((m) => `\`${m}\``).join(', ')} (by their means): ${doc.pareto.labels.join('; ') || 'none'}.`, '');
  if (doc.selection) {
    const table = selectionTable(doc.selection);
    parts.push('## Selecting the best', '', `**${selectionSentence(doc.selection)}**`, '', ...(table ? [markdownTable(table.header, table.rows), ''] : []));
  }
  if (doc.precision && doc.precision.length > 0) {
    const short = doc.precision.filter((p) => !p.reached);
    parts.push('## Sequential precision', '');
    parts.push(short.length === 0 ? 'Every scenario reached the target precision.'
      : `Stopped at the maximum without reaching the target: ${short.map((p) => doc.scenarios[p.scenarioIndex]?.label ?? String(p.scenarioIndex)).join('; ')}.`, '');
  }
  const failed = doc.scenarios.filter((s) => s.failed > 0);
  if (failed.length > 0) parts.push('## Failed runs', '', ...failed.map((s) => `- ${s.label}: ${s.failed} failed`), '');
  if (doc.failures) {
    parts.push('### Errors', '', 'Each error once, with the runs it stopped (full messages in runs.jsonl):', '');
    for (const f of doc.failures) parts.push(`- \`${f.error.replaceAll('`', "'")}\` — ${runList(f.runs)}`);
    parts.push('');
  }
  return `${parts.join('\n')}\n`;
}
