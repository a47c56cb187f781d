/**
 * Writes the Grafana dashboards of dashboards/ from one list of panels: each panel's query for
 * a Prometheus-compatible source (VictoriaMetrics: measurement_field metric names, tags as
 * labels) and for InfluxDB 2.x (Flux over measurements, fields and tags). Run with
 * `node dist/scripts/dashboards.js`; a test checks that the committed files are what it writes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** A series selector's labels: the run and, for per-run series, the chosen scenarios and replications. */
const RUN = 'experiment="$experiment",run="$run"';
const PER_RUN = `${RUN},scenario=~"$scenario",replication=~"$replication"`;

interface Panel {
  title: string;
  description: string;
  unit: string;
  /** A table of one value per series at the end of the range, or a time series. */
  kind: 'timeseries' | 'table';
  promql: { expr: string; legend: string }[];
  flux: { measurement: string; field: string; perRun: boolean; aggregate?: 'mean' | 'count' | 'last'; groupBy: string[] }[];
}

export const PANELS: Panel[] = [
  {
    title: 'Scenarios and their parameters: mean pipeline wait', kind: 'table', unit: 's',
    description: 'One row per scenario of the run, its grid parameters as columns, and the mean wait over replications (pipesim_scenario).',
    promql: [{ expr: `last_over_time(pipesim_scenario_pipeline_wait_mean_mean{${RUN}}[$__range])`, legend: '{{scenario}}' }],
    flux: [{ measurement: 'pipesim_scenario', field: 'pipeline_wait_mean_mean', perRun: false, aggregate: 'last', groupBy: ['scenario'] }],
  },
  {
    title: 'Runs: mean pipeline wait per replication', kind: 'table', unit: 's',
    description: 'Every run of the chosen scenarios (pipesim_run): how much replications differ.',
    promql: [{ expr: `last_over_time(pipesim_run_pipeline_wait_mean{${PER_RUN}}[$__range])`, legend: '{{scenario}} r{{replication}}' }],
    flux: [{ measurement: 'pipesim_run', field: 'pipeline_wait_mean', perRun: true, aggregate: 'last', groupBy: ['scenario', 'replication'] }],
  },
  {
    title: 'Utilisation per pool', kind: 'timeseries', unit: 'percentunit',
    description: 'Busy share of each pool per sampling interval (pipesim_pool).',
    promql: [{ expr: `pipesim_pool_utilisation{${PER_RUN}}`, legend: '{{scenario}} r{{replication}} {{pool}}' }],
    flux: [{ measurement: 'pipesim_pool', field: 'utilisation', perRun: true, groupBy: ['scenario', 'replication', 'pool'] }],
  },
  {
    title: 'Tasks queued per pool', kind: 'timeseries', unit: 'short',
    description: 'Mean queue length of each pool over each interval (pipesim_pool).',
    promql: [{ expr: `pipesim_pool_queue{${PER_RUN}}`, legend: '{{scenario}} r{{replication}} {{pool}}' }],
    flux: [{ measurement: 'pipesim_pool', field: 'queue', perRun: true, groupBy: ['scenario', 'replication', 'pool'] }],
  },
  {
    title: 'Pipeline arrivals and completions per interval', kind: 'timeseries', unit: 'short',
    description: 'Arrivals and completions in each sampling interval (pipesim_platform).',
    promql: [
      { expr: `pipesim_platform_arrivals{${PER_RUN}}`, legend: 'arrivals {{scenario}} r{{replication}}' },
      { expr: `pipesim_platform_completed{${PER_RUN}}`, legend: 'completed {{scenario}} r{{replication}}' },
    ],
    flux: [
      { measurement: 'pipesim_platform', field: 'arrivals', perRun: true, groupBy: ['scenario', 'replication'] },
      { measurement: 'pipesim_platform', field: 'completed', perRun: true, groupBy: ['scenario', 'replication'] },
    ],
  },
  {
    title: 'Pipelines in flight', kind: 'timeseries', unit: 'short',
    description: 'Pipelines arrived and not yet finished, at the end of each interval (pipesim_platform).',
    promql: [{ expr: `pipesim_platform_in_flight{${PER_RUN}}`, legend: '{{scenario}} r{{replication}}' }],
    flux: [{ measurement: 'pipesim_platform', field: 'in_flight', perRun: true, groupBy: ['scenario', 'replication'] }],
  },
  {
    title: 'Mean wait of the pipelines completed in each interval', kind: 'timeseries', unit: 's',
    description: 'pipesim_platform wait_mean; empty in intervals where nothing completed.',
    promql: [{ expr: `pipesim_platform_wait_mean{${PER_RUN}}`, legend: '{{scenario}} r{{replication}}' }],
    flux: [{ measurement: 'pipesim_platform', field: 'wait_mean', perRun: true, groupBy: ['scenario', 'replication'] }],
  },
  {
    title: 'Bytes moved over the network per interval', kind: 'timeseries', unit: 'bytes',
    description: 'pipesim_platform network_bytes (0 without platform.network).',
    promql: [{ expr: `pipesim_platform_network_bytes{${PER_RUN}}`, legend: '{{scenario}} r{{replication}}' }],
    flux: [{ measurement: 'pipesim_platform', field: 'network_bytes', perRun: true, groupBy: ['scenario', 'replication'] }],
  },
  {
    title: 'Task execution: mean wait of the recorded tasks started, per pool', kind: 'timeseries', unit: 's',
    description: 'From the task events (--events): the mean wait of the tasks that started in each interval (pipesim_task).',
    promql: [{ expr: `avg by (scenario, replication, pool) (avg_over_time(pipesim_task_wait{${PER_RUN}}[$__interval]))`, legend: '{{scenario}} r{{replication}} {{pool}}' }],
    flux: [{ measurement: 'pipesim_task', field: 'wait', perRun: true, aggregate: 'mean', groupBy: ['scenario', 'replication', 'pool'] }],
  },
  {
    title: 'Task execution: recorded tasks started per interval, by kind', kind: 'timeseries', unit: 'short',
    description: 'From the task events (--events, a sample of the tasks): how many started in each interval (pipesim_task).',
    promql: [{ expr: `sum by (scenario, replication, kind) (count_over_time(pipesim_task_wait{${PER_RUN}}[$__interval]))`, legend: '{{scenario}} r{{replication}} {{kind}}' }],
    flux: [{ measurement: 'pipesim_task', field: 'wait', perRun: true, aggregate: 'count', groupBy: ['scenario', 'replication', 'kind'] }],
  },
];

