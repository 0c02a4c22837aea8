/**
 * `npm start`: Electron when its binary is installed; otherwise the web host in this process,
 * with Chromium opened on it in kiosk mode. Says in one line which shell runs.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { launchWebHost } from '../electron/web-host/launch';
import { appRoot } from '../electron/services/environment';
import { chromiumTrustArgs } from '../electron/services/secrets/browser-trust';
import { dataPaths } from '../electron/services/storage/data-paths';
import { installedPolicy, policyWarning } from './launch/browser-policy';
import { findBrowser, findElectronBinary, kioskBrowserArgs } from './launch/find-shell';

const root = appRoot(import.meta.url);
const electron = findElectronBinary(root);

if (electron !== undefined) {
  process.stdout.write(`Tuntun: starting the Electron shell (${electron})\n`);
  const child = spawn(electron, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  const browser = findBrowser();
  if (browser === undefined) {
    process.stderr.write(
      'Tuntun: no Electron binary and no Chromium found. Install Chromium (Debian/Ubuntu: sudo apt-get install chromium), ' +
        'set CHROMIUM_PATH to a Chromium or Chrome binary, or install Electron with "npx install-electron" where GitHub is reachable.\n',
    );
    process.exit(1);
  }
  const launched = await launchWebHost(import.meta.url);
  if (!launched.ok) {
    process.stderr.write(`Tuntun: ${launched.message}\n`);
    process.exit(1);
  }
  const { web, logger, dataDir } = launched;
  process.stdout.write(`Tuntun: no Electron binary; running the web host at ${web.origin} in ${path.basename(browser)} (kiosk mode)\n`);
  const policy = installedPolicy(web.origin);
  const warning = policyWarning(policy, web.origin);
  if (warning !== undefined) {
    process.stderr.write(`${warning}\n`);
    logger.warn('browser.policy_missing', { reason: warning });
  }
  const paths = dataPaths(dataDir);
  // The enrolled server's key pin, so the page's own requests trust its certificate (and no other that fails Chromium's checks).
  const args = [...kioskBrowserArgs(web.url, paths.browserProfileDir, { runningAsRoot: process.getuid?.() === 0 }), ...chromiumTrustArgs(paths.deviceFile)];
  const child = spawn(browser, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderrTail = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-2000);
  });
  const stop = (code: number) => void web.close().then(() => process.exit(code));
  child.on('error', (error) => {
    process.stderr.write(`Tuntun: could not start ${browser}: ${error.message}\n`);
    stop(1);
  });
  child.on('exit', (code) => {
    logger.info('browser.exited', { code });
    if (code !== 0) {
      const noDisplay = /Missing X server|cannot open display|no DISPLAY/iu.test(stderrTail);
      process.stderr.write(
        noDisplay
          ? 'Tuntun: Chromium found no display. Run under a desktop session, or headless with: xvfb-run -a npm start\n'
          : `Tuntun: Chromium exited with code ${code}.\n`,
      );
    }
    stop(code ?? 1);
  });
  process.on('SIGINT', () => child.kill('SIGTERM'));
  process.on('SIGTERM', () => child.kill('SIGTERM'));
}
