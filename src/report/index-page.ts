/**
 * results/index.html: every results folder under a results root — each experiment's runs and
 * forecasts, newest first, with their status, date, scenarios, the headline of their report and
 * links to their pages. Rewritten after every run, forecast, merge and compare, and by
 * `pipesim index`.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ComparisonReport, ForecastReport, SummaryDocument } from '../output/documents.js';
import { MANIFEST, type Manifest } from '../output/results-dir.js';
import { forecastConclusion } from './forecast.js';
import { escape } from './format.js';
import { headline } from './headline.js';

export const INDEX_FILE = 'index.html';

export interface IndexEntry {
  experiment: string;
  /** The folder, relative to the results root (with forward slashes: it is a link). */
  folder: string;
  status: Manifest['status'];
  createdAt: string;
  kind: 'sweep' | 'forecast';
  scenarios: number;
  headline: string[];
  /** Pages the folder has, by file name. */
  pages: string[];
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/** Every results folder (`<root>/<experiment>/<time>/` with a run.json) under `root`, newest first. */
export function collectIndex(root: string): IndexEntry[] {
  const entries: IndexEntry[] = [];
  const children = (dir: string) => {
    try {
      return isDir(dir) ? readdirSync(dir).filter((n) => !n.startsWith('.')).sort() : [];
    } catch {
      // A folder the index cannot read is not a results folder it could list.
      return [];
    }
  };
  for (const experiment of children(root)) {
    for (const time of children(path.join(root, experiment))) {
      const dir = path.join(root, experiment, time);
      const manifest = readJson<Manifest>(path.join(dir, MANIFEST));
      if (!manifest) continue;
      const forecast = readJson<ForecastReport>(path.join(dir, 'forecast.json'));
      const summary = forecast ? undefined : readJson<SummaryDocument>(path.join(dir, 'summary.json'));
      const comparison = readJson<ComparisonReport>(path.join(dir, 'comparison.json'));
      const lines = forecast ? forecastConclusion(forecast) : summary ? headline(summary, comparison) : ['no summary yet (a run still going, or stopped before its first)'];
      entries.push({
        experiment: manifest.experiment, folder: `${experiment}/${time}`, status: manifest.status, createdAt: manifest.createdAt,
        kind: forecast ? 'forecast' : 'sweep', scenarios: summary?.scenarios.length ?? forecast?.steps.length ?? 0,
        headline: lines, pages: ['report.html', 'summary.md', 'summary.json', 'forecast.json'].filter((f) => existsSync(path.join(dir, f))),
      });
    }
  }
  return entries.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.folder.localeCompare(b.folder));
}

/** The page: one table row per folder, grouped by nothing but date, linking each folder's pages. */
export function indexHtml(entries: readonly IndexEntry[]): string {
  const experiments = new Set(entries.map((e) => e.experiment)).size;
  const rows = entries.map((e) => `<tr class="${escape(e.status)}"><td>${escape(e.createdAt.replace('T', ' ').slice(0, 19))}</td><td>${escape(e.experiment)}</td>`
    + `<td>${escape(e.kind)}</td><td>${escape(e.status)}</td><td>${e.kind === 'forecast' ? `${e.scenarios} growth factor(s)` : `${e.scenarios} scenario(s)`}</td>`
    + `<td class="headline">${e.headline.map((l) => escape(l)).join('<br>')}</td>`
    + `<td>${e.pages.map((p) => `<a href="${escape(`${e.folder}/${p}`)}">${escape(p)}</a>`).join(' · ')}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>PipeSim results</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1300px;color:#222;padding:0 1rem}
table{border-collapse:collapse;font-size:.9rem}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
td.headline{max-width:40rem}tr.interrupted td,tr.running td{background:#fff6e0}
</style></head><body>
<h1>PipeSim results</h1>
<p>${entries.length} results folder(s) of ${experiments} experiment(s), newest first. Compare two runs of one experiment with <code>pipesim compare &lt;folder&gt; &lt;folder&gt;</code>.</p>
<table><thead><tr><th>date (UTC)</th><th>experiment</th><th>kind</th><th>status</th><th>size</th><th>headline</th><th>pages</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}

/** Rewrites `<root>/index.html`; returns its path. */
export function writeIndex(root: string): string {
  const file = path.join(root, INDEX_FILE);
  writeFileSync(file, indexHtml(collectIndex(root)));
  return file;
}
