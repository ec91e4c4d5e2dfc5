import { defineConfig } from 'vitest/config';

// Tests import the TypeScript sources directly; end-to-end tests that spawn the CLI use dist/
// (built by `npm test` before vitest starts).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/setup/fast-check.ts'],
  },
});
