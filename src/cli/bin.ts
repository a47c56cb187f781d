#!/usr/bin/env node
/** Executable entry of `pipesim`: runs the CLI and sets the exit code. */
import { main } from './main.js';

// Output piped into a reader that stops early (`pipesim --help | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// Once the command is done, the process ends: a server that holds its connections open (an
// InfluxDB that accepts and never answers) must not keep it alive. Output is flushed first.
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
});
