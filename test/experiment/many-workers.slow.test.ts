/** The many-workers start of many-workers.test.ts, twenty times (1 in 8 aborted before the fix at 100 threads). */
import { expect, it } from 'vitest';
import { sweepOn } from '../helpers/sweep.js';

it('64 threads at once finish a small sweep twenty times, with one thread’s answer', async () => {
  const reference = await sweepOn(1);
  for (let i = 0; i < 20; i++) expect(await sweepOn(64)).toBe(reference);
});
