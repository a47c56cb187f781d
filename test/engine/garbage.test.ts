/**
 * Per-event garbage must not come back: once compiled, the engine allocates nothing per event.
 * Counted, not timed (a shared machine cannot fail it): minor GCs over a million M/M/8
 * customers in a process whose young generation is 1 MB, where 16 bytes of garbage per customer
 * (one boxed double) cost about 30. The same count with an object kept per arrival shows the
 * guard can fail.
 */
import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';

const minorGcs = (...args: string[]) =>
  Number(execFileSync(process.execPath, ['--max-semi-space-size=1', '--import', 'tsx', 'test/helpers/minor-gcs.ts', ...args], { encoding: 'utf8' }).trim());

it('a million M/M/8 customers cost at most 5 minor GCs in a 1 MB young generation (1 measured)', () => {
  expect(minorGcs()).toBeLessThanOrEqual(5);
  // An object per customer, about 32 bytes: the kind of garbage the bound is for.
  expect(minorGcs('litter')).toBeGreaterThan(25);
}, 60_000);
