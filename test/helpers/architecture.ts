/**
 * The dependency rule of ARCHITECTURE.md, checked on the source: every import (type-only and
 * dynamic ones included) between folders of src/ must be an edge of the allowed matrix, and no
 * chain of imports may come back to where it started. Works on file contents, so a test can
 * plant a violation without touching the tree.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Folders of src/ and what each may import, bottom to top. `(root)` is src/index.ts and the
 * other files directly in src/: the public API, which may import anything.
 */
export const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  core: [],
  engine: ['core'],
  random: ['core'],
  stats: ['core', 'random'],
  trace: ['core'],
  config: ['core', 'random', 'trace'],
  model: ['core', 'engine', 'random', 'stats', 'trace', 'config'],
  output: ['core', 'stats', 'config'],
  report: ['core', 'stats', 'config', 'output'],
  experiment: ['core', 'random', 'stats', 'trace', 'config', 'model', 'output', 'report'],
  scale: ['core', 'experiment'],
  fit: ['core', 'random', 'stats', 'trace', 'model', 'report'],
  cli: ['core', 'random', 'stats', 'trace', 'config', 'model', 'output', 'report', 'experiment', 'scale', 'fit'],
  '(root)': ['core', 'engine', 'random', 'stats', 'trace', 'config', 'model', 'output', 'report', 'experiment', 'scale', 'fit', 'cli'],
};

/** Source files under `dir`, by path relative to it (posix separators), with their contents. */
export function readSources(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const file = entry.split(path.sep).join('/');
    if (/\.(c|m)?ts$/.test(file) && !file.endsWith('.d.ts')) files.set(file, readFileSync(path.join(dir, entry), 'utf8'));
  }
  return files;
}

export function folderOf(file: string): string {
  const slash = file.indexOf('/');
  return slash < 0 ? '(root)' : file.slice(0, slash);
}

/** Relative imports of each file, resolved to the files they name (`.js` → `.ts`, `.cjs` → `.cts`). */
export function importGraph(files: ReadonlyMap<string, string>): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [file, source] of files) {
    const targets: string[] = [];
    for (const { fileName } of ts.preProcessFile(source, true, true).importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), fileName)).replace(/\.js$/, '.ts').replace(/\.cjs$/, '.cts').replace(/\.mjs$/, '.mts');
      if (!files.has(target)) throw new Error(`${file} imports ${fileName}, which is not a source file`);
      targets.push(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** Every import cycle, each as the files along it (Tarjan's strongly connected components). */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles;
}

/** Imports between folders that the matrix does not allow, as `from → to` lines. */
export function forbiddenEdges(graph: ReadonlyMap<string, readonly string[]>, allowed = ALLOWED): string[] {
  const out: string[] = [];
  for (const [file, targets] of graph) {
    const from = folderOf(file);
    for (const target of targets) {
      const to = folderOf(target);
      if (to === from) continue;
      const may = allowed[from];
      if (!may) out.push(`${file}: folder '${from}' is not in the matrix`);
      else if (!may.includes(to)) out.push(`${file} → ${target}: '${from}' may not import '${to}'`);
    }
  }
  return out;
}

/** Imports from another folder that go past its index.ts (its public face). */
export function pastTheIndex(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const out: string[] = [];
  for (const [file, targets] of graph) {
    for (const target of targets) {
      const to = folderOf(target);
      if (to === folderOf(file) || to === '(root)') continue;
      if (target !== `${to}/index.ts`) out.push(`${file} → ${target}`);
    }
  }
  return out;
}
