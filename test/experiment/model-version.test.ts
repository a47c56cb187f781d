/**
 * MODEL_VERSION is kept honest: a digest of what reference runs compute (every metric, the
 * bottleneck, the distributions and the event count of short runs of seven shipped experiments) is stored with the
 * version it belongs to. A change to what a run computes, without a new version, fails here — so
 * the run cache, a resumed folder and a queue never take an old model's result for a new one's.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { MODEL_VERSION } from '../../src/experiment/run-identity.js';
import { referenceDigest } from '../helpers/model-digest.js';

const GOLDEN = 'test/fixtures/model-version.json';
it('changes only with MODEL_VERSION: the reference runs compute what the golden digest says', async () => {
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as { modelVersion: number; digest: string };
  const digest = await referenceDigest();
  expect(MODEL_VERSION, `MODEL_VERSION changed: store the new digest (${digest}) with it in ${GOLDEN}`).toBe(golden.modelVersion);
  expect(digest, `what runs compute changed: bump MODEL_VERSION (src/experiment/run-identity.ts) and store this digest with it in ${GOLDEN}`).toBe(golden.digest);
}, 60_000);
