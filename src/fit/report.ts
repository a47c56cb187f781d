/**
 * What `pipesim fit` writes and prints: the experiment YAML (with a header saying where it came
 * from and how well it fits), `<name>.fit.html` (empirical vs fitted CDFs, the arrival
 * profile) and `<name>.fit.json` (every candidate's log-likelihood, AIC and KS distance).
 */
import { Document, visit, isScalar } from 'yaml';
import { createDistribution } from '../random/index.js';
import { colour, common, escape, htmlPage, htmlTable, WEEKDAYS, type ChartSpec } from '../report/html.js';
import { hourOfWeekHeatMaps, hourOfWeekRates, ppChart } from './fit-plots.js';
import { describeReading } from '../trace/read.js';
import { bucketOf } from '../model/durations.js';
import { formatInstant } from '../trace/timestamps.js';
import type { FitResult } from './families.js';
import type { TraceFit } from './fit-trace.js';
import { describeLoad, offeredLoad, relativeGap, type LoadRow } from './load.js';
import type { StratumFit } from './strata.js';

const fmt = (x: number) => (Number.isFinite(x) ? (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : Number(x.toPrecision(4)).toString()) : 'n/a');
const seconds = (x: number) => (x >= 86400 ? `${fmt(x / 86400)} d` : x >= 3600 ? `${fmt(x / 3600)} h` : x >= 60 ? `${fmt(x / 60)} min` : `${fmt(x)} s`);

/** One line per fitted sample: n, mean, cv, each family's KS and ΔAIC, and the choice. */
function fitLine(label: string, f: FitResult): string {
  const bestAic = Math.min(...f.candidates.map((c) => c.aic));
  const families = f.candidates.map((c) => `${c.family} KS ${c.ks.toFixed(3)} mean×${fmt(c.meanRatio)} ΔAIC ${fmt(c.aic - bestAic)}`).join('; ');
  const criteria = `KS ≤ ${f.ksThreshold.toFixed(3)} (n ${f.n}) and mean within ${(100 * f.meanTolerance).toFixed(0)}%`;
  const verdict = f.chosenName === 'empirical'
    ? `no family with ${criteria}: empirical quantiles (KS ${f.chosenKs.toFixed(3)})`
    : `chosen ${f.chosenName} (${criteria}; KS ${f.chosenKs.toFixed(3)})`;
  return `${label}: n ${f.n}, mean ${seconds(f.mean)}, cv ${fmt(f.cv)} → ${verdict}${families ? `\n    ${families}` : ''}`;
}

