/**
 * report.html: a self-contained page (Chart.js and the data inlined; opens offline from the
 * file system) with the experiment's parameters, the summary tables and charts: key metrics
 * with CI error bars, utilisation per pool, the wait-time distribution, arrivals by hour of day
 * and weekday, the comparison as a forest plot, and the forecast curve.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { stringify } from 'yaml';
import type { ComparisonReport, ForecastReport, SummaryDocument } from '../output/documents.js';
import type { ScenarioSummary } from '../stats/index.js';
import { paretoSection } from './pareto-chart.js';
import { selectionSentence, selectionTable } from './selection.js';
import { costTable, failureTable, FAILURES_NOTE, keyTable, nodeTable, NODES_NOTE, poolNames, poolTable, KEY_METRICS } from './tables.js';
import { comparisonHtml } from './comparison.js';
import { headline } from './headline.js';
import { cheapestTable, forecastConclusion, forecastNotes, forecastTable } from './forecast.js';
import { escape, formatMetric, htmlTable } from './format.js';
import type { RecordedEvents, RecordedSeries } from '../output/series-read.js';
import { eventsChart, seriesCharts } from './series-charts.js';
import { nodeUtilisationCharts, nodeUtilisationTables } from './node-charts.js';
import { colour, common, WEEKDAYS, type ChartSpec } from './chart-style.js';

const MINUTE = 60;
export { colour, common, WEEKDAYS, type ChartSpec } from './chart-style.js';

/** Mean bars with their confidence interval as a thin floating bar (an error bar). */
function metricChart(scenarios: readonly ScenarioSummary[], metric: string, title: string, unit = 'minutes', scale = 1 / MINUTE): ChartSpec {
  const minutes = (x: number) => (Number.isFinite(x) ? x * scale : null);
  // A single replication has no interval: no whiskers, and no legend entry that promises one.
  const intervals = scenarios.some((s) => Number.isFinite(s.metrics[metric]?.low ?? NaN));
  return {
    id: `metric-${metric.replace(/\W+/g, '-')}`,
    title: `${title} (${unit}; ${intervals ? 'bars: mean, whiskers: confidence interval' : 'one replication: no interval'})`,
    config: {
      type: 'bar',
      data: {
        labels: scenarios.map((s) => s.label),
        datasets: [
          { label: 'mean', data: scenarios.map((s) => minutes(s.metrics[metric]?.mean ?? NaN)), backgroundColor: '#9ecae1', grouped: false, order: 2 },
          ...(!intervals ? [] : [{
            label: 'confidence interval',
            data: scenarios.map((s) => {
              const i = s.metrics[metric];
              return i && Number.isFinite(i.low) ? [minutes(i.low), minutes(i.high)] : null;
            }),
            backgroundColor: '#08306b', barPercentage: 0.08, grouped: false, order: 1,
          }]),
        ],
      },
      options: common(unit),
    },
  };
}

/**
 * The chart a sweep over a numeric parameter (GPUs, say) exists for: the metric against that
 * parameter, one line per combination of the other grid values (per policy), each with its
 * confidence band. Undefined without a numeric grid parameter of at least two values.
 */
