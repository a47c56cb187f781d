/** What every page's charts share: the chart spec, the palette and the common Chart.js options. */

/** One chart: a title and a Chart.js configuration (plain JSON, no callbacks). */
export interface ChartSpec {
  id: string;
  title: string;
  config: Record<string, unknown>;
  /** Pixels; charts with a row per item grow with their rows (default 340). */
  height?: number;
  /** A time axis that zooms: the page then carries the date adapter and the zoom plugin. */
  zoom?: boolean;
}

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
/** Ten distinct colours, then more around the hue circle: a chart of 12 series never repeats one. */
export const colour = (i: number) => PALETTE[i] ?? hsl(i);
function hsl(i: number): string {
  // Golden-angle steps spread any number of hues; fixed saturation and lightness keep them legible. As hex: the band fills append an alpha.
  const h = ((i - PALETTE.length) * 137.508) % 360;
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    const c = 0.45 - 0.45 * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(255 * c).toString(16).padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export const common = (yTitle: string, extra: Record<string, unknown> = {}) => ({
  animation: false,
  responsive: true,
  maintainAspectRatio: false,
  plugins: { legend: { position: 'bottom' } },
  scales: { y: { title: { display: true, text: yTitle }, beginAtZero: true } },
  ...extra,
});

