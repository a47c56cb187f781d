import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Tests of the CLI run dist/: rebuilt first when the source is newer.
    globalSetup: ['test/helpers/build-if-stale.ts'],
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.slow.test.ts', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Statistical tests are CPU-bound; two cores run two files at a time.
    maxWorkers: 2,
  },
});
