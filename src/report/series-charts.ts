/**
 * Charts of one run's recorded time series that read well at any horizon: each series over its
 * dates, as a mean line inside a min–max envelope once it has more samples than the page can
 * show (a year of minutes stays a few hundred points), zoomable on a range; and its average day
 * and average week (mean per hour of the day and per hour of the week), where the daily and
 * weekly cycles a long raw series hides stand out.
 */
import type { RecordedEvents, RecordedSeries } from '../output/series-read.js';
import { colour, common, WEEKDAYS, type ChartSpec } from './chart-style.js';

/** Points per line before a series is drawn as an envelope of bucket means, minima and maxima. */
export const ENVELOPE_BUCKETS = 400;
const HOUR_MS = 3600_000;

interface Line { label: string; values: readonly number[] }

/** Datasets for one series: itself, or its bucket means with a min–max band (unlabelled edges stay out of the legend). */
export function envelope(line: Line, times: readonly number[], index: number, buckets = ENVELOPE_BUCKETS): Record<string, unknown>[] {
  const n = Math.min(times.length, line.values.length);
  const c = colour(index);
  if (n <= 2 * buckets) {
    const data = [];
    for (let i = 0; i < n; i++) if (Number.isFinite(line.values[i])) data.push({ x: times[i], y: line.values[i] });
    return [{ label: line.label, data, borderColor: c, borderWidth: 1, pointRadius: 0 }];
  }
  const mean: { x: number; y: number }[] = [];
  const low: { x: number; y: number }[] = [];
  const high: { x: number; y: number }[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets);
    const to = Math.floor(((b + 1) * n) / buckets);
    let sum = 0;
    let count = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = from; i < to; i++) {
      const v = line.values[i] as number;
      if (!Number.isFinite(v)) continue;
      sum += v;
      count++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (count === 0) continue;
    const x = times[to - 1] as number;
    mean.push({ x, y: sum / count });
    low.push({ x, y: min });
    high.push({ x, y: max });
  }
  return [
    { label: `${line.label} (mean)`, data: mean, borderColor: c, borderWidth: 1.2, pointRadius: 0, order: 1 },
    { label: '', data: low, borderColor: 'transparent', pointRadius: 0, fill: false, order: 2 },
    { label: '', data: high, borderColor: 'transparent', backgroundColor: `${c}40`, pointRadius: 0, fill: '-1', order: 2 },
  ];
}

/** Mean of `values` per hour of the week (Monday 00:00 first) or of the day, by each sample's date. */
export function averageBy(values: readonly number[], times: readonly number[], period: 'day' | 'week'): (number | null)[] {
  const slots = period === 'day' ? 24 : 168;
  const sum = new Float64Array(slots);
  const count = new Float64Array(slots);
  for (let i = 0; i < Math.min(values.length, times.length); i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) continue;
    // The interval a sample closes: its hour is the one just before its timestamp.
    const d = new Date((times[i] as number) - 1);
    const hour = d.getUTCHours();
    const slot = period === 'day' ? hour : ((d.getUTCDay() + 6) % 7) * 24 + hour;
    sum[slot] = (sum[slot] as number) + v;
    count[slot] = (count[slot] as number) + 1;
  }
  return Array.from(sum, (s, k) => ((count[k] as number) > 0 ? s / (count[k] as number) : null));
}

