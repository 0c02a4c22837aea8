import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../web-host/security-headers';
import {
  APP_START_URL,
  CRASH_WINDOW_MS,
  MAX_CRASHES_IN_WINDOW,
  PRIVILEGED_SCHEMES,
  crashDecision,
  isAllowedNavigation,
  isTrustedSender,
  permissionDecision,
  resolveAppAsset,
  windowOpenDecision,
  windowOptions,
} from './policy';

/** URLs no decision may ever treat as ours. */
const HOSTILE_URLS = [
  'app://tuntun.evil.com/',
  'app://tuntun@evil/',
  'app://evil@tuntun/',
  'app://user:pass@tuntun/',
  'app://tuntun:8080/',
  'app://evil/',
  'app://TUNTUN.evil/',
  'app:tuntun/index.html',
  'app:///tuntun/index.html',
  'apps://tuntun/',
  'https://example.com/',
  'https://tuntun/',
  'http://127.0.0.1:5810/',
  'file:///etc/passwd',
  'file://tuntun/index.html',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'about:blank',
  'devtools://devtools/bundled/inspector.html',
  'chrome://settings',
  '',
  'not a url',
];

describe('windowOptions', () => {
  const options = windowOptions('/opt/tuntun/dist/electron/preload.cjs');

  it('isolates and sandboxes the page with no Node, no webviews and no spellcheck', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/opt/tuntun/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      disableDialogs: true,
    });
  });

  it('opens a kiosk window, hidden until the first paint, in the page colour', () => {
    expect(options).toMatchObject({ kiosk: true, fullscreen: true, autoHideMenuBar: true, show: false, backgroundColor: '#ffffff' });
  });

  it('has no DevTools unless asked for (development builds only)', () => {
    expect(options.webPreferences.devTools).toBe(false);
    expect(windowOptions('/p.cjs', { devTools: true }).webPreferences.devTools).toBe(true);
  });
});

describe('the app scheme', () => {
  it('is registered as standard, secure and fetchable, and never bypasses the CSP', () => {
    expect(PRIVILEGED_SCHEMES).toHaveLength(1);
    expect(PRIVILEGED_SCHEMES[0]?.scheme).toBe('app');
    expect(PRIVILEGED_SCHEMES[0]?.privileges).toMatchObject({ standard: true, secure: true, supportFetchAPI: true });
    expect(PRIVILEGED_SCHEMES[0]?.privileges?.bypassCSP).not.toBe(true);
  });

  it('starts the window on its own origin', () => {
    expect(APP_START_URL).toBe('app://tuntun/');
  });
});

describe('isAllowedNavigation', () => {
  it.each(['app://tuntun/', 'app://tuntun', 'app://tuntun/index.html', 'app://tuntun/assets/index-abc.js?x=1#top'])('allows our own page %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(true);
  });

  it.each(HOSTILE_URLS)('refuses %j', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
  });
});

describe('windowOpenDecision', () => {
  it('denies every new window', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
  });
});