function versusChart(scenarios: readonly ScenarioSummary[], metric: string, confidence: number): ChartSpec | undefined {
  const names = Object.keys(scenarios[0]?.parameters ?? {});
  const numeric = names.find((n) => scenarios.every((s) => typeof s.parameters[n] === 'number') && new Set(scenarios.map((s) => s.parameters[n])).size >= 2);
  if (numeric === undefined || !scenarios.some((s) => s.metrics[metric])) return undefined;
  // Lines are named as the scenario labels name them (policies by name), less the swept parameter.
  const others = (s: ScenarioSummary) => s.label.split(', ').filter((part) => {
    const [key = '', value] = part.split('=');
    return !(numeric.endsWith(key) && value === String(s.parameters[numeric]));
  }).join(', ') || metric;
  const lines = new Map<string, ScenarioSummary[]>();
  for (const s of scenarios) lines.set(others(s), [...(lines.get(others(s)) ?? []), s]);
  const point = (s: ScenarioSummary, pick: 'mean' | 'low' | 'high') => {
    const i = s.metrics[metric];
    const v = i ? (pick === 'mean' || !Number.isFinite(i[pick]) ? i.mean : i[pick]) : NaN;
    return { x: s.parameters[numeric] as number, y: v / MINUTE };
  };
  const datasets = [...lines.entries()].flatMap(([label, members], k) => {
    const sorted = [...members].sort((a, b) => (a.parameters[numeric] as number) - (b.parameters[numeric] as number));
    const c = colour(k);
    // The band: its lower edge, then its upper edge filled down to it.
    return [
      { label: '', data: sorted.map((s) => point(s, 'low')), borderWidth: 0, pointRadius: 0, fill: false, borderColor: c },
      { label: '', data: sorted.map((s) => point(s, 'high')), borderWidth: 0, pointRadius: 0, fill: '-1', backgroundColor: `${c}33`, borderColor: c },
      { label, data: sorted.map((s) => point(s, 'mean')), borderColor: c, backgroundColor: c, borderWidth: 2, fill: false },
    ];
  });
  return {
    id: `versus-${numeric}`,
    title: `${metric} against ${numeric}, one line per ${names.filter((n) => n !== numeric).map((n) => n.split('.').pop()).join(' × ') || 'scenario'}, with ${Math.round(confidence * 100)}% bands`,
    config: {
      type: 'line',
      data: { datasets },
      options: common('minutes', {
        scales: { x: { type: 'linear', title: { display: true, text: numeric } }, y: { beginAtZero: true, title: { display: true, text: 'minutes' } } },
      }),
    },
  };
}

function utilisationChart(scenarios: readonly ScenarioSummary[]): ChartSpec {
  const pools = poolNames(scenarios);
  return {
    id: 'utilisation',
    title: 'Utilisation per pool (%)',
    config: {
      type: 'bar',
      data: {
        labels: scenarios.map((s) => s.label),
        datasets: pools.map((p, i) => ({ label: p, backgroundColor: colour(i), data: scenarios.map((s) => 100 * (s.metrics[`pool.${p}.utilisation`]?.mean ?? NaN)) })),
      },
      options: common('% of capacity busy', { scales: { y: { beginAtZero: true, max: 100, title: { display: true, text: '% busy' } } } }),
    },
  };
}

function waitDistributionChart(scenarios: readonly ScenarioSummary[]): ChartSpec | undefined {
  const withData = scenarios.filter((s) => s.distributions);
  const first = withData[0]?.distributions?.pipelineWait;
  if (!first) return undefined;
  // From 1 s up: shorter waits are shown with the zero bin.
  const start = Math.max(0, -first.minExponent);
  const labels = ['< 1 s', ...first.counts.slice(start).map((_, k) => {
    const seconds = 2 ** (k + 1);
    return seconds < 120 ? `< ${seconds} s` : seconds < 7200 ? `< ${Math.round(seconds / 60)} min` : `< ${(seconds / 3600).toPrecision(2)} h`;
  })];
  let last = 1;
  const series = withData.map((s) => {
    const w = s.distributions!.pipelineWait;
    const total = w.zeros + w.counts.reduce((a, b) => a + b, 0);
    const values = [w.zeros + w.counts.slice(0, start).reduce((a, b) => a + b, 0), ...w.counts.slice(start)].map((c) => (total > 0 ? (100 * c) / total : 0));
    values.forEach((v, i) => { if (v > 0) last = Math.max(last, i + 1); });
    return values;
  });
  return {
    id: 'wait-distribution',
    title: 'Pipeline wait distribution (% of pipelines per bin; bins double in width)',
    config: {
      type: 'line',
      data: {
        labels: labels.slice(0, last),
        datasets: withData.map((s, i) => ({ label: s.label, data: series[i]!.slice(0, last), borderColor: colour(i), backgroundColor: colour(i), tension: 0.2 })),
      },
      options: common('% of pipelines'),
    },
  };
}