/** The goodness-of-fit summary for the terminal and the YAML header. */
export function describeFit(fit: TraceFit): string[] {
  const out = [...describeReading(fit.trace)];
  const span = (fit.last - fit.first) / 86400;
  out.push(`workload fitted over ${fmt(span)} days, ${formatInstant(fit.first)} to ${formatInstant(fit.last)} (trace clock): ${fit.arrivals.toLocaleString('en-US')} arrivals, ${fit.kinds.reduce((a, k) => a + k.rows, 0).toLocaleString('en-US')} of them with a usable duration and units`);
  const { before, after } = fit.window;
  if (before + after > 0) {
    const lines = (from: number, to: number) => Array.from(fit.trace.line.subarray(from, Math.min(to, from + 5))).join(', ');
    out.push(`  left out, outside the window of steady arrivals (days with under a tenth of the median active day's submissions at the trace's ends): ${before} rows before${before > 0 ? ` (lines ${lines(0, before)}${before > 5 ? ', ...' : ''})` : ''}, ${after} after${after > 0 ? ` (lines ${lines(fit.window.to, fit.trace.rows)}${after > 5 ? ', ...' : ''})` : ''}; neither their arrivals nor their durations are fitted (--whole-trace to fit every row)`);
  }
  if (fit.droppedZeroUnits > 0) out.push(`  left out by --drop-zero-units: ${fit.droppedZeroUnits.toLocaleString('en-US')} jobs that used no units`);
  const zero = fit.kinds.find((k) => k.zeroUnits);
  if (zero) out.push(`  ${zero.arrivals.toLocaleString('en-US')} jobs used no units: modelled as kind ${zero.kind}, one unit each on pool ${zero.pool} (--drop-zero-units to leave them out)`);
  if (fit.trace.wholeSeconds) out.push('submission times are whole seconds: each was spread uniformly within its second before fitting interarrivals');
  out.push(fitLine('interarrival (operational time, after the hour x weekday profile)', fit.interarrival));
  const scaled = (s: StratumFit) => (Math.abs(s.scale - 1) >= 0.0005 ? `; scaled ×${s.scale.toFixed(3)} to keep its jobs' unit-hours` : '');
  for (const k of fit.kinds) {
    out.push(fitLine(`duration of ${k.kind} (all tenants, all units)`, k.durations));
    for (const b of k.buckets) out.push(`${fitLine(`  ${b.name}`, b.fit)}${scaled(b)}`);
    for (const t of k.byTenant) {
      for (const b of new Set(t.buckets)) if (b) out.push(`${fitLine(`  tenant ${t.name}, ${b.name}`, b.fit)}${scaled(b)}`);
    }
    const mix = (m: { values: number[]; weights: number[] }) => m.values.map((v, i) => `${v}: ${(100 * (m.weights[i] as number)).toFixed(1)}%`).join(', ');
    out.push(`units of ${k.kind} on pool ${k.pool}: ${mix(k.units)}`);
    for (const t of k.unitsByTenant) out.push(`  tenant ${t.name}: ${mix(t.units)}`);
  }
  for (const p of fit.pools) out.push(`pool ${p.name}: peak ${p.capacity} units in use over the whole trace (${p.basis})`);
  out.push(...describeLoad(offeredLoad(fit)));
  return out;
}

/** The experiment YAML: header comments, numeric arrays on one line each. */
export function experimentYaml(experiment: Record<string, unknown>, header: string[]): string {
  const doc = new Document(experiment);
  visit(doc, {
    Seq(_, node) {
      if (node.items.every((i) => isScalar(i))) node.flow = true;
    },
    Map(_, node) {
      // Small maps of scalars (a distribution, a tenant) read best on one line.
      if (node.items.length <= 4 && node.items.every((p) => isScalar(p.value))) node.flow = true;
    },
  });
  doc.commentBefore = header.map((l) => ` ${l}`).join('\n');
  // No folding: a folded flow sequence puts every number on a line of its own.
  return doc.toString({ lineWidth: 0 });
}

/** ECDF of a sample against the CDFs of every candidate and the chosen model, on a log axis. */
function cdfChart(id: string, title: string, sample: ArrayLike<number>, f: FitResult): ChartSpec {
  const sorted = Float64Array.from(sample).sort();
  const positive = sorted.filter((x) => x > 0);
  const lo = Math.log10(positive[0] ?? 1e-3);
  const hi = Math.log10(positive[positive.length - 1] ?? 1);
  const xs = Array.from({ length: 80 }, (_, i) => 10 ** (lo + ((hi - lo) * i) / 79));
  const ecdf = (x: number) => {
    let a = 0;
    let b = sorted.length;
    while (a < b) { const m = (a + b) >> 1; if ((sorted[m] as number) <= x) a = m + 1; else b = m; }
    return a / sorted.length;
  };
  const models = [
    ...f.candidates.map((c) => ({ label: `${c.family} (KS ${c.ks.toFixed(3)})`, spec: c.spec })),
    ...(f.chosenName === 'empirical' ? [{ label: `empirical model (KS ${f.chosenKs.toFixed(3)})`, spec: f.chosen }] : []),
  ];
  const datasets = [
    { label: 'trace', data: xs.map((x) => ({ x, y: ecdf(x) })), borderColor: '#000', borderWidth: 3, pointRadius: 0 },
    ...models.map((m, i) => {
      const d = createDistribution(m.spec);
      return { label: m.label, data: xs.map((x) => ({ x, y: d.cdf(x) })), borderColor: colour(i), borderWidth: 1.5, pointRadius: 0, borderDash: m.label.startsWith('empirical') ? [] : [5, 3] };
    }),
  ];
  return {
    id, title,
    config: {
      type: 'line', data: { datasets },
      options: common('cumulative share', { scales: { x: { type: 'logarithmic', title: { display: true, text: 'seconds (log scale)' } }, y: { min: 0, max: 1, title: { display: true, text: 'cumulative share' } } } }),
    },
  };
}

