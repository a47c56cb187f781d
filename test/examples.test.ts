/**
 * Every experiment shipped in experiments/ runs, at a short horizon, through the real CLI —
 * the examples stay true (SimPy's examples-as-tests).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { onlyRunDir, pipesim, tempDir } from './helpers/cli.js';

const examples = readdirSync('experiments').filter((f) => f.endsWith('.yaml')).sort();

describe.each(examples)('experiments/%s', (file) => {
  it('runs and writes its results', async () => {
    const out = tempDir();
    // A replayed trace starts when it starts: keep the experiment's own warm-up.
    const replay = readFileSync(path.join('experiments', file), 'utf8').includes('replay:');
    const window = replay ? ['--horizon', '4d'] : ['--horizon', '3d', '--set', 'warmup=1d'];
    const result = await pipesim(['run', path.join('experiments', file), ...window, '--replications', '2', '--out', out, '--no-progress']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const name = /^name: (\S+)/m.exec(readFileSync(path.join('experiments', file), 'utf8'))?.[1] ?? file.replace('.yaml', '');
    const dir = onlyRunDir(out, name, readdirSync);
    const summary = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8'));
    expect(summary.complete).toBe(true);
    expect(summary.runs.failed).toBe(0);
    for (const s of summary.scenarios) expect(s.metrics['pipeline.completed'].mean).toBeGreaterThan(0);
  });
});
