/**
 * A worker thread receives resolved specs and never validates input, so it must not load zod:
 * that was 160 ms of each worker's start, paid by every worker of every sweep. The test walks
 * the static imports of the built worker, the modules Node loads when a worker starts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const worker = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/src/experiment/worker.js');
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;

/** The packages (bare specifiers) reached from `entry` through static imports. */
function packagesReached(entry: string): Set<string> {
  const packages = new Set<string>();
  const visited = new Set<string>();
  const visit = (file: string): void => {
    if (visited.has(file)) return;
    visited.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      if (specifier!.startsWith('.')) visit(path.resolve(path.dirname(file), specifier!));
      else packages.add(specifier!);
    }
  };
  visit(entry);
  return packages;
}

describe('a worker thread', () => {
  it('loads the samplers and their generator but not the schema library', () => {
    const packages = packagesReached(worker);
    expect(packages).toContain('seedrandom');
    expect(packages).toContain('jstat');
    expect(packages).not.toContain('zod');
  });
});