function profileChart(id: string, title: string, labels: string[], counts: number[], exposure: number[], fitted: number[]): ChartSpec {
  const rates = counts.map((c, i) => ((exposure[i] as number) > 0 ? c / (exposure[i] as number) : 0));
  const mean = rates.reduce((a, b) => a + b, 0) / rates.length || 1;
  return {
    id, title,
    config: {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { label: 'trace (arrivals per hour, relative to the mean)', data: rates.map((r) => r / mean), backgroundColor: colour(0) },
          { label: 'fitted multiplier', data: fitted, backgroundColor: colour(1) },
        ],
      },
      options: common('rate relative to the mean'),
    },
  };
}

/** The survival 1 − F of a sample against each candidate and the chosen model, log-log: where a heavy tail misfits. */
function tailChart(id: string, title: string, sample: ArrayLike<number>, f: FitResult): ChartSpec {
  const sorted = Float64Array.from(sample).filter((x) => x > 0).sort();
  const n = sorted.length;
  const lo = Math.log10(sorted[0] ?? 1e-3);
  const hi = Math.log10(sorted[n - 1] ?? 1);
  const xs = Array.from({ length: 80 }, (_, i) => 10 ** (lo + ((hi - lo) * i) / 79));
  const survival = (x: number) => {
    let a = 0;
    let b = n;
    while (a < b) { const m = (a + b) >> 1; if ((sorted[m] as number) <= x) a = m + 1; else b = m; }
    return (n - a) / n;
  };
  // A log axis cannot show 0: points past the last observation are left out.
  const points = (s: (x: number) => number) => xs.map((x) => ({ x, y: s(x) })).filter((p) => p.y > 0);
  const models = [
    ...f.candidates.map((c) => ({ label: c.family, spec: c.spec })),
    ...(f.chosenName === 'empirical' ? [{ label: 'empirical model', spec: f.chosen }] : []),
  ];
  return {
    id, title,
    config: {
      type: 'line',
      data: {
        datasets: [
          { label: 'trace', data: points(survival), borderColor: '#000', borderWidth: 3, pointRadius: 0 },
          ...models.map((m, i) => {
            const d = createDistribution(m.spec);
            return { label: m.label, data: points((x) => 1 - d.cdf(x)), borderColor: colour(i), borderWidth: 1.5, pointRadius: 0, borderDash: m.label.startsWith('empirical') ? [] : [5, 3] };
          }),
        ],
      },
      options: common('share longer than x', { scales: { x: { type: 'logarithmic', title: { display: true, text: 'seconds (log scale)' } }, y: { type: 'logarithmic', title: { display: true, text: 'share longer (log scale)' } } } }),
    },
  };
}