function arrivalCharts(scenarios: readonly ScenarioSummary[]): ChartSpec[] {
  const week = scenarios.find((s) => s.distributions)?.distributions?.arrivalsByHourOfWeek;
  if (!week) return [];
  const byHour = Array.from({ length: 24 }, (_, h) => WEEKDAYS.reduce((sum, _d, d) => sum + (week[d * 24 + h] ?? 0), 0));
  const byDay = WEEKDAYS.map((_, d) => week.slice(d * 24, d * 24 + 24).reduce((a, b) => a + b, 0));
  const bars = (id: string, title: string, labels: string[], data: number[]) => ({
    id, title, config: { type: 'bar', data: { labels, datasets: [{ label: 'arrivals', data, backgroundColor: '#6baed6' }] }, options: common('pipelines arrived') },
  });
  return [
    bars('arrivals-hour', `Arrivals by hour of day (${scenarios[0]?.label ?? ''}; all scenarios share arrivals)`, byHour.map((_, h) => `${h}:00`), byHour),
    bars('arrivals-weekday', 'Arrivals by weekday', WEEKDAYS, byDay),
  ];
}

/** Paired differences with their intervals, one row per (scenario, metric), as % of the baseline mean. */
function forestChart(report: ComparisonReport): ChartSpec {
  const rows = report.comparisons.filter((c) => Number.isFinite(c.low) && c.baselineMean !== 0);
  const labels = rows.map((c) => `${c.label} · ${c.metric}`);
  // A row per comparison, each labelled: the chart grows with its rows rather than skipping labels.
  const height = Math.max(340, 26 * rows.length + 90);
  const percent = (x: number, c: { baselineMean: number }) => (100 * x) / Math.abs(c.baselineMean);
  return {
    id: 'comparison-forest',
    title: `Paired differences vs baseline (${report.baseline}) in % of the baseline's mean; green: better, red: worse, blue: equivalent, grey: inconclusive`,
    config: {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { label: `${Math.round(report.confidence * 100)}% interval`, data: rows.map((c) => [percent(c.low, c), percent(c.high, c)]), backgroundColor: rows.map((c) => (c.verdict === 'better' ? '#31a354' : c.verdict === 'worse' ? '#de2d26' : c.verdict === 'equivalent' ? '#3182bd' : '#969696')), barPercentage: 0.5, grouped: false },
          { type: 'scatter', label: 'mean difference', data: rows.map((c, i) => ({ x: percent(c.meanDifference, c), y: labels[i] })), backgroundColor: '#000000', pointRadius: 3 },
        ],
      },
      options: common('', { indexAxis: 'y', scales: { x: { title: { display: true, text: 'difference (% of baseline mean)' } }, y: { type: 'category', ticks: { autoSkip: false } } } }),
    },
    height,
  };
}

function forecastChart(report: ForecastReport): ChartSpec {
  const pools = Object.keys(report.steps[0]?.capacities ?? {});
  return {
    id: 'forecast',
    title: `Capacity needed as users grow (${report.objective.metric} within the objective on the CI's upper bound)`,
    config: {
      type: 'line',
      data: {
        labels: report.steps.map((s) => `${s.growth}×`),
        datasets: [
          ...pools.map((p, i) => ({ label: `${p} needed`, data: report.steps.map((s) => s.capacities[p] ?? null), borderColor: colour(i), backgroundColor: colour(i), stepped: false })),
          // Today's capacity as a dashed level: where the curve crosses it, the platform must grow.
          ...pools.filter((p) => Number.isFinite(report.today?.[p])).map((p) => ({ label: `${p} today`, data: report.steps.map(() => report.today?.[p] as number), borderColor: colour(pools.indexOf(p)), borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0, fill: false })),
        ],
      },
      options: common('units of capacity'),
    },
  };
}

export { escape, htmlTable } from './format.js';

const libraries = new Map<string, string>();
/** A browser build of a package, inlined into pages (read once). */
function browserBuild(pkg: string, file: string): string {
  let text = libraries.get(pkg);
  if (text === undefined) {
    const require = createRequire(import.meta.url);
    // Browser builds are not in the packages' exports maps: they sit beside each package's CommonJS entry.
    text = readFileSync(path.join(path.dirname(require.resolve(pkg)), file), 'utf8');
    libraries.set(pkg, text);
  }
  return text;
}

