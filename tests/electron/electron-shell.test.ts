/**
 * The real Electron shell, end to end: the built main process, preload and renderer in the real
 * Electron binary, driven by Playwright's Electron support. Nothing is faked.
 *
 * It needs the Electron binary, which `npm install` downloads from GitHub; where that is not
 * reachable the binary is missing, so the suite is skipped and says why in its name. It is found
 * without `require('electron')`, which would try to download it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ElectronApplication, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../core/contract/result';
import { findElectronBinary } from '../../scripts/launch/find-shell';
import { SECURITY_HEADERS } from '../../electron/web-host/security-headers';

const root = path.resolve(import.meta.dirname, '..', '..');
const binary = findElectronBinary(root);
const hasDisplay = process.platform !== 'linux' || Boolean(process.env['DISPLAY'] ?? process.env['WAYLAND_DISPLAY']);

const skipReason =
  binary === undefined
    ? 'Electron binary not installed (run "npx install-electron" where GitHub is reachable)'
    : !hasDisplay
      ? 'no display (run under "xvfb-run -a")'
      : undefined;

/** The page runs in a browser; this file is type-checked with Node's globals, so the page's are reached through this. */
type PageGlobals = Record<string, unknown> & {
  tuntunBridge?: { invoke(name: string, input: unknown): Promise<Result<unknown>> };
  open(url: string): unknown;
  location: { href: string };
};

describe.skipIf(skipReason !== undefined)(`Electron shell${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => {
  let launched: ElectronApplication | undefined;
  let page: Page;
  let dataDir: string | undefined;
  const app = () => {
    if (launched === undefined) throw new Error('Electron did not start (see beforeAll)');
    return launched;
  };

  beforeAll(async () => {
    // The suite runs what would ship: build first, as `npm start` does.
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit', timeout: 180_000 });
    dataDir = mkdtempSync(path.join(tmpdir(), 'tuntun-electron-'));
    const { _electron } = await import('playwright');
    launched = await _electron.launch({
      executablePath: binary,
      // Chromium refuses its OS sandbox as root (CI containers); the renderer's own sandbox stays on.
      args: [root, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: { ...process.env, KIOSK_DATA_DIR: dataDir, LOG_LEVEL: 'info' },
      timeout: 60_000,
    });
    page = await launched.firstWindow();
  }, 240_000);

  afterAll(async () => {
    await launched?.close();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens on the attract screen, served from app://tuntun/', async () => {
    await page.getByRole('button', { name: /Sentuh layar untuk mulai/u }).waitFor({ timeout: 30_000 });
    expect(page.url()).toBe('app://tuntun/');
  }, 60_000);

  it('gives the page the bridge and nothing of Node', async () => {
    const seen = await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      return { require: typeof g['require'], process: typeof g['process'], module: typeof g['module'], bridge: typeof g.tuntunBridge?.invoke };
    });
    expect(seen).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', bridge: 'function' });
  });

  it('answers through the bridge, and refuses names outside the contract', async () => {
    const [info, unknown] = await page.evaluate(async () => {
      const bridge = (globalThis as unknown as PageGlobals).tuntunBridge;
      return Promise.all([bridge?.invoke('app.info', {}), bridge?.invoke('shell.exec', { command: 'id' })]);
    });
    expect(info).toMatchObject({ ok: true, value: { name: 'Tuntun', shell: 'electron' } });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_request' } });
  });

  it('serves the renderer with the shared CSP', async () => {
    const csp = await page.evaluate(async () => (await fetch('app://tuntun/index.html')).headers.get('content-security-policy'));
    expect(csp).toBe(SECURITY_HEADERS['Content-Security-Policy']);
  });

  it('opens no new window and does not navigate away', async () => {
    const opened = await page.evaluate(() => (globalThis as unknown as PageGlobals).open('https://example.com/'));
    expect(opened).toBeNull();
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe('app://tuntun/');
    expect(app().windows()).toHaveLength(1);
  });
});
