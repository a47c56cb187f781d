/**
 * Helper of bad-input-cli(.slow).test.ts. Every bad experiment the project knows of, run through the CLI as a user would, under a time
 * and a memory limit: each ends within seconds with exit 2 and one message (no stack, no
 * "internal error"), within a few hundred MB. test/fixtures/invalid holds malformed files,
 * oversized/ the experiments refused by the budget unless --yes, edge/ odd but valid ones that
 * must run and end at once (exit 0).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, tempDir } from './cli.js';

const SECONDS = 20;
const MAX_RSS_MB = 400;

interface Outcome { code: number | null; stderr: string; rssMB: number; timedOut: boolean }

/** `pipesim run file` under GNU time (peak RSS) and a wall-clock kill. */
function runLimited(file: string, out: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', 'maxrss-kb=%M', process.execPath, '--max-old-space-size=256', BIN, 'run', file, '--out', out, '--no-progress'], {
      stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' },
    });
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, SECONDS * 1000);
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const rss = /maxrss-kb=(\d+)/.exec(stderr);
      resolve({ code, stderr: stderr.replace(/.*maxrss-kb=\d+\n?/, ''), rssMB: rss ? Number(rss[1]) / 1024 : NaN, timedOut });
    });
  });
}

const folders = { invalid: 2, oversized: 2, edge: 0 } as const;
/** Files too big to ship: 40,000 unknown keys (the loader was quadratic in them), and 9 MiB. */
function generatedCases() {
  const dir = tempDir('pipesim-generated-');
  const base = 'platform: { pools: { gpu: { capacity: 2 } } }\nworkload:\n  interarrival: 10m\n  structures: { s: { tasks: { t: { kind: t } } } }\ntasks: { t: { pool: gpu, duration: 5m } }\n';
  const wide = path.join(dir, 'wide-map.yaml');
  writeFileSync(wide, `# expect: k0: unknown field\n${base}${Array.from({ length: 40_000 }, (_, i) => `k${i}: 1`).join('\n')}\n`);
  const huge = path.join(dir, 'huge-file.yaml');
  writeFileSync(huge, `# expect: MiB is more than the 8 MiB an experiment needs\n${base}notes: |\n${'  a line of notes that goes on and on\n'.repeat(260_000)}`);
  return [{ name: 'generated/wide-map.yaml', file: wide, code: 2 }, { name: 'generated/huge-file.yaml', file: huge, code: 2 }];
}

/** Every fixture; `sampleEvery` > 1 keeps every n-th malformed one (and all the rest). */
export function badInputCases(sampleEvery = 1) {
  return [...generatedCases(), ...Object.entries(folders).flatMap(([folder, code]) => readdirSync(path.resolve('test/fixtures', folder)).filter((f) => f.endsWith('.yaml')).sort()
    .filter((_, i) => folder !== 'invalid' || i % sampleEvery === 0)
    .map((f) => ({ name: `${folder}/${f}`, file: path.resolve('test/fixtures', folder, f), code })))];
}

/** One test per case, several processes at a time. */
export function describeBadInputs(cases: ReturnType<typeof badInputCases>): void {
  describe.concurrent.each(cases)('$name', ({ file, code }) => {
    it(`ends with exit ${code}, one clear message, in time and memory`, async () => {
      const outcome = await runLimited(file, tempDir());
      expect(outcome.timedOut, 'still running after the time limit').toBe(false);
      expect(outcome.code, outcome.stderr).toBe(code);
      expect(outcome.rssMB).toBeLessThan(MAX_RSS_MB);
      expect(outcome.stderr).not.toMatch(/^\s+at /m);
      expect(outcome.stderr).not.toMatch(/internal error/);
      if (code !== 0) {
        const expected = /^# expect: (?:(.*?): )?(.*)$/.exec(readFileSync(file, 'utf8').split('\n')[0] ?? '');
        expect(outcome.stderr).toContain(expected?.[2] ?? '(fixture line 1 must be # expect: …)');
        expect(outcome.stderr.split('\n').filter((l) => l.startsWith('pipesim:')).length).toBeGreaterThanOrEqual(1);
      }
    }, (SECONDS + 10) * 1000);
  });
}
