/**
 * The Pareto front of a sweep in the report (`pareto:`): a table of every scenario's trade-off
 * metrics with the front marked, and the scenarios plotted on the first two metrics, the front
 * joined up.
 */
import type { SummaryDocument } from '../output/documents.js';
import type { ChartSpec } from './chart-style.js';
import { colour, common } from './chart-style.js';
import { escape, formatInterval, htmlTable } from './format.js';

/** Minutes for waits and latencies (seconds are unreadable at platform scale), else the value. */
const scaleOf = (metric: string) => (/wait|latency/.test(metric) ? { factor: 1 / 60, unit: 'minutes' } : { factor: 1, unit: '' });

export function paretoSection(summary: SummaryDocument): { html: string; chart: ChartSpec | undefined } | undefined {
  const pareto = summary.pareto;
  if (!pareto || pareto.metrics.length === 0) return undefined;
  const onFront = new Set(pareto.front);
  const table = htmlTable({
    header: ['scenario', ...pareto.metrics, 'Pareto front'],
    rows: summary.scenarios.map((s) => [s.label, ...pareto.metrics.map((m) => formatInterval(m, s.metrics[m])), onFront.has(s.index) ? 'yes' : '']),
  });
  const html = `<h2>Pareto front</h2><p>${pareto.front.length} of ${summary.scenarios.length} scenarios are beaten by no other on every one of ${pareto.metrics.map(escape).join(', ')} (by their means).</p>${table}`;
  const [xMetric, yMetric] = pareto.metrics as [string, string];
  const x = scaleOf(xMetric);
  const y = scaleOf(yMetric);
  const point = (s: SummaryDocument['scenarios'][number]) => ({ x: (s.metrics[xMetric]?.mean ?? NaN) * x.factor, y: (s.metrics[yMetric]?.mean ?? NaN) * y.factor, label: s.label });
  const front = summary.scenarios.filter((s) => onFront.has(s.index)).map(point).sort((a, b) => a.x - b.x);
  const others = summary.scenarios.filter((s) => !onFront.has(s.index)).map(point);
  const axis = (metric: string, unit: string) => ({ title: { display: true, text: unit ? `${metric} (${unit})` : metric } });
  const chart: ChartSpec = {
    id: 'pareto',
    title: `Pareto front on ${xMetric} and ${yMetric}${pareto.metrics.length > 2 ? ` (front over all ${pareto.metrics.length} metrics)` : ''}`,
    config: {
      type: 'scatter',
      data: {
        datasets: [
          { label: 'Pareto front', data: front, showLine: true, borderColor: colour(3), backgroundColor: colour(3), pointRadius: 5 },
          { label: 'dominated', data: others, borderColor: '#999999', backgroundColor: '#99999988', pointRadius: 4 },
        ],
      },
      options: common('', { scales: { x: { type: 'linear', ...axis(xMetric, x.unit) }, y: axis(yMetric, y.unit) } }),
    },
  };
  return { html, chart };
}
