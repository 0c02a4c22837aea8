import { defineConfig } from 'vitest/config';

// Unit and integration tests live beside the code; tests/e2e is Playwright's.
export default defineConfig({
  test: {
    include: ['{core,electron,renderer,scripts,central-api,tests}/**/*.test.{ts,tsx}'],
    exclude: ['tests/e2e/**', 'node_modules/**', 'dist/**'],
    testTimeout: 20_000,
  },
});
