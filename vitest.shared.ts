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
    // Generous: on a fresh clone the chart harness builds its field trees from the model packages'
    // .d.ts files once (Istio's alone takes about 90 s on one core) while nx runs projects in
    // parallel; later runs read them from node_modules/.cache. Speed is measured by `pnpm bench`.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    reporters: ['default', 'json'],
    outputFile: { json: '.test-results/vitest.json' },
  },
});
