/**
 * Charts of one run's recorded time series that read well at any horizon: each series over its
 * dates, as a mean line inside a min–max envelope once it has more samples than the page can
 * show (a year of minutes stays a few hundred points), zoomable on a range; and its average day
 * and average week (mean per hour of the day and per hour of the week), where the daily and
 * weekly cycles a long raw series hides stand out.
 */
import { ENVELOPE_BUCKETS, type RecordedEvents, type RecordedSeries, type SeriesSummary } from '../output/series-read.js';
import { colour, common, WEEKDAYS, type ChartSpec } from './chart-style.js';

const HOUR_MS = 3600_000;

/** A series to draw: its summary, and the factor from recorded values to the chart's unit. */
interface Line { label: string; summary: SeriesSummary; scale: number }

/** Datasets for one series: itself, or its stretches' means with a min–max band (unlabelled edges stay out of the legend). */
export function envelope(line: Line, index: number): Record<string, unknown>[] {
  const c = colour(index);
  const k = line.scale;
  const { points, stretches } = line.summary;
  if (points) return [{ label: line.label, data: points.map((p) => ({ x: p.x, y: p.y * k })), borderColor: c, borderWidth: 1, pointRadius: 0 }];
  const s = stretches ?? [];
  return [
    { label: `${line.label} (mean)`, data: s.map((p) => ({ x: p.x, y: p.mean * k })), borderColor: c, borderWidth: 1.2, pointRadius: 0, order: 1 },
    { label: '', data: s.map((p) => ({ x: p.x, y: p.min * k })), borderColor: 'transparent', pointRadius: 0, fill: false, order: 2 },
    { label: '', data: s.map((p) => ({ x: p.x, y: p.max * k })), borderColor: 'transparent', backgroundColor: `${c}40`, pointRadius: 0, fill: '-1', order: 2 },
  ];
}

