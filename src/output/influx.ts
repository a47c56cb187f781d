/**
 * Writing to InfluxDB (v2 write API, with the official client): batched, retried with a bounded
 * total time, never fatal. The target comes from flags, the environment (INFLUX_URL,
 * INFLUX_TOKEN, INFLUX_ORG, INFLUX_BUCKET) or an `influx:` section; the token only ever from
 * the environment, and it never appears in output, logs or results.
 */
import { InfluxDB, setLogger } from '@influxdata/influxdb-client';
import { UserError } from '../core/errors.js';

export interface InfluxTarget {
  url: string;
  org: string;
  bucket: string;
  token?: string;
}

export interface InfluxSection { url?: string | undefined; org?: string | undefined; bucket?: string | undefined }

/** The target, or undefined when no URL is given anywhere. Flags win over the environment, which wins over the file. */
export function influxTarget(flags: { influxUrl?: string }, env: NodeJS.ProcessEnv, section?: InfluxSection): InfluxTarget | undefined {
  const url = flags.influxUrl ?? env.INFLUX_URL ?? section?.url;
  if (!url) return undefined;
  try {
    new URL(url);
  } catch {
    // Not echoed: a URL may carry a user and password, and this message may end up in a log.
    const from = flags.influxUrl !== undefined ? '--influx-url' : env.INFLUX_URL !== undefined ? 'INFLUX_URL' : 'influx.url';
    throw new UserError(`${from}: expected a URL such as http://host:8086 (the value given is not shown: it may hold credentials)`);
  }
  const token = env.INFLUX_TOKEN;
  return { url, org: env.INFLUX_ORG ?? section?.org ?? 'pipesim', bucket: env.INFLUX_BUCKET ?? section?.bucket ?? 'pipesim', ...(token ? { token } : {}) };
}

/** The URL as it may be shown: no credentials in it. */
export function displayUrl(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.toString().replace(/\/$/, '');
}

/** What a sink managed to write. */
export interface InfluxOutcome {
  url: string;
  written: number;
  failed: number;
  /** The first error, with any secret removed. */
  error?: string;
  /**
   * Read back where the server allows it (VictoriaMetrics' export API): the field values the
   * written points hold, and how many of them the server kept. Fewer kept than written means it
   * accepted and then dropped them (dates outside its retention).
   */
  check?: { values: number; kept: number };
}

/** Lines per request. */
const CHUNK = 5_000;

// The client logs failed writes to the console itself; we report once, our way.
setLogger({ error: () => {}, warn: () => {} });

/** Lines are queued and sent in batches; `close` waits for the last batch and its retries. */
export class InfluxSink {
  private readonly api;
  private sent = 0;
  private pending: Promise<void> = Promise.resolve();
  private written = 0;
  private values = 0;
  private error: string | undefined;

  constructor(private readonly target: InfluxTarget, options: { maxRetryTime?: number } = {}) {
    const client = new InfluxDB({ url: target.url, ...(target.token ? { token: target.token } : {}), timeout: 10_000 });
    this.api = client.getWriteApi(target.org, target.bucket, 'ns', {
      // Larger than a chunk: batches are sent by our awaited flushes, not by the client on its own
      // (its own flushes are not awaited by close(), so their outcome would be lost).
      batchSize: 2 * CHUNK,
      flushInterval: 1_000,
      maxRetries: 3,
      minRetryDelay: 200,
      maxRetryDelay: 2_000,
      maxRetryTime: options.maxRetryTime ?? 10_000,
      maxBufferLines: 1_000_000,
      writeSuccess: (lines: string[]) => {
        this.written += lines.length;
        for (const l of lines) this.values += fieldCount(l);
      },
      writeFailed: (error: Error) => { this.error ??= this.scrub(error.message); },
    });
  }

