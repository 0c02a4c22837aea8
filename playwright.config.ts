import { defineConfig } from '@playwright/test';

/**
 * E2E runs the real renderer in Debian's Chromium against the real web host (`npm run serve`'s
 * entry point), never a Playwright-downloaded browser. CHROMIUM_PATH overrides the binary.
 */
const runningAsRoot = process.getuid?.() === 0;

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env['CI'] === undefined ? 'list' : [['list'], ['html', { open: 'never' }]],
  // The fault suite first: its 200-point run is the longest test by far, so it starts at once and
  // runs beside every other file instead of after them (in file order it came last).
  projects: [
    { name: 'sync-faults', testMatch: /sync-faults\.spec\.ts$/u },
    { name: 'kiosk', testIgnore: /sync-faults\.spec\.ts$/u },
  ],
  use: {
    viewport: { width: 1920, height: 1080 },
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        // As the kiosk's own Chromium is started: prompts speak before the first touch of a screen.
        '--autoplay-policy=no-user-gesture-required',
        ...(runningAsRoot ? ['--no-sandbox'] : []),
      ],
    },
  },
});
