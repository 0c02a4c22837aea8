/**
 * Electron's main process: owns the one kiosk window, serves the renderer from `app://tuntun/`,
 * and binds the host services to IPC. Thin on purpose: every decision (what may load, navigate,
 * ask for a permission, call the host; when to reload) is a plain function in policy.ts.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, Menu, net, powerSaveBlocker, protocol, safeStorage, session, type IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../../core/contract/preload-api';
import { err, missingCase } from '../../core/contract/result';
import { configRootOf } from '../services/config/load-config';
import { readEnvironment } from '../services/environment';
import { createHost, type Host } from '../services/host';
import { createLogger, errorFields, type Logger } from '../services/logs/logger';
import { electronCertificateVerdict } from '../services/secrets/browser-trust';
import { chooseSecretProtector } from '../services/secrets/protector';
import { dataPaths } from '../services/storage/data-paths';
import { contentSecurityPolicy } from '../web-host/security-headers';
import {
  APP_SCHEME,
  APP_START_URL,
  ASSET_HEADERS,
  PRIVILEGED_SCHEMES,
  UNRESPONSIVE_GRACE_MS,
  crashDecision,
  isAllowedNavigation,
  isTrustedSender,
  permissionDecision,
  resolveAppAsset,
  type AssetRoots,
  windowOpenDecision,
  windowOptions,
} from './policy';

// Both must happen before 'ready': a scheme registered later is not standard (no IndexedDB, no
// relative URLs), and enableSandbox covers every renderer, including any we forget to configure.
protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES);
app.enableSandbox();

/** If the first page never reports ready (a crash while loading), show the window anyway so the crash screen is seen. */
const SHOW_FALLBACK_MS = 10_000;

function main(): void {
  const root = app.getAppPath();
  const env = readEnvironment(process.env, root);
  if (!env.ok) {
    // No logger yet: the message goes to the terminal or the systemd journal.
    process.stderr.write(`Tuntun: ${env.message}\n`);
    app.exit(1);
    return;
  }
  const dataDirGiven = (process.env['KIOSK_DATA_DIR'] ?? '') !== '';
  // With KIOSK_DATA_DIR everything the kiosk writes lives there (provisioning puts it on the data
  // partition; tests use a temporary one). It must precede the instance lock, which lives in userData.
  if (dataDirGiven) app.setPath('userData', path.join(env.value.dataDir, 'electron'));

  // A second start (a double tap on a launcher, a supervisor racing a slow quit) must not open a
  // second window on the same IndexedDB; it hands over to the running one instead.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  const logger = createLogger({
    dir: dataDirGiven ? path.join(env.value.dataDir, 'logs') : path.join(app.getPath('userData'), 'logs'),
    level: env.value.logLevel,
    stdout: !app.isPackaged,
  });
  const log = logger.child('electron');
  guardMainProcess(log);

  // No menu: it would carry the default accelerators (reload, zoom, DevTools) a kiosk must not have.
  Menu.setApplicationMenu(null);
  hardenAllWebContents(log);

  let kioskWindow: BrowserWindow | undefined;
  app.on('second-instance', () => {
    if (kioskWindow === undefined || kioskWindow.isDestroyed()) return;
    if (kioskWindow.isMinimized()) kioskWindow.restore();
    kioskWindow.show();
    kioskWindow.focus();
  });
  // Quitting lets the OS supervisor (systemd Restart=always, Shell Launcher) start a fresh kiosk.
  app.on('window-all-closed', () => app.quit());

  app
    .whenReady()
    .then(async () => {
      // safeStorage can say which keyring it uses only after 'ready'; where it would fall back to
      // Chromium's built-in key (basic_text), secrets go to a 0600 key file instead (protector.ts).
      const secretProtector = await chooseSecretProtector(safeStorage, process.platform);
      log.info('secrets.store', { store: secretProtector.store });
      const host = createHost({
        shell: 'electron',
        runtime: `electron ${process.versions.electron ?? 'unknown'}`,
        version: app.getVersion(),
        officeDir: env.value.officeDir,
        dataDir: env.value.dataDir,
        devicesFile: env.value.devicesFile,
        diskFloorMbOverride: env.value.diskFloorMb,
        secretProtector,
        logger,
      });
      configureSession(log, dataPaths(env.value.dataDir).deviceFile);
      serveRenderer({ renderer: path.join(root, 'dist', 'renderer'), audio: path.join(configRootOf(env.value.officeDir), 'audio') }, host, log);
      bindBridge(host, () => kioskWindow, log);
      await host.start();
      const blocker = powerSaveBlocker.start('prevent-display-sleep');
      log.info('app.ready', { version: app.getVersion(), packaged: app.isPackaged, displaySleepBlocked: powerSaveBlocker.isStarted(blocker) });
      kioskWindow = createKioskWindow(path.join(root, 'dist', 'electron', 'preload.cjs'), log);
      kioskWindow.on('closed', () => {
        kioskWindow = undefined;
      });
    })
    .catch((error: unknown) => {
      log.error('app.start_failed', errorFields(error));
      app.exit(1);
    });
}