const HOUR_LABELS = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`);
const WEEK_LABELS = WEEKDAYS.flatMap((d) => HOUR_LABELS.map((h) => `${d} ${h}`));

interface Group { id: string; title: string; unit: string; lines: Line[]; profiles: boolean; max?: number }

function groupsOf(s: RecordedSeries): Group[] {
  const pools = Object.entries(s.pools);
  const p = s.platform;
  const groups: Group[] = [
    { id: 'utilisation', title: 'Utilisation per pool', unit: 'utilisation, %', lines: pools.map(([name, v]) => ({ label: name, summary: v.utilisation, scale: 100 })), profiles: true, max: 100 },
    { id: 'queue', title: 'Tasks queued per pool (mean over each interval)', unit: 'tasks queued', lines: pools.map(([name, v]) => ({ label: name, summary: v.queue, scale: 1 })), profiles: true },
    { id: 'arrivals', title: 'Pipeline arrivals per interval', unit: 'arrivals', lines: [{ label: 'arrivals', summary: p.arrivals, scale: 1 }], profiles: true },
    { id: 'in-flight', title: 'Pipelines in flight (arrived, not finished)', unit: 'pipelines', lines: [{ label: 'in flight', summary: p.inFlight, scale: 1 }], profiles: false },
    { id: 'completed', title: 'Pipelines completed per interval', unit: 'pipelines', lines: [{ label: 'completed', summary: p.completed, scale: 1 }], profiles: false },
    { id: 'wait', title: 'Mean wait of the pipelines completed in each interval', unit: 'minutes', lines: [{ label: 'mean wait', summary: p.waitMean, scale: 1 / 60 }], profiles: true },
  ];
  const moved = p.networkBytes.points?.some((b) => b.y > 0) ?? p.networkBytes.stretches?.some((b) => b.max > 0) ?? false;
  if (moved) groups.push({ id: 'network', title: 'Bytes moved over the network per interval', unit: 'GB', lines: [{ label: 'network', summary: p.networkBytes, scale: 1e-9 }], profiles: false });
  return groups.filter((g) => g.lines.length > 0 && g.lines.some((l) => l.summary.samples > 0));
}

/** The over-time charts of run `run` (zoomable, dated), then each profiled series' average day and week. */
export function seriesCharts(run: string, series: RecordedSeries): ChartSpec[] {
  const charts: ChartSpec[] = [];
  for (const g of groupsOf(series)) {
    const datasets = g.lines.flatMap((line, i) => envelope(line, i));
    const thinned = g.lines.some((l) => l.summary.stretches !== undefined);
    charts.push({
      id: `series-${g.id}`,
      title: `${g.title}, run ${run}${thinned ? ` (line: mean of each of ${ENVELOPE_BUCKETS} stretches; band: their minimum to maximum)` : ''}; drag to zoom on a range, shift-drag to pan, double-click to reset`,
      zoom: true,
      config: {
        type: 'line', data: { datasets },
        options: common(g.unit, {
          parsing: false,
          scales: {
            x: { type: 'time', min: series.first - (Number.isFinite(series.interval) ? series.interval : HOUR_MS), max: series.last, time: { tooltipFormat: 'yyyy-MM-dd HH:mm' }, title: { display: true, text: 'date (simulated; warm-up included)' } },
            y: { beginAtZero: true, ...(g.max === undefined ? {} : { max: g.max }), title: { display: true, text: g.unit } },
          },
          plugins: {
            legend: { position: 'bottom' },
            zoom: { zoom: { drag: { enabled: true }, mode: 'x' }, pan: { enabled: true, mode: 'x', modifierKey: 'shift' } },
          },
        }),
      },
    });
    if (!g.profiles) continue;
    for (const period of ['day', 'week'] as const) {
      charts.push({
        id: `series-${g.id}-${period}`,
        title: `${g.title}: the average ${period} (mean per hour of the ${period})`,
        config: {
          type: 'line',
          data: {
            labels: period === 'day' ? HOUR_LABELS : WEEK_LABELS,
            datasets: g.lines.map((line, i) => ({ label: line.label, data: line.summary[period].map((v) => (v === null ? null : v * line.scale)), borderColor: colour(i), borderWidth: 1.2, pointRadius: 0, spanGaps: true })),
          },
          options: common(g.unit, { scales: { x: { ticks: { autoSkip: true, maxTicksLimit: period === 'day' ? 12 : 14 } }, y: { beginAtZero: true, ...(g.max === undefined ? {} : { max: g.max }), title: { display: true, text: g.unit } } } }),
        },
      });
    }
  }
  return charts;
}

/** Each recorded task's wait at its start date, one colour per pool. */
export function eventsChart(run: string, events: RecordedEvents): ChartSpec {
  const pools = [...new Set(events.pools)].sort();
  const data = pools.map(() => [] as { x: number; y: number }[]);
  events.startTimes.forEach((x, i) => {
    const w = events.waitSeconds[i] as number;
    if (Number.isFinite(w)) (data[pools.indexOf(events.pools[i] as string)] as { x: number; y: number }[]).push({ x, y: w / 60 });
  });
  return {
    id: 'events-wait',
    title: `Recorded tasks of run ${run}: each one's wait at its start${events.step > 1 ? ` (one in ${events.step} of ${events.total.toLocaleString('en-US')})` : ''}; drag to zoom, double-click to reset`,
    zoom: true,
    config: {
      type: 'scatter',
      data: { datasets: pools.map((pool, i) => ({ label: pool, data: data[i], backgroundColor: `${colour(i)}99`, borderColor: colour(i), pointRadius: 2 })) },
      options: common('minutes', {
        parsing: false,
        scales: { x: { type: 'time', title: { display: true, text: 'start date (simulated)' } }, y: { beginAtZero: true, title: { display: true, text: 'wait, minutes' } } },
        plugins: { legend: { position: 'bottom' }, zoom: { zoom: { drag: { enabled: true }, mode: 'xy' }, pan: { enabled: true, mode: 'xy', modifierKey: 'shift' } } },
      }),
    },
  };
}
