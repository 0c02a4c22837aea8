import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browserPolicyCommand, installedPolicy, kioskBrowserPolicy, POLICY_FILE, policyWarning } from './browser-policy';

const ORIGIN = 'http://127.0.0.1:5810';
let root: string;
let dirs: string[];

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tuntun-policy-unit-'));
  dirs = [path.join(root, 'chromium', 'policies', 'managed'), path.join(root, 'chrome', 'policies', 'managed')];
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('kiosk browser policy', () => {
  it('allows only the kiosk page and keeps DevTools, remote debugging, downloads and printing off', () => {
    const policy = kioskBrowserPolicy(ORIGIN);
    expect(policy).toMatchObject({ DeveloperToolsAvailability: 2, RemoteDebuggingAllowed: false, DownloadRestrictions: 3, PrintingEnabled: false, URLBlocklist: ['*'] });
    expect(policy['URLAllowlist']).toEqual([ORIGIN, 'chrome://policy']);
  });

  it('tells missing, different and installed apart, and says how to fix the first two', async () => {
    expect(installedPolicy(ORIGIN, dirs)).toEqual({ kind: 'missing' });
    expect(policyWarning(installedPolicy(ORIGIN, dirs), ORIGIN)).toMatch(/not installed.*DevTools.*browser-policy --install --port 5810/u);

    await mkdir(dirs[1] ?? '', { recursive: true });
    await writeFile(path.join(dirs[1] ?? '', POLICY_FILE), JSON.stringify({ ...kioskBrowserPolicy('http://127.0.0.1:9999'), DeveloperToolsAvailability: 0 }));
    const different = installedPolicy(ORIGIN, dirs);
    expect(different).toMatchObject({ kind: 'different', keys: ['DeveloperToolsAvailability', 'URLAllowlist'] });
    expect(policyWarning(different, ORIGIN)).toMatch(/differ \(DeveloperToolsAvailability, URLAllowlist\)/u);

    const out: string[] = [];
    expect(await browserPolicyCommand({ install: true, port: 5810 }, { out: (l) => out.push(l), err: (l) => out.push(l) }, dirs)).toBe(process.getuid?.() === 0 ? 0 : 1);
    if (process.getuid?.() !== 0) return;
    // Written where a browser is installed (the second folder's browser), not for one that is not.
    const file = path.join(dirs[1] ?? '', POLICY_FILE);
    const state = installedPolicy(ORIGIN, dirs);
    expect(state).toEqual({ kind: 'installed', file });
    await expect(stat(dirs[0] ?? '')).rejects.toThrow(/ENOENT/u);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(kioskBrowserPolicy(ORIGIN));
    // Chromium runs as the kiosk user and must read it; only root may change it.
    expect((await stat(file)).mode & 0o777).toBe(0o644);
    expect(policyWarning(state, ORIGIN)).toBeUndefined();
  });

  it('prints the policy without --install, and says whether it is installed', async () => {
    const out: string[] = [];
    const err: string[] = [];
    expect(await browserPolicyCommand({ install: false, port: 5810 }, { out: (l) => out.push(l), err: (l) => err.push(l) }, dirs)).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual(kioskBrowserPolicy(ORIGIN));
    expect(err.join('\n')).toMatch(/not installed/u);
  });
});
