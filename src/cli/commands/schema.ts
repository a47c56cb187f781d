/** `pipesim schema`: the experiment file's JSON Schema, for editors (config/json-schema.ts). */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { experimentJsonSchema } from '../../config/json-schema.js';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .summary('print the JSON Schema of experiment files (for editor completion)')
    .description('Print the JSON Schema of an experiment file, generated from the rules the loader checks. With the YAML language server (VS Code\'s YAML extension and others), a first line `# yaml-language-server: $schema=<path>` gives completion and checks as you type; the shipped experiments point at experiments/pipesim.schema.json.')
    .option('-o, --output <file>', 'write it to this file instead of stdout')
    .action((flags: { output?: string }) => {
      const text = `${JSON.stringify(experimentJsonSchema(), null, 2)}\n`;
      if (flags.output) writeFileSync(flags.output, text);
      else process.stdout.write(text);
    });
}