const layout = (i: number) => ({ h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 });

function fluxQuery(q: Panel['flux'][number], kind: Panel['kind']): string {
  const filters = [`r._measurement == "${q.measurement}"`, `r._field == "${q.field}"`, 'r.experiment == "${experiment}"', 'r.run == "${run}"'];
  if (q.perRun) filters.push('r.scenario =~ /^${scenario:regex}$/', 'r.replication =~ /^${replication:regex}$/');
  const lines = ['from(bucket: v.bucket)', '  |> range(start: v.timeRangeStart, stop: v.timeRangeStop)', `  |> filter(fn: (r) => ${filters.join(' and ')})`,
    `  |> group(columns: [${q.groupBy.map((g) => `"${g}"`).join(', ')}])`];
  if (kind === 'table') lines.push('  |> last()');
  else if (q.aggregate) lines.push(`  |> aggregateWindow(every: v.windowPeriod, fn: ${q.aggregate}, createEmpty: false)`);
  return lines.join('\n');
}

function templating(source: 'prometheus' | 'influxdb'): unknown[] {
  const variable = (name: string, label: string, query: string, multi: boolean) => ({
    name, label, type: 'query', datasource: { type: source, uid: '${datasource}' }, query, refresh: 2, sort: 1,
    ...(multi ? { multi: true, includeAll: true, current: { text: 'All', value: '$__all' } } : { multi: false, includeAll: false }),
  });
  const datasource = { name: 'datasource', label: 'Data source', type: 'datasource', query: source };
  if (source === 'prometheus') {
    return [
      datasource,
      variable('experiment', 'Experiment', 'label_values(pipesim_scenario_pipeline_arrived_mean, experiment)', false),
      variable('run', 'Run folder', 'label_values(pipesim_scenario_pipeline_arrived_mean{experiment="$experiment"}, run)', false),
      variable('scenario', 'Scenario', 'label_values(pipesim_run_pipeline_arrived{experiment="$experiment",run="$run"}, scenario)', true),
      variable('replication', 'Replication', 'label_values(pipesim_run_pipeline_arrived{experiment="$experiment",run="$run"}, replication)', true),
    ];
  }
  const tagValues = (tag: string, where: string) => `import "influxdata/influxdb/schema"\nschema.tagValues(bucket: v.bucket, tag: "${tag}", predicate: (r) => ${where}, start: -100y)`;
  return [
    datasource,
    variable('experiment', 'Experiment', tagValues('experiment', 'r._measurement == "pipesim_scenario"'), false),
    variable('run', 'Run folder', tagValues('run', 'r._measurement == "pipesim_scenario" and r.experiment == "${experiment}"'), false),
    variable('scenario', 'Scenario', tagValues('scenario', 'r._measurement == "pipesim_run" and r.experiment == "${experiment}" and r.run == "${run}"'), true),
    variable('replication', 'Replication', tagValues('replication', 'r._measurement == "pipesim_run" and r.experiment == "${experiment}" and r.run == "${run}"'), true),
  ];
}

