import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Chromium's managed policies for the web host's kiosk browser. Command-line flags only shape the
 * window: a USB keyboard can still open DevTools (F12, Ctrl+Shift+I) and read the page's memory,
 * save a page, print it, or open a new window. Managed policies are read by Chromium from a
 * root-owned folder that the kiosk user cannot change, so they hold even against someone who
 * restarts the browser with other flags. Chromium on Linux takes them only from that folder
 * (there is no per-launch way), so IT installs them once as root: `npm run kiosk -- browser-policy
 * --install`, and `npm start` says loudly when they are missing or out of date.
 */
export const POLICY_FILE = 'tuntun.json';

/** Where each Chromium build on Linux reads managed policies (Debian's chromium, Google Chrome, Ubuntu's). */
export const POLICY_DIRS = ['/etc/chromium/policies/managed', '/etc/opt/chrome/policies/managed', '/etc/chromium-browser/policies/managed'] as const;

export type BrowserPolicy = Readonly<Record<string, boolean | number | readonly string[]>>;

/** The policies, for the kiosk page at `origin` (the web host's http://127.0.0.1:<PORT>). */
export function kioskBrowserPolicy(origin: string): BrowserPolicy {
  return {
    // What a keyboard could do to the page and the residents' data in it.
    DeveloperToolsAvailability: 2,
    RemoteDebuggingAllowed: false,
    DownloadRestrictions: 3,
    AllowFileSelectionDialogs: false,
    // Receipts and letters go through the host's printers, never the browser's print dialog.
    PrintingEnabled: false,
    // One window on one page: no pop-ups, no navigating elsewhere, no other profiles.
    DefaultPopupsSetting: 2,
    URLBlocklist: ['*'],
    // chrome://policy stays open for IT to check these (a page cannot navigate to it).
    URLAllowlist: [origin, 'chrome://policy'],
    IncognitoModeAvailability: 1,
    BrowserGuestModeEnabled: false,
    BrowserAddPersonEnabled: false,
    BrowserSignin: 0,
    SyncDisabled: true,
    TaskManagerEndProcessEnabled: false,
    // Nothing a resident types is kept by the browser, nothing asked of the hardware.
    // (Autofill's own switches are deprecated in Chromium 156: the kiosk has no form fields to fill.)
    PasswordManagerEnabled: false,
    TranslateEnabled: false,
    SpellcheckEnabled: false,
    DefaultNotificationsSetting: 2,
    DefaultGeolocationSetting: 2,
    AudioCaptureAllowed: false,
    VideoCaptureAllowed: false,
    ScreenCaptureAllowed: false,
    MetricsReportingEnabled: false,
    // Spoken prompts play before the first touch of each screen.
    AutoplayAllowed: true,
  };
}

export function policyText(origin: string): string {
  return `${JSON.stringify(kioskBrowserPolicy(origin), null, 2)}\n`;
}

export type PolicyState = { kind: 'installed'; file: string } | { kind: 'missing' } | { kind: 'different'; file: string; keys: string[] };

/** Whether a managed-policy folder holds exactly these policies for this origin. */
export function installedPolicy(origin: string, dirs: readonly string[] = POLICY_DIRS): PolicyState {
  const wanted = kioskBrowserPolicy(origin);
  for (const dir of dirs) {
    const file = path.join(dir, POLICY_FILE);
    let found: Record<string, unknown>;
    try {
      found = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      continue;
    }
    const keys = Object.keys(wanted).filter((key) => JSON.stringify(found[key]) !== JSON.stringify(wanted[key]));
    return keys.length === 0 ? { kind: 'installed', file } : { kind: 'different', file, keys };
  }
  return { kind: 'missing' };
}

/** Writes the policy file, root-owned and world-readable (Chromium runs as the kiosk user), atomically. */
export async function installPolicy(origin: string, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const file = path.join(dir, POLICY_FILE);
  const tmp = `${file}.tmp`;
  await writeFile(tmp, policyText(origin), { mode: 0o644 });
  await chmod(tmp, 0o644);
  await rename(tmp, file);
  return file;
}

/** One line for IT when the browser would run without its policies. */
export function policyWarning(state: PolicyState, origin: string): string | undefined {
  const fix = `as root: npm run kiosk -- browser-policy --install --port ${new URL(origin).port}`;
  switch (state.kind) {
    case 'installed':
      return undefined;
    case 'missing':
      return `Tuntun: WARNING: Chromium's kiosk policies are not installed, so a keyboard can open DevTools and read residents' data; ${fix}`;
    case 'different':
      return `Tuntun: WARNING: Chromium's kiosk policies in ${state.file} differ (${state.keys.join(', ')}); ${fix}`;
  }
}

/**
 * `npm run kiosk -- browser-policy [--install] [--port N]`: prints the policies, or (as root)
 * writes them where the installed Chromium reads them. Returns the exit code.
 */
export async function browserPolicyCommand(
  options: { install: boolean; port: number },
  io: { out: (line: string) => void; err: (line: string) => void },
  dirs: readonly string[] = POLICY_DIRS,
): Promise<number> {
  const origin = `http://127.0.0.1:${options.port}`;
  if (!options.install) {
    io.out(policyText(origin).trimEnd());
    const state = installedPolicy(origin, dirs);
    io.err(state.kind === 'installed' ? `Installed in ${state.file}.` : (policyWarning(state, origin) ?? ''));
    return 0;
  }
  if (process.getuid?.() !== 0) {
    io.err('kiosk browser-policy: --install writes to /etc and must run as root (sudo), so that the kiosk user cannot change the policies.');
    return 1;
  }
  // Every folder whose browser is installed (its parent folder exists), else Debian's.
  const present = dirs.filter((dir) => existsSync(path.dirname(path.dirname(dir))));
  const files = await Promise.all((present.length > 0 ? present : dirs.slice(0, 1)).map((dir) => installPolicy(origin, dir)));
  io.out(`Chromium kiosk policies for ${origin} written to ${files.join(', ')}. Restart the kiosk browser; chrome://policy lists them.`);
  return 0;
}
