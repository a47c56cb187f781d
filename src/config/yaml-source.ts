/**
 * An experiment file as YAML: parsed once, with each problem's line found in time linear in the
 * file (a map's keys are indexed on first use; yaml's own duplicate-key check compares every
 * pair of keys, so duplicates are found here with one set per map), and a syntax error reported
 * once, at its line and column.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { ConfigError, type ConfigProblem } from '../core/errors.js';
import { RESERVED_NAMES } from './schema.js';

export interface YamlSource {
  doc: Document;
  lines: LineCounter;
  /** The node at a field path (or the key of a field without a value), for its line. */
  nodeAt(path: readonly (string | number)[]): { range?: [number, number, number] | null } | undefined;
}

/** Parses `text`; throws ConfigError for a syntax error, a duplicate key or a reserved name. */
export function parseSource(file: string, text: string): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const first = doc.errors[0];
  if (first) {
    // Later errors are mostly echoes of the first (an unclosed bracket upsets every line after it).
    const { line, col } = lines.linePos(first.pos[0]);
    throw new ConfigError(file, [{ path: [], line, column: col, message: `YAML syntax error: ${first.message.split('\n')[0]}` }]);
  }
  const problems: ConfigProblem[] = [];
  visit(doc, {
    Map(_key, map, ancestors) {
      const seen = new Map<string, number>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const line = lines.linePos(pair.key.range?.[0] ?? 0).line;
        const at = [...pathOf(ancestors), key];
        // `__proto__` as a key would set an object's prototype in toJS() and vanish without a word.
        if (key === '__proto__') problems.push({ path: at, line, message: `'__proto__' is a reserved name (${RESERVED_NAMES.join(', ')}); choose another` });
        const earlier = seen.get(key);
        if (earlier !== undefined) problems.push({ path: at, line, message: `duplicate key (first at line ${earlier}); a key may appear once per mapping` });
        else seen.set(key, line);
      }
    },
  });
  if (problems.length > 0) throw new ConfigError(file, problems);

  const index = new WeakMap<object, Map<string, unknown>>();
  const child = (node: unknown, key: string | number): unknown => {
    const target = isAlias(node) ? node.resolve(doc) : node;
    if (isSeq(target)) return typeof key === 'number' ? target.items[key] : undefined;
    if (!isMap(target)) return undefined;
    let keys = index.get(target);
    if (!keys) {
      keys = new Map();
      for (const pair of target.items) {
        const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (name !== undefined && !keys.has(name)) keys.set(name, pair.value ?? pair.key);
      }
      index.set(target, keys);
    }
    return keys.get(String(key));
  };
  return {
    doc, lines,
    nodeAt(path) {
      let node: unknown = doc.contents;
      for (const key of path) {
        node = child(node, key);
        if (node === undefined) return undefined;
      }
      return node as { range?: [number, number, number] | null };
    },
  };
}

/** The field path of a node from the ancestors `visit` gives. */
function pathOf(ancestors: readonly unknown[]): string[] {
  return ancestors.flatMap((node) => (isPair(node) && isScalar(node.key) ? [String(node.key.value)] : []));
}
