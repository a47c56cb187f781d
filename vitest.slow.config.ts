import { defineConfig } from 'vitest/config';

// The slow suite (`npm run test:slow`): full-size campaigns kept out of `npm test`.
export default defineConfig({
  test: {
    // Tests of the CLI run dist/: rebuilt first when the source is newer.
    globalSetup: ['test/helpers/build-if-stale.ts'],
    include: ['test/**/*.slow.test.ts'],
    testTimeout: 1_200_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
  },
});
