/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * report.html opens offline in headless Chromium (Debian's, installed by .ci/run), every chart
 * renders (a Chart.js instance with painted pixels), the console has no errors, and the page
 * requests nothing from the network.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { colour } from '../../src/report/html.js';
import { onlyRunDir, pipesim, tempDir } from '../helpers/cli.js';

let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
});

/** Opens a report; returns its chart ids, which painted, console errors and outside requests. */
async function inspect(file: string) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors: string[] = [];
  const outside: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => { if (!r.url().startsWith('file:')) outside.push(r.url()); });
  await page.goto(pathToFileURL(file).href);
  const charts = await page.evaluate(() => {
    const g = globalThis as unknown as { Chart: { getChart(c: HTMLCanvasElement): unknown } };
    return [...document.querySelectorAll('canvas')].map((canvas) => {
      const ctx = canvas.getContext('2d')!;
      const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted++;
      return { id: canvas.id, chart: g.Chart.getChart(canvas) !== undefined, painted };
    });
  });
  await page.close();
  return { charts, errors, outside };
}

it('renders every chart of a sweep with a comparison, offline and without console errors', async () => {
  const root = tempDir();
  const file = path.join(root, 'report.yaml');
  writeFileSync(file, readFileSync('test/fixtures/experiments/small-sweep.yaml', 'utf8').replace('name: small-sweep', 'name: report') +
    'compare:\n  baseline: { policy.scheduler: fifo }\n');
  expect((await pipesim(['run', file, '--out', root, '--no-progress'])).code).toBe(0);
  const report = path.join(onlyRunDir(root, 'report', readdirSync), 'report.html');
  const { charts, errors, outside } = await inspect(report);
  expect(charts.map((c) => c.id)).toEqual([
    // The sweep over GPUs: wait against capacity, one line per policy, with bands.
    'versus-platform.pools.gpu.capacity',
    'metric-pipeline-wait-mean', 'metric-pipeline-wait-p95', 'metric-pipeline-latency-mean', 'metric-pipeline-latency-p95',
    'utilisation', 'wait-distribution', 'arrivals-hour', 'arrivals-weekday', 'comparison-forest',
  ]);
  for (const c of charts) {
    expect(c.chart, c.id).toBe(true);
    expect(c.painted, c.id).toBeGreaterThan(1000);
  }
  expect(errors).toEqual([]);
  expect(outside).toEqual([]);
  const html = readFileSync(report, 'utf8');
  expect(html).toContain('Key metrics');
  expect(html).not.toMatch(/<script[^>]+src=/);
});

/** The forest plot's row labels as Chart.js laid them out: how many rows, how many labelled, and the closest two labels (pixels). */
async function forestLabels(file: string) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(pathToFileURL(file).href);
  const out = await page.evaluate(() => {
    type Scale = { ticks: unknown[]; getPixelForTick(i: number): number; _labelItems?: unknown[] };
    const g = globalThis as unknown as { Chart: { getChart(c: HTMLCanvasElement): { data: { labels: unknown[] }; scales: { y: Scale } } | undefined } };
    const chart = g.Chart.getChart(document.getElementById('comparison-forest') as HTMLCanvasElement)!;
    const y = chart.scales.y;
    const pixels = y.ticks.map((_, i) => y.getPixelForTick(i));
    const gaps = pixels.slice(1).map((p, i) => Math.abs(p - pixels[i]!));
    return { rows: chart.data.labels.length, ticks: y.ticks.length, closest: Math.min(...gaps) };
  });
  await page.close();
  return out;
}

/**
 * Pairs of neighbouring tick labels that overlap, on every axis of every chart of a page: on a
 * horizontal axis, side by side (or, rotated, closer than a line apart); on a vertical one,
 * closer than a line. Widths measured in the scale's own font.
 */
