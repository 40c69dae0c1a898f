import { defineConfig } from 'vitest/config';

/**
 * Shared vitest settings; each project's vitest.config.ts uses this. Besides the console
 * report, each run writes `.test-results/vitest.json` in its project (an nx output, so cached
 * runs restore it) for the suite-wide summary printed by scripts/test.mjs.
 */
export const sharedTestConfig = defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/__fixtures__/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', 'json'],
    outputFile: { json: '.test-results/vitest.json' },
  },
});
