/** The CLI's exit codes, one meaning each (documented in `pipesim run --help` and the README). */
export const EXIT = {
  ok: 0,
  bug: 1,
  userError: 2,
  runsFailed: 3,
  /** Stopped by something outside the experiment (disk full, server unreachable); resumable. */
  stopped: 75,
  interrupted: 130,
} as const;
