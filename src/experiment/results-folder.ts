/**
 * A results folder and everything written into it, in one place: the folder itself (new,
 * resumed, a shard's), its lock, the manifest's status, the resolved experiment, the run
 * records and recordings, and the documents — summary, comparison, forecast — with the pages
 * rendered from them. The coordinator and the commands say what happened; this decides where
 * and how it is written. The file formats are output/'s, the pages report/'s.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { UserError, type StoppedError } from '../core/errors.js';
import type { ReplayNote, RunResult } from '../core/records.js';
import type { Experiment } from '../config/load.js';
import type { ComparisonReport, ForecastReport, RecordedEvaluation, SummaryDocument } from '../output/documents.js';
import { writeAggregates, writeComparison } from '../output/files.js';
import { lockFolder } from '../output/folder-lock.js';
import { appendJsonLine, readJsonLines } from '../output/json-lines.js';
import { EVENTS_DIR, mergeRecordings, recordingFiles, recordRun, recordScenarios, SERIES_DIR } from '../output/recordings.js';
import { readEvents, readSeries } from '../output/series-read.js';
import {
  appendRun, createRunDir, isWriteError, MANIFEST, manifestText, newManifest, readManifest, readRuns, repairTornTail, RESOLVED_FILE, runRecord,
  RUNS_FILE, stoppedByWrite, writeManifest, type Manifest,
} from '../output/results-dir.js';
import { comparisonMarkdown } from '../report/comparison.js';
import { forecastMarkdown } from '../report/forecast.js';
import { reportHtml } from '../report/html.js';
import { writeIndex } from '../report/index-page.js';
import { summaryMarkdown } from '../report/summary-md.js';

/** Each evaluation of a forecast's search, appended as it finishes: what `--resume` starts from. */
export const EVALUATIONS_FILE = 'evaluations.jsonl';

/** The parameters of scenario `index` as a plain object (for records and summaries). */
export function parametersOf(experiment: Experiment, index: number): Record<string, unknown> {
  return Object.fromEntries(experiment.scenarios[index]?.overrides ?? []);
}

export class ResultsFolder {
  private constructor(readonly dir: string, private readonly experiment: Experiment, private readonly manifest: Manifest, private readonly unlock: () => void) {}

  /**
   * A new folder under `root/<experiment>/`, named by the start time, holding the resolved
   * experiment and its manifest from the moment it appears; locked until `close`.
   */
  static create(root: string, experiment: Experiment, source: string, replays: readonly ReplayNote[] = []): ResultsFolder {
    const manifest = { ...newManifest(experiment, source), ...(replays.length > 0 ? { replays: [...replays] } : {}) };
    let dir: string;
    try {
      dir = createRunDir(root, experiment.name, { [RESOLVED_FILE]: stringify(experiment.resolved), [MANIFEST]: manifestText(manifest) });
    } catch (error) {
      if (!isWriteError(error)) throw error;
      throw new UserError(`cannot make a results folder under ${root}: ${error.code} (${error.message})`, 'give --out a folder you can write to');
    }
    return new ResultsFolder(dir, experiment, manifest, lockFolder(dir));
  }