async function overlappingLabels(file: string, crowd?: string): Promise<string[]> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(pathToFileURL(file).href);
  const out = await page.evaluate((crowded) => {
    type Scale = {
      id: string; ticks: { label: string | string[] }[]; labelRotation: number; options: { display: boolean; ticks: { display: boolean } };
      isHorizontal(): boolean; getPixelForTick(i: number): number; _resolveTickFontOptions(i: number): { string: string; lineHeight: number };
    };
    type Live = { scales: Record<string, Scale>; options: { scales: { x: { ticks: Record<string, unknown> } } }; update(): void };
    const g = globalThis as unknown as { Chart: { getChart(c: HTMLCanvasElement): Live | undefined } };
    if (crowded) {
      // The check's own test: every label shown, none rotated.
      const chart = g.Chart.getChart(document.getElementById(crowded) as HTMLCanvasElement)!;
      Object.assign(chart.options.scales.x.ticks, { autoSkip: false, maxRotation: 0, minRotation: 0 });
      chart.update();
    }
    const measure = document.createElement('canvas').getContext('2d')!;
    const problems: string[] = [];
    for (const canvas of document.querySelectorAll('canvas')) {
      const chart = g.Chart.getChart(canvas);
      if (!chart) continue;
      for (const scale of Object.values(chart.scales)) {
        if (scale.options.display === false || scale.options.ticks.display === false) continue;
        const font = scale._resolveTickFontOptions(0);
        measure.font = font.string;
        const width = (label: string | string[]) => Math.max(...[label].flat().map((l) => measure.measureText(String(l)).width));
        const lines = (label: string | string[]) => [label].flat().length;
        for (let i = 0; i + 1 < scale.ticks.length; i++) {
          const gap = Math.abs(scale.getPixelForTick(i + 1) - scale.getPixelForTick(i));
          const [a, b] = [scale.ticks[i]!.label, scale.ticks[i + 1]!.label];
          const rotation = (scale.labelRotation * Math.PI) / 180;
          const room = !scale.isHorizontal() ? font.lineHeight * Math.max(lines(a), lines(b)) / 2 + font.lineHeight / 2
            : rotation > 0.01 ? font.lineHeight / Math.sin(rotation) : (width(a) + width(b)) / 2;
          if (gap + 0.5 < room) problems.push(`${canvas.id}/${scale.id}: '${String(a)}' and '${String(b)}' (${gap.toFixed(1)} px apart, need ${room.toFixed(1)})`);
        }
      }
    }
    return problems;
  }, crowd);
  await page.close();
  return out;
}

it('labels every row of a 30-row forest plot, none overlapping, and shows the comparison and rankings as tables', async () => {
  const root = tempDir();
  const file = path.join(root, 'wide.yaml');
  writeFileSync(file, `name: wide
seed: 1
horizon: 1d
warmup: 0
replications: 2
platform: { pools: { gpu: { capacity: 2 } } }
workload: { interarrival: { dist: exponential, mean: 1m }, structures: { s: { tasks: { t: { kind: t } } } } }
tasks: { t: { pool: gpu, duration: { dist: exponential, mean: 15m } } }
grid:
  policy.scheduler: [fifo, sjf]
  platform.pools.gpu.capacity: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]
compare: { baseline: { policy.scheduler: fifo }, metrics: [pipeline.wait.inclusive.mean, pipeline.latency.mean] }
`);
  expect((await pipesim(['run', file, '--out', root, '--no-progress'])).code).toBe(0);
  const report = path.join(onlyRunDir(root, 'wide', readdirSync), 'report.html');
  const { rows, ticks, closest } = await forestLabels(report);
  expect(rows).toBeGreaterThanOrEqual(28);
  expect(ticks).toBe(rows);
  expect(closest).toBeGreaterThanOrEqual(14);
  // No chart of the 30-scenario page has two tick labels on top of each other.
  expect(await overlappingLabels(report)).toEqual([]);
  expect((await overlappingLabels(report, 'utilisation')).length).toBeGreaterThan(5);
  const html = readFileSync(report, 'utf8');
  expect(html).toMatch(/<h2>Comparison<\/h2><p>Each scenario against its baseline/);
  expect((html.match(/<h3>Ranking by pipeline\.wait\.inclusive\.mean at platform\.pools\.gpu\.capacity=\d+<\/h3>/g) ?? []).length).toBe(15);
});