const HOUR_LABELS = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`);
const WEEK_LABELS = WEEKDAYS.flatMap((d) => HOUR_LABELS.map((h) => `${d} ${h}`));

interface Group { id: string; title: string; unit: string; times: readonly number[]; lines: Line[]; profiles: boolean; max?: number }

function groupsOf(s: RecordedSeries): Group[] {
  const pools = Object.entries(s.pools);
  const p = s.platform;
  const groups: Group[] = [
    { id: 'utilisation', title: 'Utilisation per pool', unit: 'utilisation, %', times: s.poolTimes, lines: pools.map(([name, v]) => ({ label: name, values: v.utilisation.map((u) => 100 * u) })), profiles: true, max: 100 },
    { id: 'queue', title: 'Tasks queued per pool (mean over each interval)', unit: 'tasks queued', times: s.poolTimes, lines: pools.map(([name, v]) => ({ label: name, values: v.queue })), profiles: true },
    { id: 'arrivals', title: 'Pipeline arrivals per interval', unit: 'arrivals', times: s.platformTimes, lines: [{ label: 'arrivals', values: p.arrivals }], profiles: true },
    { id: 'in-flight', title: 'Pipelines in flight (arrived, not finished)', unit: 'pipelines', times: s.platformTimes, lines: [{ label: 'in flight', values: p.inFlight }], profiles: false },
    { id: 'completed', title: 'Pipelines completed per interval', unit: 'pipelines', times: s.platformTimes, lines: [{ label: 'completed', values: p.completed }], profiles: false },
    { id: 'wait', title: 'Mean wait of the pipelines completed in each interval', unit: 'minutes', times: s.platformTimes, lines: [{ label: 'mean wait', values: p.waitMean.map((w) => w / 60) }], profiles: true },
  ];
  if (p.networkBytes.some((b) => b > 0)) {
    groups.push({ id: 'network', title: 'Bytes moved over the network per interval', unit: 'GB', times: s.platformTimes, lines: [{ label: 'network', values: p.networkBytes.map((b) => b / 1e9) }], profiles: false });
  }
  return groups.filter((g) => g.lines.length > 0 && g.times.length > 0);
}

/** The over-time charts of run `run` (zoomable, dated), then each profiled series' average day and week. */
export function seriesCharts(run: string, series: RecordedSeries): ChartSpec[] {
  const charts: ChartSpec[] = [];
  for (const g of groupsOf(series)) {
    const datasets = g.lines.flatMap((line, i) => envelope(line, g.times, i));
    const first = g.times[0] as number;
    const last = g.times[g.times.length - 1] as number;
    const thinned = g.times.length > 2 * ENVELOPE_BUCKETS;
    charts.push({
      id: `series-${g.id}`,
      title: `${g.title}, run ${run}${thinned ? ' (line: mean of each of 400 stretches; band: their minimum to maximum)' : ''}; drag to zoom on a range, shift-drag to pan, double-click to reset`,
      zoom: true,
      config: {
        type: 'line', data: { datasets },
        options: common(g.unit, {
          parsing: false,
          scales: {
            x: { type: 'time', min: first - (g.times.length > 1 ? (g.times[1] as number) - first : HOUR_MS), max: last, time: { tooltipFormat: 'yyyy-MM-dd HH:mm' }, title: { display: true, text: 'date (simulated; warm-up included)' } },
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
            datasets: g.lines.map((line, i) => ({ label: line.label, data: averageBy(line.values, g.times, period), borderColor: colour(i), borderWidth: 1.2, pointRadius: 0, spanGaps: true })),
          },
          options: common(g.unit, { scales: { x: { ticks: { autoSkip: true, maxTicksLimit: period === 'day' ? 12 : 14 } }, y: { beginAtZero: true, ...(g.max === undefined ? {} : { max: g.max }), title: { display: true, text: g.unit } } } }),
        },
      });
    }
  }
  return charts;
}

/** Points the task-events chart shows at most (every k-th recorded task beyond). */
export const EVENT_POINTS = 2000;

/** Each recorded task's wait at its start date, one colour per pool. */
export function eventsChart(run: string, events: RecordedEvents): ChartSpec {
  const n = events.startTimes.length;
  const step = Math.max(1, Math.ceil(n / EVENT_POINTS));
  const pools = [...new Set(events.pools)].sort();
  const data = pools.map(() => [] as { x: number; y: number }[]);
  for (let i = 0; i < n; i += step) {
    const w = events.waitSeconds[i] as number;
    if (Number.isFinite(w)) (data[pools.indexOf(events.pools[i] as string)] as { x: number; y: number }[]).push({ x: events.startTimes[i] as number, y: w / 60 });
  }
  return {
    id: 'events-wait',
    title: `Recorded tasks of run ${run}: each one's wait at its start${step > 1 ? ` (one in ${step} of ${n.toLocaleString('en-US')})` : ''}; drag to zoom, double-click to reset`,
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
