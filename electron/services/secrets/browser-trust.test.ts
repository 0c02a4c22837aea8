import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logs/logger';
import { dataPaths } from '../storage/data-paths';
import { CERTIFICATE_ACCEPT, CERTIFICATE_AS_CHROMIUM_SAYS, CERTIFICATE_REFUSE, chromiumTrustArgs, electronCertificateVerdict } from './browser-trust';
import { createIdentityStore } from './identity-store';
import { keyFileProtector } from './protector';
import { makeTestCertificate, type TestCertificate } from '../../../tests/support/test-certificate';

/**
 * What each shell's Chromium is told about the pinned server. The web host's flag is tried on
 * Debian's Chromium itself: a page from a server with the pinned self-signed certificate loads, the
 * same page without the flag or from another key does not.
 */
let real: TestCertificate;
let other: TestCertificate;
let dataDir: string;
const servers: Server[] = [];
beforeAll(async () => {
  [real, other] = await Promise.all([makeTestCertificate('central'), makeTestCertificate('impostor')]);
  dataDir = await mkdtemp(path.join(tmpdir(), 'tuntun-browser-trust-'));
});
afterAll(async () => {
  for (const server of servers) await new Promise<void>((resolve) => server.close(() => resolve()));
  for (const dir of [real.dir, other.dir, dataDir]) await rm(dir, { recursive: true, force: true });
});

const deviceFile = () => dataPaths(dataDir).deviceFile;
async function enrolOnDisk(fields: { serverUrl: string; tlsPin?: string }) {
  const paths = dataPaths(dataDir);
  const store = createIdentityStore({ dir: paths.secretsDir, file: paths.deviceFile, protector: keyFileProtector('test'), logger: createLogger({ level: 'error', stdout: false }) });
  await store.save({ deviceId: 'dev_loketdepan01', officeCode: '36.03.03', serverPublicKey: 'pk', name: 'Loket depan', enrolledAt: new Date().toISOString(), ...fields }, 'x'.repeat(43));
}

async function serve(cert: TestCertificate): Promise<number> {
  const server = createServer({ cert: cert.cert, key: cert.key }, (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>central-api-reached</p>'));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** What headless Chromium shows for the URL with these flags (its own profile, as the kiosk has). */
async function pageText(url: string, args: string[]): Promise<string> {
  const profile = await mkdtemp(path.join(tmpdir(), 'tuntun-chromium-'));
  try {
    const { stdout } = await promisify(execFile)(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${profile}`, ...args, '--dump-dom', url], { timeout: 30_000 });
    return stdout;
  } catch (error) {
    // A page that fails to load can end Chromium with an error: what it printed still counts.
    const { stdout } = error as { stdout?: string | Buffer };
    return stdout === undefined ? '' : stdout.toString();
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

describe('browser trust for the pinned central API', () => {
  it('gives the web host\u2019s Chromium the pin, in base64, only when enrolled over https', async () => {
    expect(chromiumTrustArgs(deviceFile())).toEqual([]);
    await enrolOnDisk({ serverUrl: 'http://127.0.0.1:5820' });
    expect(chromiumTrustArgs(deviceFile())).toEqual([]);
    await enrolOnDisk({ serverUrl: 'https://10.0.0.5:5820', tlsPin: real.pin });
    expect(chromiumTrustArgs(deviceFile())).toEqual([`--ignore-certificate-errors-spki-list=${real.pin.replace(/-/gu, '+').replace(/_/gu, '/')}=`]);
  });

  it.skipIf(!existsSync(CHROMIUM))('lets Chromium load from the pinned self-signed server, and from nothing else', { timeout: 120_000 }, async () => {
    const pinned = await serve(real);
    const impostor = await serve(other);
    await enrolOnDisk({ serverUrl: `https://127.0.0.1:${pinned}`, tlsPin: real.pin });
    const args = chromiumTrustArgs(deviceFile());
    expect(await pageText(`https://127.0.0.1:${pinned}/`, args)).toContain('central-api-reached');
    expect(await pageText(`https://127.0.0.1:${pinned}/`, [])).not.toContain('central-api-reached');
    expect(await pageText(`https://127.0.0.1:${impostor}/`, args)).not.toContain('central-api-reached');
  });

  it('has Electron accept the enrolled server exactly when it presents the pinned key, and leave other hosts to Chromium', async () => {
    await enrolOnDisk({ serverUrl: 'https://10.0.0.5:5820', tlsPin: real.pin });
    expect(electronCertificateVerdict(deviceFile(), '10.0.0.5', real.cert.toString('utf8'))).toBe(CERTIFICATE_ACCEPT);
    expect(electronCertificateVerdict(deviceFile(), '10.0.0.5', other.cert.toString('utf8'))).toBe(CERTIFICATE_REFUSE);
    expect(electronCertificateVerdict(deviceFile(), '10.0.0.5', 'not a certificate')).toBe(CERTIFICATE_REFUSE);
    expect(electronCertificateVerdict(deviceFile(), 'example.com', other.cert.toString('utf8'))).toBe(CERTIFICATE_AS_CHROMIUM_SAYS);
    await enrolOnDisk({ serverUrl: 'http://127.0.0.1:5820' });
    expect(electronCertificateVerdict(deviceFile(), '127.0.0.1', other.cert.toString('utf8'))).toBe(CERTIFICATE_AS_CHROMIUM_SAYS);
  });
});