describe('permissionDecision', () => {
  it('lets our page keep its storage from eviction', () => {
    expect(permissionDecision('persistent-storage', 'app://tuntun/')).toBe(true);
    expect(permissionDecision('persistent-storage', 'app://tuntun')).toBe(true);
  });

  it.each(['media', 'fullscreen', 'notifications', 'geolocation', 'hid', 'usb', 'serial', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'display-capture', 'midi', 'pointerLock', 'unknown'])(
    'denies %s even to our own page',
    (permission) => {
      expect(permissionDecision(permission, 'app://tuntun/')).toBe(false);
    },
  );

  it.each(HOSTILE_URLS)('denies even the allowed permission to %j', (url) => {
    expect(permissionDecision('persistent-storage', url)).toBe(false);
  });

  it('denies when the requester is unknown', () => {
    expect(permissionDecision('persistent-storage', undefined)).toBe(false);
    expect(permissionDecision('persistent-storage', null)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('trusts the top frame of our own page', () => {
    expect(isTrustedSender('app://tuntun/')).toBe(true);
    expect(isTrustedSender('app://tuntun/index.html', true)).toBe(true);
  });

  it('does not trust a frame inside our page', () => {
    expect(isTrustedSender('app://tuntun/', false)).toBe(false);
  });

  it.each(HOSTILE_URLS)('does not trust %j', (url) => {
    expect(isTrustedSender(url)).toBe(false);
  });

  it('does not trust a sender whose frame is gone', () => {
    expect(isTrustedSender(undefined)).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });
});

describe('resolveAppAsset', () => {
  const rendererDir = path.resolve('/opt/tuntun/dist/renderer');
  const index = path.join(rendererDir, 'index.html');

  const served = (url: string, method?: string) => {
    const decision = resolveAppAsset(url, rendererDir, method);
    return decision.kind === 'file' ? decision.path : `refused ${decision.status}`;
  };

  it('serves index.html for the root', () => {
    expect(served('app://tuntun/')).toBe(index);
    expect(served('app://tuntun')).toBe(index);
    expect(served('app://tuntun/index.html')).toBe(index);
    expect(served('app://tuntun/?reset=1#attract')).toBe(index);
  });

  it('serves no directory and no extension-less path (the file loader would list a directory)', () => {
    expect(served('app://tuntun/assets')).toBe('refused 404');
    expect(served('app://tuntun/assets/')).toBe('refused 404');
    expect(served('app://tuntun/home')).toBe('refused 404');
    expect(served('app://tuntun/etc/passwd')).toBe('refused 404');
  });

  it('serves files inside the renderer directory, percent-decoded', () => {
    expect(served('app://tuntun/assets/index-Bx1.js')).toBe(path.join(rendererDir, 'assets', 'index-Bx1.js'));
    expect(served('app://tuntun/audio/id/halo%20semua.mp3')).toBe(path.join(rendererDir, 'audio', 'id', 'halo semua.mp3'));
  });

  it('answers with the shared security headers, the CSP included, and the right type', () => {
    const decision = resolveAppAsset('app://tuntun/assets/index.js', rendererDir);
    expect(decision.kind).toBe('file');
    if (decision.kind !== 'file') return;
    expect(decision.headers).toMatchObject(SECURITY_HEADERS);
    expect(decision.headers['Content-Security-Policy']).toContain("script-src 'self'");
    expect(decision.headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect(resolveAppAsset('app://tuntun/', rendererDir)).toMatchObject({ headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    expect(resolveAppAsset('app://tuntun/a/b.woff2', rendererDir)).toMatchObject({ headers: { 'Content-Type': 'font/woff2' } });
    expect(resolveAppAsset('app://tuntun/a/b.unknown', rendererDir)).toMatchObject({ headers: { 'Content-Type': 'application/octet-stream' } });
  });

  it.each([
    'app://tuntun/../../etc/passwd',
    'app://tuntun/%2e%2e/%2e%2e/etc/passwd',
    'app://tuntun/assets/%2E%2E/%2E%2E/%2E%2E/etc/passwd',
    'app://tuntun/.%2e/.%2e/etc/passwd',
  ])('keeps %s inside the renderer directory (the URL parser drops the dots)', (url) => {
    const result = served(url);
    expect(result === index || result.startsWith(rendererDir + path.sep) || result.startsWith('refused')).toBe(true);
    expect(result).not.toBe('/etc/passwd');
  });

  it.each([
    ['app://tuntun/..%2f..%2fetc%2fpasswd.txt', 400],
    ['app://tuntun/assets/..%2F..%2F..%2Fetc%2Fhosts.txt', 400],
    ['app://tuntun/%2e%2e%2f%2e%2e%2fetc%2fshadow.txt', 400],
    ['app://tuntun/..%5c..%5cwindows%5cwin.ini', 400],
    ['app://tuntun/a%5c..%5c..%5cx.js', 400],
    ['app://tuntun/%2fetc%2fpasswd.txt', 400],
    ['app://tuntun//etc/passwd.txt', 400],
    ['app://tuntun/C:/Windows/win.ini', 400],
    ['app://tuntun/C%3A%5CWindows%5Cwin.ini', 400],
    ['app://tuntun/index.html%00.js', 400],
    ['app://tuntun/%E0%A4%A.js', 400],
    ['app://tuntun.evil.com/index.html', 404],
    ['app://tuntun@evil/index.html', 404],
    ['app://evil/index.html', 404],
    ['file:///etc/passwd', 404],
    ['https://example.com/index.html', 404],
  ] as const)('refuses %s', (url, status) => {
    expect(served(url)).toBe(`refused ${status}`);
  });

  it('refuses methods other than GET and HEAD', () => {
    expect(served('app://tuntun/index.html', 'HEAD')).toBe(index);
    expect(served('app://tuntun/index.html', 'POST')).toBe('refused 405');
    expect(served('app://tuntun/index.html', 'PUT')).toBe('refused 405');
  });
});

describe('crashDecision', () => {
  const now = 100 * CRASH_WINDOW_MS;

  it('ignores a renderer that exited cleanly with its window', () => {
    expect(crashDecision('clean-exit', [], now)).toEqual({ action: 'ignore' });
  });

  it.each(['crashed', 'killed', 'oom', 'abnormal-exit', 'launch-failed', 'integrity-failure', 'memory-eviction'])('reloads after %s', (reason) => {
    expect(crashDecision(reason, [], now)).toEqual({ action: 'reload', delayMs: 1_000, attempt: 1 });
  });

  it('doubles the wait after each recent crash', () => {
    const delays = [0, 1, 2, 3, 4].map((n) => {
      const decision = crashDecision('crashed', Array.from({ length: n }, (_, i) => now - 1_000 * (i + 1)), now);
      return decision.action === 'reload' ? decision.delayMs : decision.action;
    });
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
  });

  it('gives up after too many crashes in a short time, so the supervisor restarts the app', () => {
    const recent = Array.from({ length: MAX_CRASHES_IN_WINDOW }, (_, i) => now - 60_000 * i);
    expect(crashDecision('crashed', recent, now)).toEqual({ action: 'give-up', crashes: MAX_CRASHES_IN_WINDOW + 1 });
  });

  it('forgets crashes older than the window', () => {
    const old = Array.from({ length: 20 }, (_, i) => now - CRASH_WINDOW_MS - 1_000 * i);
    expect(crashDecision('crashed', old, now)).toEqual({ action: 'reload', delayMs: 1_000, attempt: 1 });
  });
});
