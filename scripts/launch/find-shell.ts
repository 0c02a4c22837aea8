import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Finds the Electron binary without triggering a download. `require('electron')` would start
 * one (and hang where GitHub is unreachable), so we read the package's own path.txt instead.
 */
export function findElectronBinary(fromDir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  let packageDir: string;
  try {
    packageDir = path.dirname(createRequire(path.join(fromDir, 'noop.js')).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  let relative: string;
  try {
    relative = readFileSync(path.join(packageDir, 'path.txt'), 'utf8').trim();
  } catch {
    return undefined;
  }
  const distDir = env['ELECTRON_OVERRIDE_DIST_PATH'] ?? path.join(packageDir, 'dist');
  const binary = path.join(distDir, relative);
  return existsSync(binary) ? binary : undefined;
}

export const BROWSER_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'] as const;

/** The first Chromium-family browser on PATH (or CHROMIUM_PATH when set). */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env['CHROMIUM_PATH'];
  if (explicit !== undefined && explicit !== '') return existsSync(explicit) ? explicit : undefined;
  const dirs = (env['PATH'] ?? '').split(path.delimiter).filter((d) => d !== '');
  for (const name of BROWSER_NAMES) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * Chromium flags for a kiosk: full screen, one app window, no first-run or crash bubbles, no
 * background calls to Google (the office network may block them, and they leak nothing useful).
 */
export function kioskBrowserArgs(url: string, profileDir: string, options: { runningAsRoot: boolean }): string[] {
  return [
    `--app=${url}`,
    '--kiosk',
    // Without a window manager (a bare X server, Xvfb) --kiosk alone leaves a small window.
    '--start-fullscreen',
    '--window-position=0,0',
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--noerrdialogs',
    '--disable-session-crashed-bubble',
    '--disable-infobars',
    '--disable-translate',
    '--disable-features=Translate,TranslateUI',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    '--autoplay-policy=no-user-gesture-required',
    '--password-store=basic',
    // Chromium refuses to start as root with its sandbox; kiosks should run as a kiosk user.
    ...(options.runningAsRoot ? ['--no-sandbox'] : []),
  ];
}
