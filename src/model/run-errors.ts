/**
 * Why a run failed, when the failure is the run's own and the same on every machine: its event
 * budget ran out, or its policy broke the queue contract. Such runs are recorded as failed with
 * this message (other runs go on); a wall-clock overrun is not one of these (experiment/run-pool.ts).
 */

/** A run that reached `limits.events` before the end of its horizon. */
export class EventBudgetExceeded extends Error {
  override readonly name = 'EventBudgetExceeded';
  // The message names no per-run numbers, so that a sweep's failures list it once.
  constructor(readonly budget: number, readonly simulatedSeconds: number) {
    super(`event budget exceeded: ${budget} events before the end of the horizon (limits.events; raise it if runs are meant to be this long)`);
  }
}

/** A scheduling policy did something its interface forbids (model/policies/policy.ts). */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
}

/** The message recorded for anything a run threw, including values that are not Errors. */
export function failureMessage(thrown: unknown): string {
  if (thrown instanceof EventBudgetExceeded || thrown instanceof PolicyError) return `${thrown.name}: ${thrown.message}`;
  if (thrown instanceof Error) return `${thrown.name}: ${thrown.message}${thrown.stack ? `\n${thrown.stack.split('\n').slice(1, 6).join('\n')}` : ''}`;
  let shown: string;
  try {
    shown = typeof thrown === 'string' ? JSON.stringify(thrown) : String(thrown);
  } catch {
    shown = Object.prototype.toString.call(thrown);
  }
  return `the run threw ${shown}, which is not an Error (a policy's throw without new Error(…)?)`;
}