  /**
   * A folder that exists (a resumed run, a restarted shard, a finished run to compare), locked
   * until `close`; `manifest` is written as its state when given (a shard's first start).
   */
  static open(dir: string, experiment: Experiment, manifest: Manifest = readManifest(dir)): ResultsFolder {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      if (!isWriteError(error)) throw error;
      throw new UserError(`cannot make the results folder ${dir}: ${error.code} (${error.message})`, 'give --out a folder you can write to');
    }
    return new ResultsFolder(dir, experiment, manifest, lockFolder(dir));
  }

  /**
   * Where the experiment of the folder `dir` is read from: its resolved file, with relative
   * paths against the original file's folder; and the folder's manifest.
   */
  static sourceOf(dir: string): { file: string; baseDir: string; manifest: Manifest } {
    const manifest = readManifest(dir);
    const file = path.join(dir, RESOLVED_FILE);
    if (!existsSync(file)) throw new UserError(`${dir} has no ${RESOLVED_FILE}, so it cannot be resumed or read`, 'run the experiment file again');
    return { file, baseDir: manifest.baseDir, manifest };
  }

  /** The records in the folder `dir`, read without taking it over. */
  static runsIn(dir: string): RunResult[] {
    return readRuns(dir);
  }

  /** Whether `dir` is a results folder already (a restarted shard continues in it). */
  static exists(dir: string): boolean {
    return existsSync(path.join(dir, MANIFEST));
  }

  get resolvedFile(): string {
    return path.join(this.dir, RESOLVED_FILE);
  }

  get runsFile(): string {
    return path.join(this.dir, RUNS_FILE);
  }

  get evaluationsFile(): string {
    return path.join(this.dir, EVALUATIONS_FILE);
  }

  /** Releases the folder's lock. */
  close(): void {
    this.unlock();
  }

  /** Marks the folder running (writing the resolved experiment if a kill left it without). */
  start(): void {
    if (!existsSync(this.resolvedFile)) writeFileSync(this.resolvedFile, stringify(this.experiment.resolved));
    this.setStatus('running');
  }

  /** The folder's state; `fromCache`: how many of its runs came from the run cache. */
  setStatus(status: Manifest['status'], fromCache?: number): void {
    writeManifest(this.dir, { ...this.manifest, status, ...(fromCache ? { fromCache } : {}) });
    this.writeIndex();
  }

  /** After a write failed: marks the folder interrupted if the disk still lets it. */
  markInterrupted(): void {
    try {
      this.setStatus('interrupted');
    } catch {
      // The disk that refused the records may refuse this too; resume needs only runs.jsonl.
    }
  }

  /** The error that ends a command whose write here failed: what is kept, and how to continue. */
  stopped(error: NodeJS.ErrnoException, kept: string, resume: string): StoppedError {
    return stoppedByWrite(error, this.dir, kept, resume);
  }

  /** The records of a resumed folder, after cutting a torn last line (its length in bytes). */
  recordedRuns(): { runs: RunResult[]; tornBytes: number } {
    const tornBytes = repairTornTail(this.dir);
    return { runs: readRuns(this.dir), tornBytes };
  }

  /** Records a finished run: its recordings to their files (and `onLines`), its record to runs.jsonl. Returns the record. */
  recordRun(result: RunResult, onLines?: (chunk: string[]) => void): RunResult {
    const slim = recordRun(this.dir, this.experiment, result, onLines);
    appendRun(this.dir, slim, parametersOf(this.experiment, result.scenarioIndex));
    return slim;
  }

  /** Writes `runs` as the folder's records (a merge), in the order given. */
  writeRuns(runs: readonly RunResult[]): void {
    writeFileSync(this.runsFile, runs.map((r) => `${JSON.stringify(runRecord(r, parametersOf(this.experiment, r.scenarioIndex)))}\n`).join(''));
  }

  /** Takes the shards' recordings and resolved experiment into this folder (a merge). */
  mergeShards(shardDirs: readonly string[]): void {
    writeFileSync(this.resolvedFile, readFileSync(path.join(shardDirs[0] as string, RESOLVED_FILE), 'utf8'));
    mergeRecordings(this.dir, shardDirs);
  }

  /** summary.json, scenarios.csv, scenarios.lp, summary.md and report.html (with the comparison, when there is one). */
  writeSummary(summary: SummaryDocument, comparison?: ComparisonReport): void {
    writeAggregates(this.dir, summary);
    recordScenarios(this.dir, this.experiment, summary);
    if (comparison) writeComparison(this.dir, comparison);
    this.writeSummaryMarkdown(summary, comparison);
    this.writePage(summary, comparison);
  }

  /**
   * A comparison made after the run (`pipesim compare`): comparison.json, comparison.md, and
   * summary.md and the page with it — never a summary.md that still holds the run's older one.
   */
  writeComparison(comparison: ComparisonReport): void {
    writeComparison(this.dir, comparison);
    writeFileSync(path.join(this.dir, 'comparison.md'), `# ${this.experiment.name}: comparison\n\n${comparisonMarkdown(comparison)}`);
    const summary = JSON.parse(readFileSync(path.join(this.dir, 'summary.json'), 'utf8')) as SummaryDocument;
    this.writeSummaryMarkdown(summary, comparison);
    this.writePage(summary, comparison);
  }

  private writeSummaryMarkdown(summary: SummaryDocument, comparison: ComparisonReport | undefined): void {
    writeFileSync(path.join(this.dir, 'summary.md'), summaryMarkdown(summary) + (comparison ? `\n${comparisonMarkdown(comparison)}` : ''));
  }

  /**
   * The results root's index.html, rewritten with this folder in it — when the folder sits
   * where runs put it, `<root>/<experiment>/<time>/` (a shard's folder, or one copied elsewhere,
   * is not listed).
   */
  private writeIndex(): void {
    const dir = path.resolve(this.dir);
    if (path.basename(path.dirname(dir)) !== this.experiment.name || /^shard-\d+-of-\d+$/.test(path.basename(dir))) return;
    writeIndex(path.dirname(path.dirname(dir)));
  }

  private writePage(summary: SummaryDocument, comparison: ComparisonReport | undefined): void {
    const firstSeries = recordingFiles(this.dir).find((f) => path.basename(path.dirname(f)) === SERIES_DIR);
    const overTime = firstSeries && { run: path.basename(firstSeries, '.lp'), series: readSeries(firstSeries) };
    const firstEvents = recordingFiles(this.dir).find((f) => path.basename(path.dirname(f)) === EVENTS_DIR);
    const events = firstEvents && { run: path.basename(firstEvents, '.lp'), events: readEvents(firstEvents) };
    writeFileSync(path.join(this.dir, 'report.html'), reportHtml({
      title: this.experiment.name, resolved: this.experiment.resolved, summary, ...(comparison ? { comparison } : {}), ...(overTime ? { overTime } : {}), ...(events ? { events } : {}),
    }));
    this.writeIndex();
  }

  /** The forecast's evaluations recorded so far (a resumed forecast takes those whose runs match). */
  recordedEvaluations(): RecordedEvaluation[] {
    return readJsonLines(this.evaluationsFile) as RecordedEvaluation[];
  }

  recordEvaluation(evaluation: RecordedEvaluation): void {
    appendJsonLine(this.evaluationsFile, evaluation);
  }

  /** forecast.json, forecast.md (also as summary.md, what every results folder has) and the forecast's page. */
  writeForecast(report: ForecastReport): void {
    writeFileSync(path.join(this.dir, 'forecast.json'), `${JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
    const markdown = `# ${this.experiment.name}: capacity forecast${report.complete ? '' : ' (interrupted)'}\n\n${forecastMarkdown(report)}`;
    writeFileSync(path.join(this.dir, 'forecast.md'), markdown);
    writeFileSync(path.join(this.dir, 'summary.md'), markdown);
    writeFileSync(path.join(this.dir, 'report.html'), reportHtml({ title: `${this.experiment.name}: capacity forecast`, resolved: this.experiment.resolved, forecast: report }));
    this.writeIndex();
  }
}
