/**
 * The fit report's diagnostics beyond the CDFs: a P-P plot per fitted law (the law's CDF at each
 * observation against the observation's rank: a fitted law that matches lies on the diagonal,
 * and a misfit shows where), and the hour-of-week heat maps of the trace's arrivals and of the
 * fitted profile side by side.
 */
import { createDistribution } from '../random/index.js';
import { HOURS_PER_WEEK, weeklyMultipliers } from '../model/workload.js';
import { colour, common, WEEKDAYS, type ChartSpec } from '../report/chart-style.js';
import { escape } from '../report/format.js';
import type { FitResult } from './families.js';

const PP_POINTS = 100;

/** Model CDF against empirical probability at evenly spaced ranks of `sample`, for the chosen law and the best other candidate. */
export function ppChart(id: string, title: string, sample: ArrayLike<number>, f: FitResult): ChartSpec {
  const sorted = Float64Array.from(sample).sort();
  const n = sorted.length;
  const ranks = Array.from({ length: Math.min(PP_POINTS, n) }, (_, k) => Math.floor(((k + 0.5) * n) / Math.min(PP_POINTS, n)));
  const line = (spec: FitResult['chosen']) => {
    const d = createDistribution(spec);
    return ranks.map((i) => ({ x: d.cdf(sorted[i] as number), y: (i + 0.5) / n }));
  };
  const others = f.candidates.filter((c) => c.family !== f.chosenName).sort((a, b) => a.ks - b.ks);
  const datasets: Record<string, unknown>[] = [
    { label: `chosen: ${f.chosenName} (KS ${f.chosenKs.toFixed(3)})`, data: line(f.chosen), borderColor: colour(0), backgroundColor: colour(0), showLine: false, pointRadius: 2 },
  ];
  const runnerUp = others[0];
  if (runnerUp) datasets.push({ label: `next best: ${runnerUp.family} (KS ${runnerUp.ks.toFixed(3)})`, data: line(runnerUp.spec), borderColor: colour(1), backgroundColor: colour(1), showLine: false, pointRadius: 2 });
  datasets.push({ label: 'perfect fit', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], borderColor: '#999', borderDash: [4, 4], borderWidth: 1, pointRadius: 0, showLine: true });
  return {
    id, title,
    config: {
      type: 'scatter', data: { datasets },
      options: common('share of the trace at or below', { scales: { x: { type: 'linear', min: 0, max: 1, title: { display: true, text: 'fitted law\'s CDF at the observation' } }, y: { min: 0, max: 1, title: { display: true, text: 'share of the trace at or below' } } } }),
    },
  };
}

/** Arrivals per hour of the week (Monday 00:00 first) over `[first, last]`, relative to the mean rate; hours never covered are NaN. */
export function hourOfWeekRates(submits: ArrayLike<number>, first: number, last: number): Float64Array {
  const counts = new Float64Array(HOURS_PER_WEEK);
  const exposure = new Float64Array(HOURS_PER_WEEK);
  const slot = (t: number) => {
    const d = new Date(t * 1000);
    return ((d.getUTCDay() + 6) % 7) * 24 + d.getUTCHours();
  };
  for (let i = 0; i < submits.length; i++) {
    const t = submits[i] as number;
    if (t >= first && t <= last) counts[slot(t)] = (counts[slot(t)] as number) + 1;
  }
  for (let h = Math.floor(first / 3600) * 3600; h <= last; h += 3600) {
    // Each hour of the window counts by the share of it inside the window.
    const covered = Math.min(h + 3600, last) - Math.max(h, first);
    if (covered > 0) exposure[slot(h)] = (exposure[slot(h)] as number) + covered / 3600;
  }
  const rates = Float64Array.from(counts, (c, k) => ((exposure[k] as number) > 0 ? c / (exposure[k] as number) : NaN));
  const finite = rates.filter(Number.isFinite);
  const mean = finite.reduce((a, b) => a + b, 0) / (finite.length || 1);
  return rates.map((r) => (mean > 0 ? r / mean : NaN));
}

/** A 7 × 24 table whose cells are shaded by value (white 0, dark blue at the largest). */
function heatTable(caption: string, values: ArrayLike<number>, max: number): string {
  const header = `<tr><th></th>${Array.from({ length: 24 }, (_, h) => `<th>${h}</th>`).join('')}</tr>`;
  const rows = WEEKDAYS.map((day, d) => {
    const cells = Array.from({ length: 24 }, (_, h) => {
      const v = values[d * 24 + h] as number;
      if (!Number.isFinite(v)) return '<td class="heat" title="not covered">·</td>';
      const share = Math.max(0, Math.min(1, v / max));
      const light = Math.round(97 - 62 * share);
      return `<td class="heat" style="background:hsl(210,70%,${light}%);color:${light < 60 ? '#fff' : '#222'}" title="${day} ${h}:00: ${v.toFixed(2)}">${v.toFixed(1)}</td>`;
    }).join('');
    return `<tr><th>${day}</th>${cells}</tr>`;
  }).join('');
  return `<table class="heatmap"><caption>${escape(caption)}</caption>${header}${rows}</table>`;
}

/** The trace's hour-of-week arrival rates and the fitted profile's multipliers, as two heat maps on one scale. */
export function hourOfWeekHeatMaps(trace: Float64Array, fitted: { hourly: number[]; weekday: number[] }): string {
  const model = weeklyMultipliers(fitted);
  const max = Math.max(...trace.filter(Number.isFinite), ...model);
  return `<h2>Arrivals by hour of the week</h2><p>Arrival rate in each hour of the week relative to the mean rate, in the trace's window (first) and in the fitted profile (hour-of-day × weekday multipliers, second); one shading scale for both.</p>
<style>.heatmap{font-size:.65rem;border-collapse:collapse;margin:.5rem 1rem .5rem 0;display:inline-table}.heatmap td,.heatmap th{padding:.1rem .15rem;border:1px solid #eee;text-align:center}.heatmap caption{font-weight:600;text-align:left}</style>
${heatTable('Trace', trace, max)}${heatTable('Fitted profile', model, max)}`;
}
