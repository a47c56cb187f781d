/**
 * The built CLI is an executable file: `npx pipesim` runs it directly, so a build that left it
 * without its execute bit (tsc writes 0644) failed with "Permission denied" whenever npm had not
 * set the bit itself, e.g. after `npm test` rebuilt it in a fresh clone.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/src/cli/bin.js');

describe('the built CLI', () => {
  it('is executable by its owner, group and others', () => {
    expect(statSync(bin).mode & 0o111).toBe(0o111);
  });
});
