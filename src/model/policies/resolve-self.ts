/**
 * Lets a policy module anywhere `import … from 'pipesim'` (docs/policies.md's example): Node resolves
 * a bare name from the importing file's folder, so a policy outside this package, with PipeSim
 * installed globally or elsewhere, would not find it. 'pipesim' is mapped to this package's own
 * entry for ES modules (a resolve hook) and for CommonJS (tsx compiles a .ts file outside a
 * "type": "module" package to CommonJS, whose require() the hook does not see; pipesim-cjs.cts).
 */
import Module, { register } from 'node:module';
import { fileURLToPath } from 'node:url';

const NAME = 'pipesim';
let installed = false;

/** Installs both mappings, once per thread (each worker thread has its own loader). */
export async function resolvePipesimFromAnywhere(): Promise<void> {
  if (installed) return;
  installed = true;
  // src/ under the tests (tsx), dist/src/ when built.
  const typescript = import.meta.url.endsWith('.ts');
  const entry = new URL(typescript ? '../../index.ts' : '../../index.js', import.meta.url);
  (globalThis as Record<symbol, unknown>)[Symbol.for('pipesim.api')] = { ...(await import(entry.href) as object) };
  const hooks = `export async function resolve(specifier, context, next) {
    if (specifier === ${JSON.stringify(NAME)}) return { url: ${JSON.stringify(entry.href)}, shortCircuit: true };
    return next(specifier, context);
  }`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
  const cjs = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = cjs._resolveFilename;
  const file = fileURLToPath(new URL(typescript ? './pipesim-cjs.cts' : './pipesim-cjs.cjs', import.meta.url));
  cjs._resolveFilename = function resolveFilename(this: unknown, request: string, ...rest: unknown[]): string {
    return request === NAME ? file : original.call(this, request, ...rest);
  };
}
