/**
 * What a terminal shows (through a real pseudo-terminal, util-linux's `script`): the results
 * folder before the first run, a progress bar, and on Ctrl-C one clean line after the bar has
 * ended, with nothing redrawn after it.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { BIN, tempDir } from '../helpers/cli.js';

it('names the results folder first, and Ctrl-C prints one clean line after the bar ends', async () => {
  const root = tempDir();
  const driver = path.join(root, 'interrupt.sh');
  // Long enough runs that the sweep is mid-way when SIGINT comes.
  writeFileSync(driver, `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} run test/fixtures/experiments/small-sweep.yaml --horizon 3000d --workers 1 --out ${JSON.stringify(root)} & pid=$!
sleep 3; kill -INT $pid; wait $pid; echo "exit=$?"
`);
  const screen = await new Promise<string>((resolve, reject) => {
    const child = spawn('script', ['-qfec', `bash ${driver}`, '/dev/null'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TERM: 'xterm' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('error', reject);
    child.on('close', () => resolve(out.replace(/\r/g, '')));
  });
  expect(screen).toMatch(/exit=130/);
  const folder = screen.indexOf('Results go to ');
  const bar = screen.indexOf('runs ');
  expect(folder).toBeGreaterThanOrEqual(0);
  expect(folder).toBeLessThan(bar);
  const line = 'Interrupted: keeping every finished run (Ctrl-C again to quit at once)\n';
  expect(screen.split(line)).toHaveLength(2);
  const [before, after] = screen.split(line) as [string, string];
  expect(before.endsWith('\n')).toBe(true);
  // The bar drew before the line and never after it.
  expect(before).toMatch(/\d+\/24 \| \d+%/);
  expect(after).not.toMatch(/\d+\/24 \| \d+%/);
  expect(after).toMatch(/INCOMPLETE/);
}, 60_000);
