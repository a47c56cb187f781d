/**
 * Progress of a sweep: a bar with ETA on a terminal; on anything else (CI logs, files) a plain
 * line at most every 10 seconds and at the end.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { Progress } from '../experiment/index.js';

export interface ProgressDisplay {
  update(p: Progress): void;
  /** Ends the display for good: later updates draw nothing (the summary or a Ctrl-C line follows). */
  stop(): void;
  /** A line on stderr that the bar does not overwrite. */
  note(line: string): void;
}

const writeNote = (line: string) => process.stderr.write(`${line}\n`);

/** A display on stderr that suits where stderr goes; silent when `enabled` is false. */
export function createProgress(enabled: boolean): ProgressDisplay {
  if (!enabled) return { update() {}, stop() {}, note: writeNote };
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      stream: process.stderr,
      format: 'runs {bar} {value}/{total} | {percentage}% | elapsed {duration_formatted} | ETA {eta_formatted}{failedNote}',
      hideCursor: true,
      etaBuffer: 50,
    }, Presets.shades_classic);
    let started = false;
    let stopped = false;
    return {
      update(p) {
        if (stopped) return;
        const payload = { failedNote: p.failed > 0 ? ` | ${p.failed} failed` : '' };
        if (!started) {
          bar.start(p.planned, p.completed, payload);
          started = true;
        } else {
          bar.setTotal(p.planned);
          bar.update(p.completed, payload);
        }
      },
      stop() {
        if (started) bar.stop();
        started = false;
        stopped = true;
      },
      note(line) {
        // Clear the bar's line first; it draws itself again below at the next update.
        process.stderr.write(started ? `\r\x1b[K${line}\n` : `${line}\n`);
      },
    };
  }
  const start = Date.now();
  let lastPrint = start;
  let printed = false;
  let last: Progress | undefined;
  const print = (p: Progress) => {
    const elapsed = (Date.now() - start) / 1000;
    const rate = p.completed > 0 ? elapsed / p.completed : 0;
    const eta = rate > 0 ? ` | ETA ${Math.round(rate * (p.planned - p.completed))} s` : '';
    process.stderr.write(`runs ${p.completed}/${p.planned}${p.failed > 0 ? ` (${p.failed} failed)` : ''} | elapsed ${Math.round(elapsed)} s${eta}\n`);
  };
  let stopped = false;
  return {
    note: writeNote,
    update(p) {
      if (stopped) return;
      last = p;
      const now = Date.now();
      if (now - lastPrint >= 10_000) {
        lastPrint = now;
        printed = true;
        print(p);
      }
    },
    stop() {
      // Short sweeps print nothing; long ones end with a final count.
      if (last && printed && !stopped) print(last);
      stopped = true;
    },
  };
}