/** The dashboard for one kind of source. */
export function dashboard(source: 'prometheus' | 'influxdb'): Record<string, unknown> {
  return {
    title: source === 'prometheus' ? 'PipeSim (VictoriaMetrics / Prometheus)' : 'PipeSim (InfluxDB 2.x, Flux)',
    uid: source === 'prometheus' ? 'pipesim-prometheus' : 'pipesim-influxdb',
    description: 'A PipeSim results folder written by --influx-url or pipesim push: pick the experiment and run folder, then a time range covering its simulated dates (start:, default 2024-01-01; see docs/dashboards.md).',
    tags: ['pipesim'], editable: true, schemaVersion: 39, version: 1, timezone: 'utc',
    time: { from: '2024-01-01T00:00:00.000Z', to: '2024-02-01T00:00:00.000Z' },
    templating: { list: templating(source) },
    panels: PANELS.map((p, i) => ({
      id: i + 1, title: p.title, description: p.description, type: p.kind === 'table' ? 'table' : 'timeseries', gridPos: layout(i),
      datasource: { type: source, uid: '${datasource}' },
      fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
      ...(p.kind === 'table' ? { options: { showHeader: true } } : { options: { legend: { displayMode: 'list', placement: 'bottom' } } }),
      targets: source === 'prometheus'
        ? p.promql.map((q, j) => ({ refId: String.fromCharCode(65 + j), expr: q.expr, legendFormat: q.legend, ...(p.kind === 'table' ? { instant: true, format: 'table' } : { range: true }) }))
        : p.flux.map((q, j) => ({ refId: String.fromCharCode(65 + j), query: fluxQuery(q, p.kind) })),
    })),
  };
}

/** Grafana's provisioning: the two data sources (their URLs from the environment) and the dashboards folder. */
const PROVISIONING: Record<string, string> = {
  'provisioning/datasources/pipesim.yaml': `# Grafana data sources for the PipeSim dashboards; copy to /etc/grafana/provisioning/datasources/.
apiVersion: 1
datasources:
  - name: VictoriaMetrics
    type: prometheus
    access: proxy
    url: \${VICTORIAMETRICS_URL}
  - name: InfluxDB
    type: influxdb
    access: proxy
    url: \${INFLUX_URL}
    jsonData:
      version: Flux
      organization: \${INFLUX_ORG}
      defaultBucket: \${INFLUX_BUCKET}
    secureJsonData:
      token: \${INFLUX_TOKEN}
`,
  'provisioning/dashboards/pipesim.yaml': `# Loads the PipeSim dashboards; copy to /etc/grafana/provisioning/dashboards/ and the JSON files to the path below.
apiVersion: 1
providers:
  - name: pipesim
    folder: PipeSim
    type: file
    options:
      path: /var/lib/grafana/dashboards/pipesim
`,
};

/** Every file of dashboards/, by path relative to it. */
export function dashboardFiles(): Record<string, string> {
  return {
    'pipesim-victoriametrics.json': `${JSON.stringify(dashboard('prometheus'), null, 2)}\n`,
    'pipesim-influxdb.json': `${JSON.stringify(dashboard('influxdb'), null, 2)}\n`,
    ...PROVISIONING,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [file, text] of Object.entries(dashboardFiles())) {
    const target = path.join('dashboards', file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
    process.stdout.write(`wrote ${target}\n`);
  }
}