/** Chart.js, and for zoomable time axes its date adapter (date-fns bundled) and zoom plugin (with Hammer for touch). */
function chartLibraries(zoom: boolean): string {
  const scripts = [browserBuild('chart.js', 'chart.umd.min.js')];
  if (zoom) {
    scripts.push(browserBuild('chartjs-adapter-date-fns', 'chartjs-adapter-date-fns.bundle.min.js'), browserBuild('hammerjs', 'hammer.min.js'), browserBuild('chartjs-plugin-zoom', 'chartjs-plugin-zoom.min.js'));
  }
  return scripts.map((s) => `<script>${s}</script>`).join('\n');
}

export interface ReportInput {
  title: string;
  resolved: Record<string, unknown>;
  summary?: SummaryDocument;
  comparison?: ComparisonReport;
  forecast?: ForecastReport;
  /** One run's recorded time series. */
  overTime?: { run: string; series: RecordedSeries };
  /** One run's recorded task events. */
  events?: { run: string; events: RecordedEvents };
}

/** The whole page as one string. */
export function reportHtml(input: ReportInput): string {
  const charts: ChartSpec[] = [];
  const sections: string[] = [];
  const scenarios = input.summary?.scenarios ?? [];
  if (input.summary) {
    sections.push(`<div class="headline">${headline(input.summary, input.comparison).map((l) => `<p><strong>${escape(l)}</strong></p>`).join('')}</div>`);
    if (input.summary.warnings) sections.push(`<h2>Warnings</h2><ul class="warnings">${input.summary.warnings.map((w) => `<li><strong>${escape(w)}</strong></li>`).join('')}</ul>`);
    sections.push(`<h2>Key metrics</h2><p>Means over replications ± the half-width of the ${Math.round(input.summary.confidence * 100)}% Student-t interval. ${input.summary.runs.ok} run(s) ok, ${input.summary.runs.failed} failed${input.summary.complete ? '' : '; <strong>incomplete</strong>'}.</p>${htmlTable(keyTable(scenarios))}`);
    if (input.summary.method) sections.push(`<p class="method">${escape(input.summary.method)}</p>`);
    const costs = costTable(scenarios);
    if (costs) sections.push(`<h2>Costs</h2><p>Over the measured horizon, in the currency of the experiment's <code>cost:</code> prices.</p>${htmlTable(costs)}`);
    sections.push(`<h2>Pools</h2>${htmlTable(poolTable(scenarios))}`);
    const nodes = nodeTable(scenarios);
    if (nodes) sections.push(`<h2>Nodes</h2><p>${escape(NODES_NOTE)}</p>${htmlTable(nodes)}${nodeUtilisationTables(scenarios)}`);
    const failures = failureTable(scenarios);
    if (failures) sections.push(`<h2>Failures</h2><p>${escape(FAILURES_NOTE)}</p>${htmlTable(failures)}`);
    const selection = input.summary.selection;
    if (selection) {
      const table = selectionTable(selection);
      sections.push(`<h2>Selecting the best</h2><p><strong>${escape(selectionSentence(selection))}</strong></p>${table ? htmlTable(table) : ''}`);
    }
    const pareto = paretoSection(input.summary);
    if (pareto) {
      sections.push(pareto.html);
      if (pareto.chart) charts.push(pareto.chart);
    }
    const versus = versusChart(scenarios, scenarios.some((s) => s.metrics['pipeline.wait.inclusive.mean']) ? 'pipeline.wait.inclusive.mean' : 'pipeline.wait.mean', input.summary.confidence);
    if (versus) charts.push(versus);
    for (const [metric, title] of KEY_METRICS.filter(([m]) => /wait|latency/.test(m))) charts.push(metricChart(scenarios, metric, `Pipeline ${title}`));
    charts.push(utilisationChart(scenarios));
    charts.push(...nodeUtilisationCharts(scenarios));
    if (scenarios.some((s) => s.metrics['quality.mean'])) {
      charts.push(metricChart(scenarios, 'quality.mean', 'Time-averaged quality of deployed models', 'quality, 0-1', 1));
      charts.push(metricChart(scenarios, 'quality.belowThreshold', 'Share of model-time below the quality threshold', '%', 100));
    }
    const waits = waitDistributionChart(scenarios);
    if (waits) charts.push(waits);
    charts.push(...arrivalCharts(scenarios));
  }
  if (input.overTime) charts.push(...seriesCharts(input.overTime.run, input.overTime.series));
  if (input.events && input.events.events.startTimes.length > 0) charts.push(eventsChart(input.events.run, input.events.events));
  if (input.comparison) {
    sections.push(comparisonHtml(input.comparison));
    charts.push(forestChart(input.comparison));
  }
  if (input.forecast) {
    const f = input.forecast;
    const conclusion = forecastConclusion(f);
    sections.push(`<h2>Capacity forecast</h2>${conclusion.map((c) => `<p><strong>${escape(c)}</strong></p>`).join('')}${htmlTable(forecastTable(f))}<p>Smallest capacity per pool whose ${Math.round(f.confidence * 100)}% interval of ${escape(f.objective.metric)} (over ${f.replications} replications) stays within ${escape(formatMetric(f.objective.metric, f.objective.max))} on its pessimistic side; ${f.evaluations} capacity assignments evaluated.${f.complete ? '' : ' <strong>Interrupted</strong>: the growth factors answered so far.'}</p>`);
    const cheapest = cheapestTable(f);
    const notes = forecastNotes(f);
    if (cheapest) sections.push(`<h2>Cheapest platform</h2>${htmlTable(cheapest)}<p>${escape(notes.cheapest)}</p>`);
    sections.push(`<p>${escape(notes.check)}</p>`);
    charts.push(forecastChart(f));
  }
  const details = `<details><summary>Experiment parameters (resolved: every default filled in; seconds and bytes)</summary><pre>${escape(stringify(input.resolved))}</pre></details>`;
  const intro = input.resolved.description ? `<p>${escape(String(input.resolved.description))}</p>` : '';
  return htmlPage({ title: input.title, kind: 'PipeSim report', body: [intro, ...sections], charts, after: details });
}

