/**
 * Every security and recovery decision of the Electron shell, as plain functions over plain data.
 * main.ts only wires Electron's events to these, so each decision is unit-tested without Electron
 * (policy.test.ts) and a reviewer can read the whole lockdown in one file.
 *
 * The baseline is Electron's security checklist (docs/tutorial/security.md): isolation and
 * sandbox on, no Node in the page, our own privileged scheme instead of file://, a CSP, no new
 * windows, no navigation away, no webviews, permissions denied unless listed, IPC senders checked.
 */
import path from 'node:path';
import type { BrowserWindowConstructorOptions, CustomScheme } from 'electron';
import { SECURITY_HEADERS } from '../web-host/security-headers';

/**
 * The renderer is served from `app://tuntun/`. A standard scheme gives the page a real origin
 * (IndexedDB, localStorage and relative URLs work as on http), `secure` makes it a secure context
 * (crypto.subtle), `supportFetchAPI` lets the page fetch its own JSON, and `stream` lets <audio>
 * play the spoken prompts with range requests instead of waiting for the whole clip.
 * `bypassCSP` stays off: the CSP header must bind our own pages too.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tuntun';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/`;

export const PRIVILEGED_SCHEMES: CustomScheme[] = [
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
  },
];

/** The renderer's page colour, so a reload never flashes another colour on the kiosk. */
const PAPER = '#ffffff';

export type WindowPolicyOptions = {
  /** DevTools only in development builds (`!app.isPackaged`); a packaged kiosk has none. */
  devTools: boolean;
};

export function windowOptions(preloadPath: string, options: WindowPolicyOptions = { devTools: false }) {
  return {
    title: 'Tuntun',
    // Shown on 'ready-to-show', so residents never see an empty white window while it loads.
    show: false,
    // Kiosk mode on Linux/Windows is only "fullscreen without chrome"; real lockdown is the OS
    // (cage + systemd, Windows Shell Launcher; see electron/README.md).
    kiosk: true,
    fullscreen: true,
    autoHideMenuBar: true,
    backgroundColor: PAPER,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      plugins: false,
      enableWebSQL: false,
      // No red underlines under names, and no dictionary download attempts from an offline office.
      spellcheck: false,
      // A dropped file would navigate the window away from the app.
      navigateOnDragDrop: false,
      // alert()/confirm() would block the page behind a native dialog nobody can dismiss by touch.
      disableDialogs: true,
      // Spoken prompts start on screen change, not only after a tap (same as the web host's Chromium flag).
      autoplayPolicy: 'no-user-gesture-required',
      // The kiosk window is always in front; idle-reset timers must not be throttled.
      backgroundThrottling: false,
      // Sizes are computed for the panel from config (DOMAIN.md §5); Ctrl+wheel or pinch must not change them.
      zoomFactor: 1,
      zoomMode: 'disabled',
      devTools: options.devTools,
    },
  } satisfies BrowserWindowConstructorOptions;
}

/**
 * Whether `url` is one of our own pages: `app://tuntun/...` exactly. Parsed, never compared as a
 * string prefix, so `app://tuntun.evil.com`, `app://tuntun@evil` and `app://tuntun:1` are refused.
 * The host is compared as-is: Chromium lower-cases hosts of standard schemes, so anything else
 * did not come from Chromium and is refused.
 */
