/**
 * `npm run docs`: regenerates the generated sections of docs/reference.md from the code they
 * describe — every command's help (the CLI's own), every field of the experiment file (the JSON
 * Schema the loader's zod schemas produce, with the comment experiments/annotated.yaml gives the
 * field), and the library's exports (src/index.ts with the first line of each one's doc).
 * test/docs/reference.test.ts fails when the committed file is not what this writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import ts from 'typescript';
import { isMap, isScalar, parseDocument, type Node } from 'yaml';
import { buildProgram } from '../src/cli/main.js';
import { experimentJsonSchema } from '../src/config/json-schema.js';

// Run from the repository's root, as npm scripts and the tests are.
const ROOT = process.cwd();
export const REFERENCE = path.join(ROOT, 'docs/reference.md');

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; additionalProperties?: Schema | boolean; anyOf?: Schema[]; oneOf?: Schema[]; required?: string[] };

/** Every command's `--help`, as the CLI prints it at 100 columns. */
function commandsSection(): string {
  const program = buildProgram();
  const all: Command[] = [program, ...program.commands];
  return all.map((command) => {
    command.configureHelp({ helpWidth: 100 });
    const title = command === program ? '`pipesim`' : `\`pipesim ${command.name()}\``;
    // The help names this machine's core count; the reference is the same on every machine.
    const help = command.helpInformation().trimEnd().replace(/\(default: cores, here \d+\)/g, '(default: cores)');
    return `### ${title}\n\n\`\`\`text\n${help}\n\`\`\``;
  }).join('\n\n');
}

/** The comment annotated.yaml gives each field it shows, by path (names of pools, kinds … as written there). */
function annotatedComments(): Map<string, string> {
  const doc = parseDocument(readFileSync(path.join(ROOT, 'experiments/annotated.yaml'), 'utf8'));
  const comments = new Map<string, string>();
  const walk = (node: unknown, at: string[]): void => {
    if (!isMap(node)) return;
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const value = pair.value as (Node & { comment?: string | null; commentBefore?: string | null; flow?: boolean }) | null;
      // On a line of its own a value's comment follows it; a block's comes before its first entry.
      const comment = isScalar(value) || value?.flow ? value.comment ?? value.commentBefore : value?.commentBefore ?? value?.comment;
      const first = comment?.split('\n')[0]?.trim();
      // A block's first line may be a commented-out example with its own comment (`# together:   # …`): not a description.
      if (first && !/^[\w.-]+:.*#/.test(first)) comments.set([...at, key].join('.'), first);
      walk(value, [...at, key]);
    }
  };
  walk(doc.contents, []);
  return comments;
}

/** An optional field's schema without its "or null" (written null, a field is as if absent: config/json-schema.ts). */
function withoutNull(schema: Schema): Schema {
  const options = schema.anyOf;
  if (options?.length === 2 && options[1]?.type === 'null') return options[0] as Schema;
  return schema;
}

function typeOf(schema: Schema): string {
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return [...new Set(options.map(typeOf))].join(' \\| ');
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map((v) => `\`${String(v)}\``).join(' \\| ');
  if ('const' in schema) return `\`${String(schema.const)}\``;
  const type = schema.type;
  if (Array.isArray(type)) return type.join(' \\| ');
  if (type === 'array') return `list of ${typeOf((schema.items as Schema | undefined) ?? {})}`;
  return typeof type === 'string' ? type : 'a value or a distribution (checked by the loader)';
}

function constraintsOf(schema: Schema): string {
  const out: string[] = [];
  const bound = (key: string, sign: string) => {
    const value = schema[key];
    if (typeof value === 'number' && Math.abs(value) < Number.MAX_SAFE_INTEGER) out.push(`${sign} ${value}`);
  };
  bound('minimum', '≥');
  bound('exclusiveMinimum', '>');
  bound('maximum', '≤');
  bound('exclusiveMaximum', '<');
  if (typeof schema.minItems === 'number') out.push(`at least ${schema.minItems} item(s)`);
  return out.join(', ');
}