/**
 * A self-contained page: sections of HTML, then the charts, then `after`; Chart.js and the
 * chart data are inlined so it opens offline from the file system.
 */
export function htmlPage(page: { title: string; kind: string; body: string[]; charts: ChartSpec[]; after?: string }): string {
  const chartHtml = page.charts.map((c) => `<figure><figcaption>${escape(c.title)}</figcaption><div class="chart"${c.height ? ` style="height:${c.height}px"` : ''}><canvas id="${c.id}"></canvas></div></figure>`).join('\n');
  const data = JSON.stringify(page.charts.map((c) => ({ id: c.id, config: c.config }))).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(page.title)} — ${escape(page.kind)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}td:first-child,th:first-child{text-align:left}
figure{margin:2rem 0}figcaption{font-weight:600;margin-bottom:.5rem}.chart{position:relative;height:340px}
pre{background:#f6f6f6;padding:1rem;overflow:auto;font-size:.8rem}
</style></head><body>
<h1>${escape(page.title)}</h1>
${page.body.join('\n')}
${chartHtml}
${page.after ?? ''}
${chartLibraries(page.charts.some((c) => c.zoom))}
<script type="application/json" id="pipesim-charts">${data}</script>
<script>
// Datasets without a label (the edges of a confidence band) stay out of the legend.
Chart.defaults.plugins.legend.labels.filter = (item) => item.text !== '';
for (const chart of JSON.parse(document.getElementById('pipesim-charts').textContent)) {
  const canvas = document.getElementById(chart.id);
  const instance = new Chart(canvas, chart.config);
  if (chart.config.options?.plugins?.zoom) canvas.addEventListener('dblclick', () => instance.resetZoom());
}
</script>
</body></html>
`;
}
