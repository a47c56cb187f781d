/**
 * The Grafana dashboards of dashboards/ (Grafana itself is not installable here): the committed
 * files are what scripts/dashboards.ts writes; every PromQL query of the VictoriaMetrics
 * dashboard, its template variables substituted, returns data from a real VictoriaMetrics holding
 * a pushed run, and so does every variable's label query; the Flux dashboard names only
 * measurements, fields and tags that the run's line-protocol files hold.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { dashboard, dashboardFiles } from '../../scripts/dashboards.js';
import { readLines, recordingFiles } from '../../src/output/recordings.js';
import { onlyRunDir, pipesim, tempDir } from '../helpers/cli.js';
import { startVictoria, stopServers } from '../helpers/servers.js';

afterAll(() => stopServers());

interface Target { expr?: string; query?: string; instant?: boolean }
interface DashboardJson { panels: { title: string; targets: Target[] }[]; templating: { list: { name: string; query: string; type: string }[] } }

it('dashboards/ holds what scripts/dashboards.ts writes (run npm run dashboards after changing it)', () => {
  for (const [file, text] of Object.entries(dashboardFiles())) expect(readFileSync(path.join('dashboards', file), 'utf8'), file).toBe(text);
});

it('every panel query and variable of the VictoriaMetrics dashboard returns data for a pushed run; the Flux one names what the run wrote', async () => {
  const vm = await startVictoria();
  const out = tempDir();
  const result = await pipesim(['run', 'test/fixtures/experiments/small-sweep.yaml', '--horizon', '3d', '--replications', '2', '--timeseries', '2h', '--events', '0.5',
    '--influx-url', vm.url, '--out', out, '--no-progress']);
  expect(result.code, result.stderr).toBe(0);
  const dir = onlyRunDir(out, 'small-sweep', readdirSync);
  const run = path.basename(dir);
  await fetch(`${vm.url}/internal/force_flush`);

  const substitute = (q: string) => q.replaceAll('$experiment', 'small-sweep').replaceAll('$run', run).replaceAll('$scenario', '.*').replaceAll('$replication', '.*')
    .replaceAll('$__interval', '2h').replaceAll('$__range', '60d');
  const start = Date.parse('2024-01-01T00:00:00Z') / 1000;
  const end = start + 30 * 86400;
  const promql = dashboard('prometheus') as unknown as DashboardJson;
  for (const panel of promql.panels) {
    for (const target of panel.targets) {
      const query = substitute(target.expr!);
      const url = target.instant
        ? `${vm.url}/api/v1/query?${new URLSearchParams({ query, time: String(end) })}`
        : `${vm.url}/api/v1/query_range?${new URLSearchParams({ query, start: String(start), end: String(end), step: '7200' })}`;
      const body = await (await fetch(url)).json() as { status: string; data: { result: unknown[] } };
      expect(body.status, `${panel.title}: ${query}`).toBe('success');
      expect(body.data.result.length, `${panel.title}: ${query}`).toBeGreaterThan(0);
    }
  }
  for (const variable of promql.templating.list.filter((v) => v.type === 'query')) {
    const [, selector, label] = /^label_values\((.*), (\w+)\)$/.exec(variable.query)!;
    const values = await (await fetch(`${vm.url}/api/v1/label/${label}/values?${new URLSearchParams({ 'match[]': substitute(selector!), start: String(start), end: String(end) })}`)).json() as { data: string[] };
    expect(values.data.length, variable.name).toBeGreaterThan(0);
    if (variable.name === 'run') expect(values.data).toContain(run);
  }

  // What the folder's line-protocol files hold: measurement → its fields and tags.
  const written = new Map<string, { fields: Set<string>; tags: Set<string> }>();
  for (const file of recordingFiles(dir)) {
    for (const line of readLines(file)) {
      const [head = '', fields = ''] = line.split(/(?<!\\) /);
      const [measurement = '', ...tags] = head.split(/(?<!\\),/);
      const entry = written.get(measurement) ?? { fields: new Set(), tags: new Set() };
      written.set(measurement, entry);
      for (const t of tags) entry.tags.add(t.slice(0, t.indexOf('=')));
      for (const f of fields.split(',')) entry.fields.add(f.slice(0, f.indexOf('=')));
    }
  }
  const flux = dashboard('influxdb') as unknown as DashboardJson;
  const queries = [...flux.panels.flatMap((p) => p.targets.map((t) => t.query!)), ...flux.templating.list.filter((v) => v.type === 'query').map((v) => v.query)];
  expect(queries.length).toBeGreaterThan(10);
  for (const q of queries) {
    const measurement = /r\._measurement == "(\w+)"/.exec(q)![1]!;
    const entry = written.get(measurement);
    expect(entry, `${measurement} in ${q}`).toBeDefined();
    const field = /r\._field == "(\w+)"/.exec(q)?.[1];
    if (field) expect(entry!.fields.has(field), `field ${field} of ${measurement}`).toBe(true);
    const tags = [...q.matchAll(/r\.(\w+) (?:==|=~)/g)].map((m) => m[1]!).filter((t) => !t.startsWith('_'));
    const grouped = [...(/group\(columns: \[([^\]]*)\]\)/.exec(q)?.[1] ?? '').matchAll(/"(\w+)"/g)].map((m) => m[1]!);
    const tagValues = /tag: "(\w+)"/.exec(q)?.[1];
    for (const tag of [...tags, ...grouped, ...(tagValues ? [tagValues] : [])]) expect(entry!.tags.has(tag), `tag ${tag} of ${measurement} in ${q}`).toBe(true);
  }
}, 90_000);