/** Every field of an experiment file: path, type, default, bounds, and what annotated.yaml says of it. */
function fieldsSection(): string {
  const root = experimentJsonSchema() as Schema;
  const required = new Set(((root.else as Schema | undefined)?.required ?? []) as string[]);
  const comments = annotatedComments();
  const describe = (at: string[]): string => {
    const pattern = new RegExp(`^${at.map((p) => (p === '<name>' ? '[^.]+' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('\\.')}$`);
    for (const [p, c] of comments) if (pattern.test(p)) return c;
    return '';
  };
  const rows: string[] = [];
  const walk = (written: Schema, at: string[], isRequired: boolean): void => {
    const schema = withoutNull(written);
    if (at.length > 0) {
      const def = 'default' in schema ? `\`${JSON.stringify(schema.default)}\`` : isRequired ? 'required' : '';
      const text = describe(at).replace(/\|/g, '\\|');
      rows.push(`| \`${at.join('.')}\` | ${typeOf(schema)} | ${def} | ${constraintsOf(schema)} | ${text} |`);
    }
    const inner = schema.properties ?? {};
    for (const [key, sub] of Object.entries(inner)) walk(sub, [...at, key], (schema.required ?? []).includes(key) || (at.length === 0 && required.has(key)));
    const each = schema.additionalProperties;
    if (each && typeof each === 'object' && (each.properties || each.additionalProperties)) walk(each, [...at, '<name>'], false);
    // One object, or a list of them (`nodes`): the object's fields, once.
    const alternatives = schema.anyOf ?? [];
    const object = alternatives.find((o) => o.properties) ?? alternatives.map((o) => o.items as Schema | undefined).find((o) => o?.properties);
    if (!schema.properties && object) for (const [key, sub] of Object.entries(object.properties ?? {})) walk(sub, [...at, key], (object.required ?? []).includes(key));
  };
  walk(root, [], false);
  return ['| field | type | default | bounds | what it is (experiments/annotated.yaml) |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/** What `import … from 'pipesim'` offers: each export, its kind, and the first line of its doc. */
function apiSection(): string {
  const index = path.join(ROOT, 'src/index.ts');
  const program = ts.createProgram([index], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(index) as ts.SourceFile;
  const rows = checker.getExportsOfModule(checker.getSymbolAtLocation(source) as ts.Symbol).map((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const f = symbol.flags;
    const kind = f & ts.SymbolFlags.Class ? 'class' : f & ts.SymbolFlags.Function ? 'function' : f & ts.SymbolFlags.Interface ? 'interface'
      : f & ts.SymbolFlags.TypeAlias ? 'type' : f & ts.SymbolFlags.Variable ? 'value' : 'other';
    const declaration = symbol.declarations?.[0];
    const from = declaration ? path.relative(ROOT, declaration.getSourceFile().fileName) : '';
    const doc = ts.displayPartsToString(symbol.getDocumentationComment(checker)).split(/\n|(?<=\.)\s/)[0]?.trim() ?? '';
    return `| \`${exported.name}\` | ${kind} | \`${from}\` | ${doc.replace(/\|/g, '\\|')} |`;
  }).sort();
  return ['| export | kind | defined in | what it is |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export function referenceSections(): Record<string, string> {
  return { commands: commandsSection(), fields: fieldsSection(), api: apiSection() };
}

/** `text` with each generated section replaced by what the code says now. */
export function updateReference(text: string, sections = referenceSections()): string {
  let out = text;
  for (const [name, body] of Object.entries(sections)) {
    const open = `<!-- generated:${name} (npm run docs) -->`;
    const close = `<!-- /generated:${name} -->`;
    const start = out.indexOf(open);
    const end = out.indexOf(close);
    if (start < 0 || end < start) throw new Error(`${REFERENCE} has no section ${open} … ${close}`);
    out = `${out.slice(0, start + open.length)}\n${body}\n${out.slice(end)}`;
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(REFERENCE, updateReference(readFileSync(REFERENCE, 'utf8')));
  process.stdout.write(`wrote ${path.relative(process.cwd(), REFERENCE)}\n`);
}
