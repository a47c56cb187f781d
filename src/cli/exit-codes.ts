/** The CLI's exit codes, one meaning each, the same for every command (the table: docs/reference.md#exit-codes). */
export const EXIT = {
  ok: 0,
  bug: 1,
  userError: 2,
  /** Some runs failed (their errors are recorded); the rest of the answer stands. */
  runsFailed: 3,
  /** `pipesim merge`: runs are missing from the shards (finish them, merge again). */
  incomplete: 4,
  /** Stopped by something outside the experiment (disk full, server unreachable); resumable. */
  stopped: 75,
  /** Ctrl-C or SIGTERM, and only that: resumable. */
  interrupted: 130,
} as const;
