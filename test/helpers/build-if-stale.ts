/**
 * vitest global setup: the tests that run the CLI as a user does run the built dist/, so a
 * `npx vitest` after an edit must not test yesterday's build. Rebuilds (tsc, ~15 s) when any
 * source file is newer than the built CLI; `npm test` has just built, so it costs nothing there.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

export default function setup(): void {
  const built = path.resolve('dist/src/cli/bin.js');
  const sources = Math.max(newest(path.resolve('src')), newest(path.resolve('scripts')), statSync('package.json').mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  process.stderr.write('dist/ is older than src/: building first (npm run build)\n');
  execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
}
