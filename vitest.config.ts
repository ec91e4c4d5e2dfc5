import { defineConfig } from 'vitest/config';

// Tests import the TypeScript sources directly; end-to-end tests that spawn the CLI use dist/
// (built by `npm test` before vitest starts).
export default defineConfig({
  // TypeScript of every kind lxp has, .cts included (src/sync/stop-signals.cts, CommonJS for bin/lxp.js):
  // Vite's default leaves .cts untransformed.
  oxc: { include: /\.(m?ts|cts|[jt]sx)$/ },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/setup/fast-check.ts'],
  },
});