  write(lines: readonly string[]): void {
    for (let i = 0; i < lines.length; i += CHUNK) {
      const chunk = lines.slice(i, i + CHUNK);
      this.sent += chunk.length;
      // One batch at a time, in order; a failure is recorded (and retried by the client), never
      // thrown. Once a batch has failed for good the server is taken as gone: later batches are
      // counted as not written rather than each waiting out its time-out and retries.
      this.pending = this.pending.then(async () => {
        if (this.error !== undefined) return;
        this.api.writeRecords(chunk);
        await this.api.flush();
      }).catch((error: unknown) => {
        this.error ??= this.scrub(error instanceof Error ? error.message : String(error));
      });
    }
  }

  /** Waits for every batch; with `run` (the results folder's name, its points' run tag), reads back what the server kept. */
  async close(run?: string): Promise<InfluxOutcome> {
    await this.pending;
    try {
      await this.api.close();
    } catch (error) {
      this.error ??= this.scrub(error instanceof Error ? error.message : String(error));
    }
    const kept = run !== undefined && this.written > 0 ? await keptValues(this.target.url, run) : undefined;
    return {
      url: displayUrl(this.target.url), written: this.written, failed: this.sent - this.written,
      ...(this.error && this.sent > this.written ? { error: this.error } : {}),
      ...(kept !== undefined ? { check: { values: this.values, kept } } : {}),
    };
  }

  private scrub(message: string): string {
    const token = this.target.token;
    return token ? message.split(token).join('***') : message;
  }
}

/** Field values on a line-protocol line: one per comma of its field set, plus one. */
function fieldCount(line: string): number {
  // Tags escape spaces as '\ '; the field set is what follows the first unescaped space. Values are numbers (no commas).
  const fields = /^(?:\\.|[^ \\])* ([^ ]*)/.exec(line)?.[1] ?? '';
  return fields === '' ? 0 : fields.split(',').length;
}

/**
 * The field values the server at `url` keeps for run tag `run`, read through VictoriaMetrics'
 * export API; undefined where the server has none (InfluxDB itself) or cannot be asked.
 */
async function keptValues(url: string, run: string): Promise<number | undefined> {
  const base = displayUrl(url);
  try {
    // VictoriaMetrics buffers recent samples in memory: flush them so that the export sees every one.
    await fetch(`${base}/internal/force_flush`, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
    const body = new URLSearchParams({ 'match[]': `{__name__=~"pipesim_.*",run="${run.replace(/["\\]/g, '\\$&')}"}` });
    const response = await fetch(`${base}/api/v1/export`, { method: 'POST', body, signal: AbortSignal.timeout(60_000) });
    if (!response.ok) return undefined;
    let kept = 0;
    for (const line of (await response.text()).split('\n')) {
      if (line) kept += (JSON.parse(line) as { values: unknown[] }).values.length;
    }
    return kept;
  } catch {
    return undefined;
  }
}

/** Whether the server dropped some of what it accepted. */
export function droppedValues(outcome: InfluxOutcome): number {
  return outcome.check ? Math.max(0, outcome.check.values - outcome.check.kept) : 0;
}

/** One line for the CLI about an outcome. */
export function describeInflux(outcome: InfluxOutcome, dir: string, start?: number): string {
  const dropped = droppedValues(outcome);
  if (dropped > 0) {
    const from = start === undefined ? '' : ` (its simulated dates start at ${new Date(start * 1000).toISOString().slice(0, 10)})`;
    return `InfluxDB       ${outcome.url} accepted ${outcome.written.toLocaleString('en-US')} points but kept ${outcome.check?.kept.toLocaleString('en-US')} of their ${outcome.check?.values.toLocaleString('en-US')} values: ${dropped.toLocaleString('en-US')} were dropped, most likely as older than its retention period${from}. Run the experiment again anchored near the present (start: now, or --set start=now; docs/results.md#push), or give the server a longer retention and push ${dir} again`;
  }
  if (outcome.failed === 0) return `InfluxDB       wrote ${outcome.written.toLocaleString('en-US')} points to ${outcome.url}${outcome.check ? ', every value kept (read back)' : ''}`;
  return `InfluxDB       ${outcome.failed.toLocaleString('en-US')} of ${(outcome.written + outcome.failed).toLocaleString('en-US')} points not written to ${outcome.url} (${outcome.error ?? 'unknown error'}); the results folder is complete: write it later with  pipesim push ${dir}`;
}
