import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    // One retry: the policy journey once timed out waiting for its first button on a clean CI run and passed
    // on the rerun (suspected: overlapping requests each saving the whole session). Remove once that is fixed.
    retry: 1,
  },
});
