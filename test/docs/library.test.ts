/** docs/library.md's example runs as written, importing the package by its name (Node's self-reference). */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';

it('the library example in docs/library.md runs and prints its answers', () => {
  const example = /```ts\n([\s\S]*?)```/.exec(readFileSync('docs/library.md', 'utf8'))?.[1];
  expect(example).toBeDefined();
  const results = tempDir();
  // Inside the package, so that `import … from 'pipesim'` resolves to this package's build.
  const file = path.resolve('test/docs/.library-example.mts');
  writeFileSync(file, example!.replace("resultsRoot: 'results'", `resultsRoot: ${JSON.stringify(results)}`));
  try {
    const run = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^FIFO mean wait \d+ s ± \d+; shortest-first \d+ s\n/);
    expect(run.stdout).toContain(`${results}/mmc/`);
    expect(run.stdout).toMatch(/planned: \d+, ok: \d+, failed: 0/);
  } finally {
    rmSync(file);
  }
});