/**
 * An uncaught exception in the main process would otherwise open a native error dialog that
 * nobody at a kiosk can dismiss. Log it and exit, so the supervisor restarts a clean process.
 */
function guardMainProcess(log: Logger): void {
  process.on('uncaughtException', (error) => {
    log.error('main.uncaught_exception', errorFields(error));
    app.exit(1);
  });
  process.on('unhandledRejection', (reason) => log.error('main.unhandled_rejection', errorFields(reason)));
  app.on('child-process-gone', (_event, details) => {
    log.warn('child_process.gone', { type: details.type, reason: details.reason, exitCode: details.exitCode });
  });
}

/** Applies to every webContents, including any we did not create ourselves. */
function hardenAllWebContents(log: Logger): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      log.warn('window_open.denied', { to: describeUrl(url) });
      return windowOpenDecision();
    });
    contents.on('will-navigate', (event) => {
      if (isAllowedNavigation(event.url)) return;
      event.preventDefault();
      log.warn('navigation.blocked', { to: describeUrl(event.url) });
    });
    // will-navigate covers the top frame only; this covers iframes.
    contents.on('will-frame-navigate', (event) => {
      if (event.isMainFrame || isAllowedNavigation(event.url)) return;
      event.preventDefault();
      log.warn('navigation.blocked', { to: describeUrl(event.url), frame: 'sub' });
    });
    contents.on('will-redirect', (event) => {
      if (isAllowedNavigation(event.url)) return;
      event.preventDefault();
      log.warn('redirect.blocked', { to: describeUrl(event.url) });
    });
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      log.warn('webview.blocked');
    });
  });
}

function configureSession(log: Logger, deviceFile: string): void {
  const ses = session.defaultSession;
  // The page fetches the central API itself: hold its certificate to the key pinned at enrolment,
  // as the host does for its own requests (a self-signed certificate passes only with that key).
  ses.setCertificateVerifyProc((request, callback) => callback(electronCertificateVerdict(deviceFile, request.hostname, request.certificate.data)));
  // Electron grants every permission unless these say otherwise; the check handler answers the
  // synchronous queries (navigator.permissions, storage persistence) the request handler never sees.
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted = permissionDecision(permission, details.requestingUrl);
    if (!granted) log.warn('permission.denied', { permission, from: describeUrl(details.requestingUrl) });
    callback(granted);
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionDecision(permission, requestingOrigin));
  // WebHID/WebUSB/Web Serial: devices belong to the host services, never to the page.
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => {
    event.preventDefault();
    log.warn('download.blocked');
  });
}

/**
 * Serves dist/renderer on app://tuntun/ with the same security headers (CSP) as the web host; the
 * CSP's connect-src is built per response with the enrolled server read at that moment.
 */
function serveRenderer(roots: AssetRoots, host: Host, log: Logger): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const decision = resolveAppAsset(request.url, roots, request.method);
    if (decision.kind === 'refuse') {
      log.warn('asset.refused', { status: decision.status, reason: decision.reason });
      return plainResponse(decision.status, decision.reason);
    }
    try {
      // Range is passed on so <audio> can seek in the spoken prompts; the file: loader answers 206.
      const range = request.headers.get('range');
      const file = await net.fetch(pathToFileURL(decision.path).toString(), range === null ? {} : { headers: { Range: range } });
      const headers = new Headers(decision.headers);
      headers.set('Content-Security-Policy', contentSecurityPolicy({ connectOrigins: host.connectOrigins() }));
      for (const name of ['content-length', 'content-range', 'accept-ranges']) {
        const value = file.headers.get(name);
        if (value !== null) headers.set(name, value);
      }
      const status = file.status >= 200 && file.status <= 599 ? file.status : 200;
      return new Response(request.method === 'HEAD' ? null : file.body, { status, headers });
    } catch {
      // net.fetch rejects with net::ERR_FILE_NOT_FOUND for a missing file.
      return plainResponse(404, 'not found');
    }
  });
}

function plainResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...ASSET_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/**
 * IPC → host. The sender is checked before anything else: only the kiosk window's top frame on
 * app://tuntun may call, so a page that somehow got into a frame cannot drive the printers.
 * Refusals are Results like every other answer; nothing is thrown across the boundary.
 */
function bindBridge(host: Host, currentWindow: () => BrowserWindow | undefined, log: Logger): void {
  ipcMain.handle(IPC_INVOKE, async (event: IpcMainInvokeEvent, name: unknown, input: unknown) => {
    const win = currentWindow();
    const sender = senderOf(event);
    if (win === undefined || event.sender !== win.webContents || !isTrustedSender(sender.url, sender.isTopFrame)) {
      log.warn('bridge.refused', { from: describeUrl(sender.url), topFrame: sender.isTopFrame });
      return err('unauthorized', 'Only the kiosk page may call the host');
    }
    return host.dispatch(name, input);
  });

  host.subscribe((name, payload) => {
    const contents = currentWindow()?.webContents;
    // Events go only to our own page; while a reload is in flight they are dropped, and the page
    // reads the current state again when it subscribes.
    if (contents === undefined || contents.isDestroyed() || !isTrustedSender(contents.getURL())) return;
    contents.send(IPC_EVENT, name, payload);
  });
}

/** `senderFrame` is null, or throws, when the frame navigated or closed since it sent the message. */
function senderOf(event: IpcMainInvokeEvent): { url: string | undefined; isTopFrame: boolean } {
  try {
    const frame = event.senderFrame;
    return frame === null ? { url: undefined, isTopFrame: false } : { url: frame.url, isTopFrame: frame.parent === null };
  } catch {
    return { url: undefined, isTopFrame: false };
  }
}

function createKioskWindow(preloadPath: string, log: Logger): BrowserWindow {
  const win = new BrowserWindow(windowOptions(preloadPath, { devTools: !app.isPackaged }));
  const contents = win.webContents;
  const show = () => {
    if (!win.isDestroyed() && !win.isVisible()) win.show();
  };
  win.once('ready-to-show', show);
  setTimeout(show, SHOW_FALLBACK_MS).unref();

  const load = (why: string) => {
    contents.loadURL(APP_START_URL).catch((error: unknown) => log.error('page.load_failed', { why, ...errorFields(error) }));
  };

  // Recovery: a dead renderer is reloaded with a growing delay; too many deaths and the app exits
  // for the supervisor to restart (policy.ts crashDecision).
  const crashes: number[] = [];
  contents.on('render-process-gone', (_event, details) => {
    const now = Date.now();
    const decision = crashDecision(details.reason, crashes, now);
    switch (decision.action) {
      case 'ignore':
        return;
      case 'reload':
        crashes.push(now);
        log.error('renderer.gone', { reason: details.reason, exitCode: details.exitCode, attempt: decision.attempt, reloadInMs: decision.delayMs });
        setTimeout(() => {
          if (!win.isDestroyed()) load('renderer_gone');
        }, decision.delayMs);
        return;
      case 'give-up':
        log.error('renderer.gave_up', { reason: details.reason, crashes: decision.crashes, action: 'exit for the supervisor to restart' });
        app.exit(1);
        return;
      default:
        missingCase(decision);
    }
  });

  // A hung page (an endless loop, a stuck GPU call) cannot reload itself: after a grace period the
  // renderer is killed, which lands in 'render-process-gone' above and is reloaded from there.
  let hangTimer: NodeJS.Timeout | undefined;
  win.on('unresponsive', () => {
    log.warn('renderer.unresponsive', { killInMs: UNRESPONSIVE_GRACE_MS });
    hangTimer ??= setTimeout(() => {
      hangTimer = undefined;
      if (win.isDestroyed()) return;
      log.error('renderer.killed_hung');
      contents.forcefullyCrashRenderer();
    }, UNRESPONSIVE_GRACE_MS);
  });
  win.on('responsive', () => {
    if (hangTimer === undefined) return;
    clearTimeout(hangTimer);
    hangTimer = undefined;
    log.info('renderer.responsive');
  });

  contents.on('preload-error', (_event, _preloadPath, error) => log.error('preload.failed', errorFields(error)));
  contents.on('did-fail-load', (_event, code, description, _url, isMainFrame) => {
    if (isMainFrame) log.error('page.load_failed', { code, description });
  });

  load('start');
  return win;
}

/** Scheme and host only: enough to see what was refused, never a path or query with someone's data. */
function describeUrl(url: string | undefined): string {
  if (url === undefined || url === '') return 'none';
  try {
    const parsed = new URL(url);
    return parsed.host === '' ? parsed.protocol : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'unparseable';
  }
}

main();