it("charts and tabulates each node's utilisation, pack against spread", async () => {
  const root = tempDir();
  const file = path.join(root, 'nodes.yaml');
  writeFileSync(file, `name: nodes
seed: 1
horizon: 10d
warmup: 0
replications: 2
platform: { pools: { gpu: { nodes: { count: 4, units: 4 }, placement: { strategy: pack } } } }
workload: { interarrival: { dist: exponential, mean: 10m }, structures: { s: { tasks: { t: { kind: t } } } } }
tasks: { t: { pool: gpu, units: { dist: categorical, values: [1, 2, 4], weights: [0.5, 0.3, 0.2] }, duration: { dist: exponential, mean: 30m } } }
grid:
  platform.pools.gpu.placement.strategy: [pack, spread]
`);
  expect((await pipesim(['run', file, '--out', root, '--no-progress'])).code).toBe(0);
  const dir = onlyRunDir(root, 'nodes', readdirSync);
  const { charts, errors } = await inspect(path.join(dir, 'report.html'));
  expect(charts.find((c) => c.id === 'node-utilisation-gpu')).toMatchObject({ chart: true, painted: expect.any(Number) });
  expect(charts.find((c) => c.id === 'node-utilisation-gpu')!.painted).toBeGreaterThan(1000);
  expect(errors).toEqual([]);
  const summary = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')) as { scenarios: { distributions: { nodeUtilisation: { gpu: Record<string, number> } } }[] };
  const [pack, spread] = summary.scenarios.map((s) => s.distributions.nodeUtilisation.gpu);
  expect(Object.keys(pack!)).toEqual(['gpu-1', 'gpu-2', 'gpu-3', 'gpu-4']);
  // Pack fills the first nodes first; spread gives the last node more of the work.
  expect(pack!['gpu-1']!).toBeGreaterThan(2 * pack!['gpu-4']!);
  expect(spread!['gpu-4']!).toBeGreaterThan(1.5 * pack!['gpu-4']!);
  const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
  const table = /<summary>Utilisation of each node of pool gpu \(mean over replications\)<\/summary><table>.*?<\/table>/.exec(html)?.[0] ?? '';
  expect(table).toContain(`<tr><td>gpu-1</td><td>${(100 * pack!['gpu-1']!).toFixed(1)}%</td><td>${(100 * spread!['gpu-1']!).toFixed(1)}%</td></tr>`);
  expect((table.match(/<tr><td>gpu-\d<\/td>/g) ?? []).length).toBe(4);
});

it('renders the forecast curve', async () => {
  const root = tempDir();
  const file = path.join(root, 'forecast.yaml');
  writeFileSync(file, `name: fc
seed: 1
horizon: 5d
warmup: 1d
forecast: { growth: [1, 2], pools: [server], objective: { metric: pipeline.wait.mean, max: 5m }, search: { min: 1, max: 16 }, replications: 2 }
platform: { pools: { server: { capacity: 1 } } }
workload: { interarrival: { dist: exponential, mean: 1m }, structures: { s: { tasks: { t: { kind: t } } } } }
tasks: { t: { pool: server, duration: { dist: exponential, mean: 3m } } }
`);
  const result = await pipesim(['forecast', file, '--out', root, '--no-progress']);
  expect(result.code).toBe(0);
  const page = path.join(onlyRunDir(root, 'fc', readdirSync), 'report.html');
  const { charts, errors } = await inspect(page);
  expect(charts).toEqual([expect.objectContaining({ id: 'forecast', chart: true })]);
  // The table and a sentence of conclusion come first; today's capacity is a level on the chart.
  const html = readFileSync(page, 'utf8');
  expect(html).toMatch(/<h2>Capacity forecast<\/h2><p><strong>server: already short — at 1× it needs \d+, and has 1\.<\/strong><\/p><table>/);
  expect(html).toContain('"label":"server today"');
  expect(charts[0]!.painted).toBeGreaterThan(1000);
  expect(errors).toEqual([]);
});