/** The page's first tables: what was fitted, and the load of trace and model side by side. */
function summaryTables(fit: TraceFit): string[] {
  const load = offeredLoad(fit);
  const loadRows = (rows: LoadRow[]) => rows.map((r) => [r.label, fmt(r.trace.arrivalsPerDay), fmt(r.model.arrivalsPerDay), relativeGap(r.model.arrivalsPerDay, r.trace.arrivalsPerDay), fmt(r.trace.unitHoursPerDay), fmt(r.model.unitHoursPerDay), relativeGap(r.model.unitHoursPerDay, r.trace.unitHoursPerDay)]);
  const loadHeader = ['', 'arrivals/day, trace', 'model', 'gap', 'unit-hours/day, trace', 'model', 'gap'];
  const laws = fit.kinds.flatMap((k) => [...k.buckets, ...k.byTenant.flatMap((t) => t.buckets)].filter((b, i, all): b is StratumFit => b !== undefined && all.indexOf(b) === i));
  const empirical = laws.filter((l) => l.fit.chosenName === 'empirical').length;
  const overview = [
    ['trace', `${fit.trace.file}: ${fit.trace.rows.toLocaleString('en-US')} arrivals, ${fit.trace.complete.toLocaleString('en-US')} with a usable duration and units`],
    ['window fitted', `${formatInstant(fit.first)} to ${formatInstant(fit.last)} (${fmt((fit.last - fit.first) / 86400)} days, ${fit.arrivals.toLocaleString('en-US')} arrivals; ${fit.window.before} rows before, ${fit.window.after} after left out)`],
    ['interarrivals', `${fit.interarrival.chosenName} (KS ${fit.interarrival.chosenKs.toFixed(3)}, n ${fit.interarrival.n.toLocaleString('en-US')})`],
    ['kinds', fit.kinds.map((k) => `${k.kind} on ${k.pool}${k.zeroUnits ? ' (jobs of no units)' : ''}: ${k.arrivals.toLocaleString('en-US')} arrivals`).join('; ')],
    ['duration laws', `${laws.length}: ${laws.length - empirical} parametric, ${empirical} the data's own quantiles; scale factors ${fmt(Math.min(...laws.map((l) => l.scale)))} to ${fmt(Math.max(...laws.map((l) => l.scale)))}`],
    ['pools', fit.pools.map((p) => `${p.name}: ${p.capacity} units`).join('; ')],
  ];
  return [
    `<h2>Summary</h2>${htmlTable({ header: ['', 'fitted'], rows: overview })}`,
    `<h2>Offered load</h2><p>Over the fitted window (${fmt(load.days)} days): the trace, and the fitted model over the same days computed from its laws' means (× ${(1 / load.weekFactor).toFixed(3)} for the average of whole weeks). Jobs whose duration is unknown are taken to be like the rest of their kind.</p>`
      + `<h3>Per pool</h3>${htmlTable({ header: loadHeader, rows: loadRows([load.total, ...load.pools]) })}`
      + `<h3>Per tenant</h3>${htmlTable({ header: loadHeader, rows: loadRows(load.tenants) })}`
      + `<h3>Per units value</h3>${htmlTable({ header: loadHeader, rows: loadRows(load.units) })}`,
  ];
}

