/** `pipesim index`: rewrite a results root's index.html (runs, forecasts and merges rewrite it themselves). */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { UserError } from '../../core/errors.js';
import { collectIndex, writeIndex } from '../../report/index-page.js';

export function registerIndex(program: Command): void {
  program
    .command('index')
    .summary('write results/index.html: every results folder with its status and headline')
    .description('Write <root>/index.html: every results folder under the root (results/<experiment>/<time>/), newest first, with its status, date, scenarios, the headline of its report and links to its pages. Runs, forecasts, merges and comparisons rewrite it themselves; this rewrites it after folders were moved or deleted.')
    .argument('[root]', 'the results root', 'results')
    .action((root: string) => {
      if (!existsSync(root)) throw new UserError(`${root} does not exist`, 'give the folder runs wrote to (their --out; default results)');
      const file = writeIndex(root);
      process.stdout.write(`${file}: ${collectIndex(root).length} results folder(s)\n`);
    });
}
