import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logs/logger';
import { dataPaths } from '../storage/data-paths';
import { createIdentityStore, readIdentitySync } from './identity-store';
import { keyFileProtector } from './protector';
import { sealValue } from './sealed-value';
import { checkServerUrl, isLoopbackHost } from './server-url';

/** Which central-API URLs a kiosk takes: https anywhere, plain http only on this machine or a named test LAN. */
describe('server URL policy', () => {
  it('tells loopback from the network', () => {
    for (const host of ['127.0.0.1', '127.3.2.1', '[::1]', 'localhost', 'LOCALHOST', 'api.localhost', '[::ffff:7f00:1]']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['10.1.2.3', '192.168.1.5', '0.0.0.0', '[fd00::2]', 'localhost.example.com', '128.0.0.1', '[::ffff:a01:203]', 'central.go.id']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('takes https anywhere, http only to loopback, and http across the network only with --insecure-lan', () => {
    expect(checkServerUrl('https://Central.go.id/tuntun/', { insecureLan: false })).toEqual({ ok: true, value: { url: 'https://central.go.id/tuntun', hostname: 'central.go.id', transport: 'https' } });
    expect(checkServerUrl('http://127.0.0.1:5820', { insecureLan: false })).toMatchObject({ ok: true, value: { transport: 'loopback' } });
    expect(checkServerUrl('http://[::1]:5820', { insecureLan: false })).toMatchObject({ ok: true, value: { transport: 'loopback' } });
    const refused = checkServerUrl('http://10.1.2.3:5820', { insecureLan: false });
    expect(refused).toEqual({
      ok: false,
      message: expect.stringMatching(/^Plain http:\/\/ to 10\.1\.2\.3:5820 would send the device secret .* unencrypted .*: use https:\/\/10\.1\.2\.3:5820 .* or, on a closed test LAN only, add --insecure-lan$/u),
    });
    expect(checkServerUrl('http://10.1.2.3:5820', { insecureLan: true })).toMatchObject({ ok: true, value: { transport: 'insecure-lan' } });
    expect(checkServerUrl('https://10.1.2.3:5820', { insecureLan: true })).toMatchObject({ ok: false, message: expect.stringMatching(/--insecure-lan is only for a plain http:\/\//u) });
    for (const bad of ['10.0.0.5:5820', 'ftp://10.0.0.5', 'https://user:pw@10.0.0.5', 'https://10.0.0.5:5820/?x=1']) expect(checkServerUrl(bad, { insecureLan: false }).ok, bad).toBe(false);
  });
});

describe('a stored identity', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'tuntun-identity-url-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Written by hand, as an old version of the kiosk or an edit would leave it. */
  async function writeIdentity(fields: Record<string, unknown>) {
    const paths = dataPaths(dataDir);
    const protector = keyFileProtector('test');
    await mkdir(paths.secretsDir, { recursive: true, mode: 0o700 });
    const file = {
      v: 1,
      deviceId: 'dev_loketdepan01',
      officeCode: '36.03.03',
      serverPublicKey: 'pk',
      name: 'Loket depan',
      enrolledAt: new Date().toISOString(),
      secret: await sealValue(protector, 'x'.repeat(43)),
      ...fields,
    };
    await writeFile(paths.deviceFile, JSON.stringify(file), { mode: 0o600 });
    return createIdentityStore({ dir: paths.secretsDir, file: paths.deviceFile, protector, logger: createLogger({ level: 'error', stdout: false }) });
  }

  it('pointing at plain http across the network is not used: nothing is signed for it', async () => {
    const store = await writeIdentity({ serverUrl: 'http://10.0.0.5:5820' });
    expect(readIdentitySync(store.file)).toEqual({ kind: 'damaged', reason: expect.stringMatching(/Plain http:\/\/ to 10\.0\.0\.5:5820 .*re-enrol the kiosk/u) });
    expect(await store.signingKey()).toMatchObject({ ok: false, code: 'unavailable' });
  });

  it('over https without a pinned key is not used either', async () => {
    const store = await writeIdentity({ serverUrl: 'https://10.0.0.5:5820' });
    expect(readIdentitySync(store.file)).toEqual({ kind: 'damaged', reason: expect.stringMatching(/without a pinned key .*re-enrol/u) });
  });

  it('is used over https with a pin, over loopback, or on a test LAN IT named', async () => {
    const pin = 'A'.repeat(43);
    for (const fields of [{ serverUrl: 'https://10.0.0.5:5820', tlsPin: pin }, { serverUrl: 'http://127.0.0.1:5820' }, { serverUrl: 'http://10.0.0.5:5820', insecureLan: true }]) {
      const store = await writeIdentity(fields);
      expect(readIdentitySync(store.file), fields.serverUrl).toMatchObject({ kind: 'enrolled', identity: fields });
    }
  });
});
