/**
 * Recordings that stream out of a run while it runs: the worker posts each chunk of series
 * samples and of task events on a MessagePort of its own, and the coordinator writes their
 * lines to the run's files as they arrive, so neither thread ever holds a long run's whole
 * recording (a year at one minute is half a million samples; every task's events, a million
 * records). The result brings the last, partial chunks. The worker simulates far faster than
 * lines are written, so it waits (Atomics.wait on a shared count of chunks written) while
 * IN_FLIGHT chunks are unwritten: otherwise the port's queue would hold it all after all.
 */
import { closeSync, openSync, rmSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { Experiment } from '../config/load.js';
import type { RunCoordinates, RunSeries, TaskRecord } from '../core/records.js';
import { eventLines, seriesLines } from './line-protocol.js';
import { EVENTS_DIR, recordingFile, runTagsOf, SERIES_DIR, writeLines } from './recordings.js';

/** Task events a worker holds before posting them. */

/** The run a stream records, and what it records. */
export type RecordedRun = RunCoordinates & { seriesInterval?: number | undefined; eventSample?: number | undefined };

export const EVENT_CHUNK = 4096;

/** Chunks a worker may have posted and not yet seen written. */
const IN_FLIGHT = 2;

/** What travels on the port: a stretch of series, or of task events (numbered from `first`). */
export type RecordingChunk = { series: RunSeries } | { events: TaskRecord[]; first: number };

/** The worker's side: posts a chunk, then waits while too many are unwritten. */
export function chunkPoster(port: MessagePort, written: Int32Array): (chunk: RecordingChunk) => void {
  let posted = 0;
  return (chunk) => {
    port.postMessage(chunk);
    posted++;
    for (let seen = Atomics.load(written, 0); posted - seen > IN_FLIGHT; seen = Atomics.load(written, 0)) Atomics.wait(written, 0, seen, 1000);
  };
}

/** The coordinator's side, one per run that records. */
export class RecordingStream {
  /** The end to hand to the worker (transfer it with the task). */
  readonly port: MessagePort;
  /** Chunks written so far, shared with the worker (its back-pressure). */
  readonly written = new Int32Array(new SharedArrayBuffer(4));
  private readonly mine: MessagePort;
  private readonly files: { series?: { path: string; fd?: number }; events?: { path: string; fd?: number } } = {};
  /** A write that failed while a chunk arrived; thrown when the run's result is taken. */
  private error: unknown;

  constructor(private readonly dir: string, private readonly experiment: Experiment, private readonly spec: RecordedRun, private readonly onLines?: (chunk: string[]) => void) {
    const channel = new MessageChannel();
    this.mine = channel.port1;
    this.port = channel.port2;
    if (spec.seriesInterval !== undefined) this.files.series = { path: recordingFile(dir, SERIES_DIR, spec.runId) };
    if (spec.eventSample !== undefined) this.files.events = { path: recordingFile(dir, EVENTS_DIR, spec.runId) };
    this.mine.on('message', (chunk: RecordingChunk) => {
      try {
        this.write(chunk);
      } catch (error) {
        this.error ??= error;
      }
      Atomics.add(this.written, 0, 1);
      Atomics.notify(this.written, 0);
    });
  }

  private write(chunk: RecordingChunk): void {
    if (this.error !== undefined) return;
    const tags = runTagsOf(this.experiment, this.dir, this.spec);
    const file = 'series' in chunk ? this.files.series : this.files.events;
    if (!file) return;
    file.fd ??= openSync(file.path, 'w');
    const lines = 'series' in chunk ? seriesLines(chunk.series, tags, this.experiment.start) : eventLines(chunk.events, tags, this.experiment.start, chunk.first);
    writeLines(file.fd, lines, this.onLines);
  }

  /** Writes what is still queued on the port and then the result's rest, and closes the files. */
  finish(rest: { series?: RunSeries | undefined; events?: TaskRecord[] | undefined; firstEvent?: number | undefined }): void {
    try {
      for (let m = receiveMessageOnPort(this.mine); m; m = receiveMessageOnPort(this.mine)) this.write(m.message as RecordingChunk);
      if (this.error !== undefined) throw this.error;
      if (rest.series) this.write({ series: rest.series });
      if (rest.events) this.write({ events: rest.events, first: rest.firstEvent ?? 0 });
      for (const file of [this.files.series, this.files.events]) if (file) file.fd ??= openSync(file.path, 'w');
    } finally {
      this.close();
    }
  }

  /** The run will not be recorded (aborted, failed): its partial files go. */
  abandon(): void {
    this.close();
    for (const file of [this.files.series, this.files.events]) if (file) rmSync(file.path, { force: true });
  }

  private close(): void {
    // A worker still running (an aborted sweep) must never wait for a writer that is gone.
    Atomics.store(this.written, 0, 1 << 30);
    Atomics.notify(this.written, 0);
    this.mine.close();
    for (const file of [this.files.series, this.files.events]) {
      if (file?.fd !== undefined) closeSync(file.fd);
      if (file) delete file.fd;
    }
  }
}
