/**
 * A results folder re-runs, as a property of every experiment the project ships and every
 * fixture (test/helpers/round-trip.ts): run briefly, then re-run the folder's
 * experiment.resolved.yaml from elsewhere, with another worker count → the same summary.json,
 * byte for byte. The examples stay true on the way. The slow suite's round-trip.slow.test.ts
 * adds SIGKILL mid-sweep and --resume on every file; shards-push.slow.test.ts, merge and push.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectExamplesHold, FILES, nameOf, rerunResolved, runBriefly } from '../helpers/round-trip.js';

describe.each(FILES)('%s', (file) => {
  it('re-runs from its resolved file to the same summary.json', async () => {
    const dir = await runBriefly(file);
    const summary = readFileSync(path.join(dir, 'summary.json'), 'utf8');
    expectExamplesHold(summary);
    expect(await rerunResolved(dir, nameOf(file))).toBe(summary);
  });
});
