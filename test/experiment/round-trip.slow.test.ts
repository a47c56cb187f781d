/**
 * A results folder resumes, as a property of every experiment the project ships and every
 * fixture: SIGKILL as soon as the first run is on disk (nothing gets to clean up: no summary,
 * a stale lock), `--resume` → every planned run recorded exactly once, and the same
 * summary.json as a re-run of the folder's resolved file with another worker count.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipesim, warningsIn } from '../helpers/cli.js';
import { expectExamplesHold, FILES, nameOf, recordedIds, rerunResolved, runBriefly } from '../helpers/round-trip.js';

describe.each(FILES)('%s', (file) => {
  it('resumes after SIGKILL to the summary.json of a whole run', async () => {
    const dir = await runBriefly(file, true);
    expect(JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')).status).toBe('running');
    const kept = recordedIds(dir).length;

    const resumed = await pipesim(['run', '--resume', dir, '--workers', '2', '--no-progress']);
    expect(warningsIn(resumed.stderr)).toBe('');
    expect(resumed.code).toBe(0);
    const summary = readFileSync(path.join(dir, 'summary.json'), 'utf8');
    expectExamplesHold(summary);
    const planned = (JSON.parse(summary) as { runs: { planned: number } }).runs.planned;
    expect(kept).toBeLessThan(planned);
    const ids = recordedIds(dir);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(planned);
    expect(await rerunResolved(dir, nameOf(file))).toBe(summary);
  });
});
