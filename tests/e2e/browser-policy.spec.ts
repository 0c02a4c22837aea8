import { execFileSync, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { installPolicy, kioskBrowserPolicy, POLICY_FILE } from '../../scripts/launch/browser-policy';
import { expect, test } from './fixtures';

/**
 * The kiosk's managed Chromium policies, installed as `npm run kiosk -- browser-policy --install`
 * writes them, and read back from a running Chromium. Chromium takes managed policies only from
 * /etc/chromium/policies/managed; so that this test changes nothing for other browsers on the
 * machine, each Chromium here runs in a private mount namespace where a temporary folder stands
 * in for /etc/chromium (root only: CI runs as root).
 */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const canUnshare = (() => {
  try {
    execFileSync('unshare', ['-m', '--propagation', 'private', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
test.skip(!canUnshare, 'needs a private mount namespace (unshare -m, as root) to give one Chromium its own /etc/chromium');

/** A Chromium that sees `etc` as /etc/chromium, and nothing else different. */
async function chromiumWithEtc(dir: string): Promise<string> {
  const wrapper = path.join(dir, 'chromium-with-policies.sh');
  await writeFile(
    wrapper,
    `#!/bin/sh\nexec unshare -m --propagation private sh -c 'mount --bind "$0" /etc/chromium && browser="$1" && shift && exec "$browser" "$@"' '${path.join(dir, 'etc')}' '${CHROMIUM}' "$@"\n`,
    { mode: 0o755 },
  );
  return wrapper;
}

test('Chromium applies every kiosk policy: no remote debugging, no other pages, each reported applied', async ({ kiosk }) => {
  test.setTimeout(60_000);
  const dir = await mkdtemp(path.join(tmpdir(), 'tuntun-policy-'));
  try {
    await cp('/etc/chromium', path.join(dir, 'etc'), { recursive: true }).catch(() => undefined);
    const managed = path.join(dir, 'etc', 'policies', 'managed');
    const written = await installPolicy(kiosk.origin, managed);
    expect(JSON.parse(await readFile(written, 'utf8'))).toEqual(kioskBrowserPolicy(kiosk.origin));
    const wrapper = await chromiumWithEtc(dir);

    // With the shipped file as it is: asked for a remote-debugging port, Chromium refuses.
    const refusal = await new Promise<string>((resolve) => {
      const child = spawn(wrapper, ['--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${path.join(dir, 'profile-a')}`, '--remote-debugging-port=0', 'about:blank']);
      let text = '';
      const done = () => {
        child.kill('SIGKILL');
        resolve(text);
      };
      child.stderr.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (/remote debugging is disallowed|DevTools listening/iu.test(text)) done();
      });
      setTimeout(done, 15_000);
    });
    expect(refusal).toMatch(/DevTools remote debugging is disallowed by the system admin/u);
    expect(refusal).not.toMatch(/DevTools listening/u);

    // Playwright itself drives Chromium through the DevTools protocol, which the two DevTools
    // policies exist to stop; every other policy stays as shipped for the rest of the test.
    const drivable = Object.fromEntries(Object.entries(kioskBrowserPolicy(kiosk.origin)).filter(([name]) => !['DeveloperToolsAvailability', 'RemoteDebuggingAllowed'].includes(name)));
    await writeFile(path.join(managed, POLICY_FILE), JSON.stringify(drivable));
    const browser = await chromium.launch({ executablePath: wrapper, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      await page.goto(kiosk.url);
      await expect(page.getByRole('button', { name: /Sentuh layar untuk mulai/u })).toBeVisible();
      // The central API is another origin: the page's own requests to it are not navigations.
      expect(await page.evaluate((url) => fetch(url).then((r) => r.status), `${kiosk.origin}/favicon.svg`)).toBe(200);
      await expect(page.goto(kiosk.origin.replace('127.0.0.1', 'localhost'))).rejects.toThrow(/ERR_BLOCKED_BY_ADMINISTRATOR/u);

      // The blocked page is still settling into its error page: the next check uses a fresh tab.
      // (Downloads are not tried: Playwright sets the download behaviour itself over the protocol.)
      const tab = await browser.newPage();
      // What the running browser reports: each policy applied, none unknown or in error.
      await tab.goto('chrome://policy');
      const rows = tab.locator('.policy.row');
      await expect(rows.first()).toBeVisible();
      const reported = new Map<string, string>();
      for (const text of await rows.allInnerTexts()) {
        const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
        if (lines[0] !== undefined) reported.set(lines[0], lines.at(-1) ?? '');
      }
      const notOk = Object.keys(drivable).filter((name) => reported.get(name) !== 'OK').map((name) => `${name}: ${reported.get(name) ?? 'not listed'}`);
      expect(notOk, 'policies chrome://policy does not report as applied').toEqual([]);
    } finally {
      await browser.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
});
