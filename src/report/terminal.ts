/** The CLI's human summary of an experiment run. */
import type { SummaryDocument } from '../output/documents.js';
import { formatInterval, runList, textTable } from './format.js';
import { costTable, failureTable, keyTable, nodeTable, poolTable } from './tables.js';
import { selectionSentence, selectionTable } from './selection.js';

/** A detailed block for a single scenario; tables when there are several. */
export function terminalSummary(doc: SummaryDocument, dir: string, elapsedSeconds: number, fromCache = 0): string {
  const out: string[] = [];
  const warned = (doc.warnings ?? []).map((w) => `WARNING  ${w}`);
  const cached = fromCache > 0 ? ` (${fromCache} from the run cache)` : '';
  const runs = `${doc.runs.ok} run(s)${cached}${doc.runs.failed > 0 ? `, ${doc.runs.failed} FAILED` : ''}`;
  out.push(`${doc.experiment}: ${doc.scenarios.length} scenario(s), ${runs} in ${elapsedSeconds.toFixed(1)} s${doc.complete ? '' : ' (INCOMPLETE)'}`);
  const single = doc.scenarios.length === 1 ? doc.scenarios[0] : undefined;
  if (single) {
    const m = (name: string) => formatInterval(name, single.metrics[name]);
    const ci = single.replications > 1 ? ` (± ${Math.round(doc.confidence * 100)}% CI half-width over ${single.replications} replications)` : '';
    out.push('');
    out.push(`Pipelines      arrived ${m('pipeline.arrived')}   completed ${m('pipeline.completed')}   in flight at end ${m('pipeline.inFlight')}`);
    out.push(`Wait (queued)  mean ${m('pipeline.wait.mean')}   p50 ${m('pipeline.wait.p50')}   p95 ${m('pipeline.wait.p95')}   p99 ${m('pipeline.wait.p99')}`);
    out.push(`Latency        mean ${m('pipeline.latency.mean')}   p50 ${m('pipeline.latency.p50')}   p95 ${m('pipeline.latency.p95')}   p99 ${m('pipeline.latency.p99')}`);
    if (single.metrics['network.bytes']) {
      out.push(`Network        utilisation ${m('network.utilisation')}   moved ${m('network.bytes')}   transfers in flight ${m('network.transfers.mean')}`);
    }
    if ((single.metrics['task.fallbacks']?.mean ?? 0) > 0) out.push(`Fallbacks      ${m('task.fallbacks')} tasks moved to their fallback pool`);
    if (single.metrics['cost.total']) {
      out.push(`Cost           total ${m('cost.total')}   capacity ${m('cost.capacity')}   energy ${m('cost.energy')}   SLA ${m('cost.sla')}   staleness ${m('cost.staleness')}`);
    }
    out.push('');
    const pools = poolTable(doc.scenarios);
    out.push(textTable(pools.header.slice(1), pools.rows.map((r) => r.slice(1))));
    out.push('', `Bottleneck     ${single.bottleneck}${ci}`);
    for (const table of [nodeTable(doc.scenarios), failureTable(doc.scenarios)]) if (table) out.push('', textTable(table.header.slice(1), table.rows.map((r) => r.slice(1))));
  } else {
    const key = keyTable(doc.scenarios);
    out.push('', textTable(key.header, key.rows));
    const costs = costTable(doc.scenarios);
    if (costs) out.push('', textTable(costs.header, costs.rows));
    for (const table of [nodeTable(doc.scenarios), failureTable(doc.scenarios)]) if (table) out.push('', textTable(table.header, table.rows));
    out.push('', `Values: mean ± ${Math.round(doc.confidence * 100)}% CI half-width across replications. Pools: see summary.md.`);
  }
  // Pipelines that could never start are not in the waits above: say how many, and where.
  const rejecting = doc.scenarios.filter((sc) => (sc.metrics['pipeline.rejected']?.mean ?? 0) > 0);
  if (rejecting.length > 0) {
    const share = (sc: (typeof rejecting)[number]) => {
      const rejected = sc.metrics['pipeline.rejected']?.mean ?? 0;
      return `${sc.label}: ${rejected.toFixed(rejected < 10 ? 1 : 0)} per run (${((100 * rejected) / (rejected + (sc.metrics['pipeline.arrived']?.mean ?? 0))).toFixed(2)}%)`;
    };
    out.push('', `Rejected       pipelines with a task needing more units than its pool has (never started, not in the waits): ${rejecting.map(share).join('; ')}`);
  }
  const short = doc.precision?.filter((p) => !p.reached) ?? [];
  if (short.length > 0) out.push('', `Stopped at max replications without the target precision: ${short.map((p) => doc.scenarios[p.scenarioIndex]?.label).join('; ')}`);
  if (doc.failures) {
    out.push('', 'Failed runs    (each error once; full messages in runs.jsonl)');
    for (const f of doc.failures) out.push(`  ${f.error}`, `    ${runList(f.runs)}`);
  }
  if (doc.pareto) out.push('', `Pareto front   ${doc.pareto.labels.join('; ') || 'none'} (beaten by no other on every one of ${doc.pareto.metrics.join(', ')})`);
  if (doc.selection) {
    const table = selectionTable(doc.selection);
    out.push('', `Selection      ${selectionSentence(doc.selection)}`, ...(table ? ['', textTable(table.header, table.rows)] : []));
  }
  if (doc.method) out.push('', `Method         ${doc.method}`);
  if (warned.length > 0) out.push('', ...warned);
  out.push('', `Results        ${dir}`);
  return out.join('\n');
}
