import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

/**
 * Starts the real web host (dist/web-host/serve.js, what `npm run serve` runs) on a free port
 * with its own data dir, and watches every page for CSP violations: a test fails if the page
 * breaks its Content-Security-Policy.
 */
export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const shippedConfig = path.join(repoRoot, 'kiosk-config');

export type KioskHost = {
  url: string;
  origin: string;
  /** Only where the host runs in token mode (no /proc/net/tcp); on Linux it knows its user. */
  token: string | undefined;
  port: number;
  dataDir: string;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
};

export async function startKioskHost(options: { officeDir?: string; port?: number; dataDir?: string } = {}): Promise<KioskHost> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'tuntun-e2e-')));
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'web-host', 'serve.js')], {
    env: {
      ...process.env,
      PORT: String(options.port ?? 0),
      KIOSK_DATA_DIR: dataDir,
      KIOSK_CONFIG: options.officeDir ?? path.join(shippedConfig, 'offices', 'tigaraksa'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start:\n${output}`)), 15_000);
    const onData = () => {
      const match = /ready at (http:\/\/127\.0\.0\.1:\d+\/\S*)/u.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.on('exit', (code) => reject(new Error(`web host exited with ${code}:\n${output}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    port: Number(parsed.port),
    token: parsed.hash.startsWith('#bridge=') ? parsed.hash.slice('#bridge='.length) : undefined,
    dataDir,
    process: child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A copy of kiosk-config a test may break; returns the office directory inside it. */
export async function copyConfig(): Promise<{ root: string; officeDir: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), 'tuntun-config-'));
  await cp(shippedConfig, root, { recursive: true });
  return { root, officeDir: path.join(root, 'offices', 'tigaraksa'), cleanup: () => rm(root, { recursive: true, force: true }) };
}


type Fixtures = { kiosk: KioskHost; cspViolations: string[] };

export const test = base.extend<Fixtures, { sharedKiosk: KioskHost }>({
  sharedKiosk: [
    async ({}, use) => {
      const host = await startKioskHost();
      await use(host);
      await host.stop();
      await rm(host.dataDir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  kiosk: async ({ sharedKiosk }, use) => {
    await use(sharedKiosk);
  },
  cspViolations: [
    async ({ page }, use) => {
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/iu.test(message.text())) violations.push(message.text());
      });
      await use(violations);
      expect(violations, 'CSP violations during the test').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Opens the kiosk and waits for the attract screen. */
export async function openKiosk(page: Page, host: KioskHost) {
  await page.goto(host.url);
  await expect(page.getByRole('button', { name: /Sentuh layar untuk mulai/u })).toBeVisible();
}
