/** The `pipesim` command line: its program (for help and tests) and its entry point. */
export { buildProgram, main } from './main.js';
