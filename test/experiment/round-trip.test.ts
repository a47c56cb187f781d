/**
 * A results folder re-runs, as a property of every experiment fixture (test/helpers/
 * round-trip.ts: a sweep, a sequential plan, variance reduction): run briefly, then re-run the
 * folder's experiment.resolved.yaml from elsewhere, with another worker count → the same
 * summary.json, byte for byte. The slow suite's round-trip.slow.test.ts does the same on every
 * shipped experiment too, after SIGKILL mid-sweep and --resume (the examples stay true there);
 * shards-push.slow.test.ts, merge and push.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectExamplesHold, FIXTURES, nameOf, rerunResolved, runBriefly } from '../helpers/round-trip.js';

describe.each(FIXTURES)('%s', (file) => {
  it('re-runs from its resolved file to the same summary.json', async () => {
    const dir = await runBriefly(file);
    const summary = readFileSync(path.join(dir, 'summary.json'), 'utf8');
    expectExamplesHold(summary);
    expect(await rerunResolved(dir, nameOf(file))).toBe(summary);
  });
});