export function isAppUrl(url: string | null | undefined): boolean {
  if (typeof url !== 'string' || url === '') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** The window may only ever show our own pages: links, redirects and location changes elsewhere are stopped. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/** No page may open a window: a new window would sit outside the kiosk lockdown. */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

/**
 * The web permissions our own page may use. Everything else is denied, because Electron grants
 * every permission request by default.
 * - `persistent-storage`: `navigator.storage.persist()`, so Chromium never evicts the drafts and
 *   outbox in IndexedDB under disk pressure (DESIGN.md §4, "nothing is lost").
 * Not listed, on purpose: `media` (prompts are pre-recorded audio, nothing records), `fullscreen`
 * (the window is already kiosk), `hid`/`usb`/`serial` (devices are driven by the host in Node, never
 * by the page), `notifications`, `geolocation`, `clipboard-*`, `openExternal`.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['persistent-storage']);

export function permissionDecision(permission: string, requestingUrl: string | null | undefined): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}

/**
 * Whether an IPC message may reach the host: it must come from our own page, and from its top
 * frame (no iframe is ever ours). `frameUrl` is `event.senderFrame.url`, which the main process
 * knows from Chromium, not something the page can claim.
 */
export function isTrustedSender(frameUrl: string | null | undefined, isTopFrame = true): boolean {
  return isTopFrame && isAppUrl(frameUrl);
}

/**
 * Response headers for the renderer's files. The CSP and the other security headers are the web
 * host's (one policy for both shells); `no-cache` makes a kiosk pick up a new build on restart.
 */
export const ASSET_HEADERS: Readonly<Record<string, string>> = { ...SECURITY_HEADERS, 'Cache-Control': 'no-cache' };

/** MIME types by extension: `nosniff` is on, so a module script served as anything else would not run. */
const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.wav': 'audio/wav',
  '.m4a': 'audio/mp4',
  '.webm': 'audio/webm',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export type AssetDecision =
  | { kind: 'file'; path: string; headers: Record<string, string> }
  | { kind: 'refuse'; status: 400 | 404 | 405; reason: string };

/**
 * Maps a request for `app://tuntun/<path>` to a file inside `rendererDir`, or refuses it.
 * The URL parser already removes `..` and `%2e%2e` segments; the checks below catch what survives
 * parsing and only appears after percent-decoding (`..%2f`, `%5c`, `%00`, drive letters), and a
 * final containment check makes sure no path can leave `rendererDir` whatever slipped through.
 * The root serves index.html (the app has one page; screens are state, not routes).
 */
/**
 * Where app:// paths come from: the renderer build, and `/audio/…` from the office config's audio
 * directory (spoken prompts are config: an office re-records a clip without a rebuild).
 */
export type AssetRoots = { renderer: string; audio?: string | undefined };

export function resolveAppAsset(requestUrl: string, roots: string | AssetRoots, method = 'GET'): AssetDecision {
  const { renderer: rendererDir, audio: audioDir } = typeof roots === 'string' ? { renderer: roots, audio: undefined } : roots;
  if (method !== 'GET' && method !== 'HEAD') return { kind: 'refuse', status: 405, reason: 'only GET and HEAD' };
  if (!isAppUrl(requestUrl)) return { kind: 'refuse', status: 404, reason: 'not an app URL' };
  const { pathname } = new URL(requestUrl);

  const raws = pathname.split('/').slice(1);
  const segments: string[] = [];
  for (const [index, raw] of raws.entries()) {
    // A trailing slash (`/`, `/assets/`) is the only place an empty segment is fine.
    if (raw === '' && index === raws.length - 1) break;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { kind: 'refuse', status: 400, reason: 'malformed percent-encoding' };
    }
    if (segment === '' || segment === '.' || segment === '..') return { kind: 'refuse', status: 400, reason: 'dot or empty path segment' };
    // Separators, NUL and drive-letter colons only appear in a decoded segment if someone put them there.
    if (/[/\\\0:]/u.test(segment)) return { kind: 'refuse', status: 400, reason: 'forbidden character in path' };
    segments.push(segment);
  }

  const last = segments.at(-1);
  if (last === undefined) {
    return { kind: 'file', path: path.join(rendererDir, 'index.html'), headers: { ...ASSET_HEADERS, 'Content-Type': contentTypeOf('index.html') } };
  }
  // The build emits only files with an extension; anything else is a directory (which the file:
  // loader would list) or a client-side route, which this app does not have.
  if (path.extname(last) === '' || pathname.endsWith('/')) return { kind: 'refuse', status: 404, reason: 'not a file of the build' };

  const fromAudio = audioDir !== undefined && segments[0] === 'audio';
  const root = path.resolve(fromAudio ? audioDir : rendererDir);
  const file = path.resolve(root, ...(fromAudio ? segments.slice(1) : segments));
  const relative = path.relative(root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    return { kind: 'refuse', status: 400, reason: 'path leaves the renderer directory' };
  }
  return { kind: 'file', path: file, headers: { ...ASSET_HEADERS, 'Content-Type': contentTypeOf(file) } };
}

/**
 * What to do when the renderer process dies (crash, OOM, killed after hanging): reload with a
 * growing delay, and give up after too many deaths in a short time, because then the cause is
 * not transient (a bad build, a broken GPU driver) and a tight reload loop helps nobody. Giving up
 * exits the app, so the OS supervisor (systemd `Restart=always`, Shell Launcher) starts it afresh,
 * which also resets the GPU process, and its own rate limit takes over.
 */
export const CRASH_WINDOW_MS = 10 * 60_000;
export const MAX_CRASHES_IN_WINDOW = 5;
const FIRST_RELOAD_DELAY_MS = 1_000;
const MAX_RELOAD_DELAY_MS = 30_000;

/** After Electron reports the page unresponsive, how long it may take to recover before it is killed and reloaded. */
export const UNRESPONSIVE_GRACE_MS = 15_000;

export type CrashDecision = { action: 'ignore' } | { action: 'reload'; delayMs: number; attempt: number } | { action: 'give-up'; crashes: number };

/**
 * @param reason Electron's `RenderProcessGoneDetails.reason`.
 * @param recentCrashes times (ms) of earlier deaths; the caller keeps the list and adds `now` on reload.
 */
export function crashDecision(reason: string, recentCrashes: readonly number[], now: number): CrashDecision {
  // 'clean-exit' is the renderer closing with its window (quit, or a window replaced): nothing to recover.
  if (reason === 'clean-exit') return { action: 'ignore' };
  const inWindow = recentCrashes.filter((at) => now - at < CRASH_WINDOW_MS).length;
  if (inWindow >= MAX_CRASHES_IN_WINDOW) return { action: 'give-up', crashes: inWindow + 1 };
  const delayMs = Math.min(FIRST_RELOAD_DELAY_MS * 2 ** inWindow, MAX_RELOAD_DELAY_MS);
  return { action: 'reload', delayMs, attempt: inWindow + 1 };
}
