import { defineConfig } from 'vitest/config';

// Unit and integration tests live beside the code; tests/e2e is Playwright's.
export default defineConfig({
  test: {
    include: ['{core,electron,renderer,scripts,central-api,tests}/**/*.test.{ts,tsx}'],
    exclude: ['tests/e2e/**', 'node_modules/**', 'dist/**'],
    testTimeout: 20_000,
    // Central-API suites start a database (PGlite or a fresh PostgreSQL database) in beforeAll:
    // about 1 s alone, but 10 s and more on 2 cores shared with the rest of the run.
    hookTimeout: 60_000,
  },
});
