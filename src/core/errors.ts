/**
 * User-facing errors: a UserError prints one message (and an optional hint) without a stack
 * and exits 2; anything else is a bug. ConfigError names the file, line and field path.
 */

/** An error caused by the user's input or invocation, shown without a stack trace. */
export class UserError extends Error {
  override readonly name: string = 'UserError';
  /** The process's exit code when this ends the command (2: invalid input or invocation). */
  readonly exitCode: number = 2;
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

/**
 * The command stopped for a reason outside the experiment (a full disk, a server gone): what
 * was finished is kept and the folder resumes. Exit 75 (sysexits' "temporary failure").
 */
export class StoppedError extends UserError {
  override readonly name = 'StoppedError';
  override readonly exitCode: number = 75;
}

/** Runs of the experiment failed (a policy's bug, an event budget): the command cannot give its answer. Exit 3. */
export class RunsFailedError extends UserError {
  override readonly name = 'RunsFailedError';
  override readonly exitCode: number = 3;
}

/** The message for a field the schema does not know. */
export const UNKNOWN_FIELD = 'unknown field (check its spelling and place against experiments/annotated.yaml)';

/** One problem in an experiment file. */
export interface ConfigProblem {
  /** Field path, e.g. ['platform', 'pools', 'gpu', 'capacity']. */
  path: readonly (string | number)[];
  message: string;
  /** 1-based line in the file, when known. */
  line?: number;
  /** The file that holds the value, when not the one loaded (a base it `extends:`). */
  file?: string;
  /** 1-based column, for syntax errors. */
  column?: number;
  /** The value came from the command line (--set and the flags that stand for it), not the file. */
  fromCommandLine?: boolean;
}

/** Past this many problems a message lists the first ones and counts the rest (40,000 unknown keys are one mistake). */
export const MAX_LISTED_PROBLEMS = 50;

/** Renders a field path as `platform.pools.gpu.capacity` or `grid[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}

/** Invalid experiment file: every problem, each as `file:line: path: message`. */
export class ConfigError extends UserError {
  override readonly name = 'ConfigError';
  constructor(readonly file: string, readonly problems: readonly ConfigProblem[]) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => p.fromCommandLine
      ? `command line: ${formatPath(p.path)}: ${p.message} (a value given on the command line, not in ${file})`
      : `${p.file ?? file}${p.line !== undefined ? `:${p.line}` : ''}${p.column !== undefined ? `:${p.column}` : ''}: ${formatPath(p.path)}: ${p.message}`);
    const more = problems.length - listed.length;
    super([...listed, ...(more > 0 ? [`${file}: … and ${more} more problem(s) like these`] : [])].join('\n'));
  }
}
