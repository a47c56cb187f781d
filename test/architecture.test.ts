/**
 * The dependency rule (ARCHITECTURE.md) holds on the source, and the check can fail: the same
 * check on the source with a violation planted in memory reports it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALLOWED, folderOf, forbiddenEdges, importCycles, importGraph, readSources } from './helpers/architecture.js';

const SRC = path.resolve('src');
const sources = readSources(SRC);

/** The sources with `line` added at the top of `file`. */
function planted(file: string, line: string): Map<string, string> {
  const copy = new Map(sources);
  copy.set(file, `${line}\n${copy.get(file) as string}`);
  return copy;
}

describe('the dependency rule', () => {
  it('holds: no import cycle (type-only and dynamic imports included), no folder edge outside the matrix', () => {
    const graph = importGraph(sources);
    expect(graph.size).toBeGreaterThan(100);
    expect(importCycles(graph)).toEqual([]);
    expect(forbiddenEdges(graph)).toEqual([]);
  });

  it('the matrix is a layering: every folder of src is in it, has an index.ts, and no two folders may import each other', () => {
    const folders = new Set([...sources.keys()].map(folderOf));
    for (const folder of folders) expect(ALLOWED[folder], `folder ${folder}`).toBeDefined();
    for (const folder of folders) if (folder !== '(root)') expect(sources.has(`${folder}/index.ts`), `${folder}/index.ts`).toBe(true);
    // Acyclic: repeatedly take a folder whose allowed imports are all taken already.
    const placed = new Set<string>();
    let progress = true;
    while (progress) {
      progress = false;
      for (const [folder, may] of Object.entries(ALLOWED)) {
        if (!placed.has(folder) && may.every((m) => placed.has(m))) {
          placed.add(folder);
          progress = true;
        }
      }
    }
    expect([...placed].sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  it('fails on a planted type-only edge that goes up the layers (core → config)', () => {
    const violations = forbiddenEdges(importGraph(planted('core/records.ts', "import type { Scenario } from '../config/schema.js';")));
    expect(violations).toEqual(["core/records.ts → config/schema.ts: 'core' may not import 'config'"]);
  });

  it('fails on a planted dynamic import (model → cli)', () => {
    const violations = forbiddenEdges(importGraph(planted('model/run.ts', "export const later = () => import('../cli/index.js');")));
    expect(violations).toEqual(["model/run.ts → cli/index.ts: 'model' may not import 'cli'"]);
  });

  it('fails on a planted type-only cycle inside a folder', () => {
    const graph = importGraph(planted('engine/heap.ts', "import type { Simulation } from './simulation.js';"));
    expect(forbiddenEdges(graph)).toEqual([]);
    const cycles = importCycles(graph);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toEqual(expect.arrayContaining(['engine/heap.ts', 'engine/simulation.ts']));
  });

  it('fails on a planted cycle across folders, and names every file on it', () => {
    const graph = importGraph(planted('stats/online.ts', "import type { Progress } from '../experiment/coordinator.js';"));
    const cycles = importCycles(graph);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toContain('stats/online.ts');
    expect(cycles[0]).toContain('experiment/coordinator.ts');
    expect(forbiddenEdges(graph)).toContain("stats/online.ts → experiment/coordinator.ts: 'stats' may not import 'experiment'");
  });
});

/** The paths a cell of ARCHITECTURE.md's file table names: `a.ts`, `dir/*.ts`, `dir/{a,b}.ts`, `dir/a.ts`, `b.cts`. */
function pathsOfCell(cell: string): string[] {
  const names = [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string).filter((name) => /\.[a-z]+$/.test(name));
  if (names.length === 0) return [];
  const first = names[0] as string;
  return names.flatMap((name) => {
    const full = name.includes('/') ? name : path.posix.join(path.posix.dirname(first), name);
    const brace = /\{([^}]+)\}/.exec(full);
    return brace ? (brace[1] as string).split(',').map((alt) => full.replace(brace[0], alt)) : [full];
  });
}

describe('ARCHITECTURE.md', () => {
  it('maps every file of src/ and scripts/, and names no file that is not there', () => {
    const text = readFileSync('ARCHITECTURE.md', 'utf8');
    const cells = [...text.matchAll(/^\| (`[^|]+) \|/gm)].map((m) => m[1] as string);
    const mapped = cells.flatMap(pathsOfCell);
    const globbed = (p: string) => (p.includes('*') ? readdirSync(path.dirname(p)).filter((f) => new RegExp(`^${path.basename(p).replace('.', '\\.').replace('*', '.*')}$`).test(f)).map((f) => path.posix.join(path.dirname(p), f)) : [p]);
    const listed = new Set(mapped.flatMap(globbed));
    for (const p of listed) expect(existsSync(p), `${p} is in ARCHITECTURE.md but not in the tree`).toBe(true);
    const tree = [...readSources(SRC).keys()].map((f) => `src/${f}`).concat(
      readdirSync('scripts', { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ts|py)$/.test(f)).map((f) => `scripts/${f}`),
    );
    const missing = tree.filter((f) => !listed.has(f));
    expect(missing, 'files missing from ARCHITECTURE.md').toEqual([]);
  });
});