/** The fit report page. */
export function fitReportHtml(fit: TraceFit, title: string): string {
  const charts: ChartSpec[] = [
    profileChart('profile-hour', 'Arrivals by hour of day', Array.from({ length: 24 }, (_, h) => `${h}:00`), fit.profile.hourlyCounts, fit.profile.hourlyExposure, fit.profile.hourly),
    profileChart('profile-weekday', 'Arrivals by weekday', WEEKDAYS, fit.profile.weekdayCounts, fit.profile.weekdayExposure, fit.profile.weekday),
  ];
  charts.push(cdfChart('interarrival', 'Interarrival times (operational time): trace vs fitted CDFs', fit.operationalGaps, fit.interarrival));
  charts.push(ppChart('interarrival-pp', 'Interarrival times: P-P plot of the fitted law', fit.operationalGaps, fit.interarrival));
  const t = fit.trace;
  fit.kinds.forEach((k, i) => {
    // One pass over the trace: this kind's durations by tenant and units bucket.
    const buckets = k.unitsBuckets.length + 1;
    const grouped = t.tenantNames.map(() => Array.from({ length: buckets }, () => [] as number[]));
    for (let r = fit.window.from; r < fit.window.to; r++) {
      const u = t.units[r] as number;
      const mine = k.zeroUnits ? u === 0 : u > 0 && t.kind[r] === k.traceKind;
      if (mine && Number.isFinite(t.duration[r] as number)) (grouped[t.tenant[r] as number] as number[][])[bucketOf(k.unitsBuckets, k.zeroUnits ? 1 : u)]!.push(t.duration[r] as number);
    }
    const bucketDurations = (tenant: number, b: number) => (tenant < 0 ? grouped.flatMap((g) => g[b] as number[]) : ((grouped[tenant] as number[][])[b] as number[]));
    const all = grouped.flatMap((g) => g.flat());
    charts.push(cdfChart(`duration-${i}`, `Durations of ${k.kind}, all tenants`, all, k.durations));
    charts.push(ppChart(`duration-${i}-pp`, `Durations of ${k.kind}, all tenants: P-P plot of the fitted law`, all, k.durations));
    charts.push(tailChart(`tail-${i}`, `Tail of the durations of ${k.kind}, all tenants (log-log survival)`, all, k.durations));
    if (k.buckets.length > 1) {
      k.buckets.forEach((b, j) => charts.push(
        cdfChart(`duration-${i}-b${j}`, `Durations of ${k.kind}, ${b.name}`, bucketDurations(-1, j), b.fit),
        ppChart(`duration-${i}-b${j}-pp`, `Durations of ${k.kind}, ${b.name}: P-P plot`, bucketDurations(-1, j), b.fit),
      ));
    }
    k.byTenant.forEach((s, j) => s.buckets.forEach((b, bi) => {
      // A pooled fit is charted once, against the tenant's jobs in every bucket it covers.
      if (!b || s.buckets.indexOf(b) !== bi) return;
      const covered = s.buckets.flatMap((x, xi) => (x === b ? bucketDurations(t.tenantNames.indexOf(s.name), xi) : []));
      charts.push(
        cdfChart(`duration-${i}-${j}-${bi}`, `Durations of ${k.kind}, tenant ${s.name}, ${b.name}`, covered, b.fit),
        ppChart(`duration-${i}-${j}-${bi}-pp`, `Durations of ${k.kind}, tenant ${s.name}, ${b.name}: P-P plot`, covered, b.fit),
      );
    }));
  });
  const rows = [
    ['interarrival (operational)', fit.interarrival] as const,
    ...fit.kinds.flatMap((k) => [
      [`${k.kind} duration`, k.durations] as const,
      ...(k.buckets.length > 1 ? k.buckets.map((b) => [`${k.kind} duration, ${b.name}`, b.fit] as const) : []),
      ...k.byTenant.flatMap((s) => [...new Set(s.buckets)].flatMap((b) => (b ? [[`${k.kind} duration, ${s.name}, ${b.name}`, b.fit] as const] : []))),
    ]),
  ].map(([label, f]) => [label, String(f.n), seconds(f.mean), fmt(f.cv), ...['exponential', 'weibull', 'exp-weibull', 'lognormal', 'gamma'].map((family) => {
    const c = f.candidates.find((x) => x.family === family);
    return c ? `${c.ks.toFixed(3)} / ×${fmt(c.meanRatio)}${c.adequate ? '' : ' ✗'}` : '';
  }), f.chosenName, f.chosenKs.toFixed(3)]);
  const table = htmlTable({ header: ['sample', 'n', 'mean', 'cv', 'exponential', 'weibull', 'exp-weibull', 'lognormal', 'gamma', 'chosen', 'KS chosen'], rows });
  const body = [
    ...summaryTables(fit),
    hourOfWeekHeatMaps(hourOfWeekRates(t.submit.subarray(fit.window.from, fit.window.to), fit.first, fit.last), fit.profile),
    `<h2>Goodness of fit</h2><p>Each family cell shows its Kolmogorov–Smirnov distance and its mean over the sample's. A family is accepted when its KS distance is at most the 5% critical value at the sample's size (so a larger sample holds it to a closer fit; --max-ks overrides), and its mean is within 10% of the sample's (or two standard errors, if wider; 2% for interarrivals, whose mean is the arrival rate); ✗ marks a family that missed. Among those, the lowest AIC wins. When none is accepted the model is the sample's own quantiles (an empirical distribution), rather than a family that does not fit. Each chosen law is then scaled, shape unchanged, so that the jobs it serves offer the unit-hours they offered in the trace (the factor is in the full report below); the interarrival law is scaled to the trace's mean gap.</p>${table}`,
    `<details><summary>The full report, as the terminal printed it</summary><pre>${escape(describeFit(fit).join('\n'))}</pre></details>`,
  ];
  return htmlPage({ title, kind: 'PipeSim fit report', body, charts });
}