it('renders the fit report: arrival profile and every CDF chart', async () => {
  const dir = tempDir();
  const out = path.join(dir, 'fitted.yaml');
  expect((await pipesim(['fit', 'experiments/traces/synthetic-jobs.csv', '-o', out])).code).toBe(0);
  const { charts, errors, outside } = await inspect(path.join(dir, 'fitted.fit.html'));
  expect(charts.slice(0, 7).map((c) => c.id)).toEqual(['profile-hour', 'profile-weekday', 'interarrival', 'interarrival-pp', 'duration-0', 'duration-0-pp', 'tail-0']);
  // A CDF and a P-P plot per units bucket and per tenant × bucket: 3 tenants × 4 buckets.
  expect(charts.length).toBe(7 + 2 * 4 + 2 * 12);
  expect(charts.filter((c) => c.id.endsWith('-pp'))).toHaveLength(2 + 4 + 12);
  // The summary and the offered load come first, as tables; the terminal text is folded away at the end.
  const html = readFileSync(path.join(dir, 'fitted.fit.html'), 'utf8');
  expect(html.indexOf('<h2>Summary</h2>')).toBeLessThan(html.indexOf('<h2>Offered load</h2>'));
  expect(html.indexOf('<h2>Offered load</h2>')).toBeLessThan(html.indexOf('<h2>Goodness of fit</h2>'));
  expect(html).toMatch(/<details><summary>The full report, as the terminal printed it<\/summary><pre>/);
  // The hour-of-week heat maps, trace and fitted profile: 7 days × 24 hours each, shaded.
  expect(html.match(/<table class="heatmap">/g)).toHaveLength(2);
  expect(html.match(/<td class="heat" style="background:hsl/g)!.length).toBe(2 * 168);
  for (const c of charts) {
    expect(c.chart, c.id).toBe(true);
    expect(c.painted, c.id).toBeGreaterThan(1000);
  }
  expect(errors).toEqual([]);
  expect(outside).toEqual([]);
});

it("charts every recorded series of a single run over dates, as an envelope, zoomable, with its average day and week", async () => {
  const out = tempDir();
  expect((await pipesim(['run', 'experiments/mmc.yaml', '--horizon', '60d', '--events', '0.05', '--out', out, '--no-progress'])).code).toBe(0);
  const report = path.join(onlyRunDir(out, 'mmc', readdirSync), 'report.html');
  const { charts, errors, outside } = await inspect(report);
  const series = charts.filter((c) => c.id.startsWith('series-')).map((c) => c.id);
  expect(series).toEqual([
    'series-utilisation', 'series-utilisation-day', 'series-utilisation-week', 'series-queue', 'series-queue-day', 'series-queue-week',
    'series-arrivals', 'series-arrivals-day', 'series-arrivals-week', 'series-in-flight', 'series-completed', 'series-wait', 'series-wait-day', 'series-wait-week',
  ]);
  // The recorded task events too: each one's wait at its start.
  expect(charts.map((c) => c.id)).toContain('events-wait');
  for (const c of charts) {
    expect(c.chart, c.id).toBe(true);
    expect(c.painted, c.id).toBeGreaterThan(1000);
  }
  expect(errors).toEqual([]);
  expect(outside).toEqual([]);
  const specs = JSON.parse(readFileSync(report, 'utf8').match(/<script type="application\/json" id="pipesim-charts">([\s\S]*?)<\/script>/)![1]!) as { id: string; config: { data: { labels?: string[]; datasets: { label: string; data: unknown[] }[] } } }[];
  // 62 days of hourly samples (warm-up included) are more than the page shows: a mean line inside a min–max band.
  const utilisation = specs.find((s) => s.id === 'series-utilisation')!;
  expect(utilisation.config.data.datasets.map((d) => d.label)).toEqual(['server (mean)', '', '']);
  expect(utilisation.config.data.datasets[0]!.data).toHaveLength(400);
  expect(specs.find((s) => s.id === 'series-utilisation-week')!.config.data.labels).toHaveLength(168);
  expect(specs.find((s) => s.id === 'series-utilisation-day')!.config.data.labels).toHaveLength(24);
  // A one-replication run: bars without whiskers, and no legend that promises an interval.
  expect(specs.find((s) => s.id === 'metric-pipeline-wait-mean')!.config.data.datasets.map((d) => d.label)).toEqual(['mean']);

  // The time axis is in dates from start: (2024-01-01), ends with the data, and zooms on a dragged range.
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(pathToFileURL(report).href);
  const axis = () => page.evaluate(() => {
    const g = globalThis as unknown as { Chart: { getChart(c: HTMLCanvasElement): { scales: { x: { min: number; max: number; ticks: { label: string }[] } } } } };
    const x = g.Chart.getChart(document.getElementById('series-utilisation') as HTMLCanvasElement)!.scales.x;
    return { min: x.min, max: x.max, first: x.ticks[0]!.label };
  });
  const before = await axis();
  expect(before.first).toBe('Jan 1');
  // The last sample: 2 days of warm-up and 60 of horizon after 2024-01-01.
  expect(new Date(before.max).toISOString()).toBe('2024-03-03T00:00:00.000Z');
  const canvas = (await page.$('#series-utilisation'))!;
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 5 });
  await page.mouse.up();
  const zoomed = await axis();
  expect(zoomed.max - zoomed.min).toBeLessThan((before.max - before.min) / 3);
  await canvas.dblclick();
  expect(await axis()).toEqual(before);
  await page.close();
});

it('gives up to 20 series distinct colours', () => {
  expect(new Set(Array.from({ length: 20 }, (_, i) => colour(i))).size).toBe(20);
  for (let i = 0; i < 20; i++) expect(colour(i)).toMatch(/^#[0-9a-f]{6}$/);
});
