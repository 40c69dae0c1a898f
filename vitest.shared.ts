import { defineConfig } from 'vitest/config';

/** Shared vitest settings; each project's vitest.config.ts spreads this. */
export const sharedTestConfig = defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/__fixtures__/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
