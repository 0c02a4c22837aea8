import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTH_HEADERS, NONCE_PATTERN, stringToSign, sha256Hex } from '../../../core/contract/request-signing';
import { createLogger } from '../logs/logger';
import { dataPaths } from '../storage/data-paths';
import { createIdentityStore, type Enrolment } from './identity-store';
import { chooseSecretProtector, keyFileProtector, type SafeStorageLike, type SecretProtector } from './protector';
import { signRequest } from './sign';
import { createStoreKeyHolder } from './store-key';

/**
 * Electron's safeStorage cannot run here (no Electron binary, no keyring), so it is replaced by an
 * in-memory keyring with the same async API: AES-GCM under a key that lives only in this process.
 * Everything else (files, modes, HMAC) is real.
 */
function fakeKeyring(options: { backend?: string; available?: boolean; reencrypt?: boolean } = {}): SafeStorageLike & { backendCalls: number } {
  const keyringKey = randomBytes(32);
  const fake = {
    backendCalls: 0,
    isAsyncEncryptionAvailable: async () => options.available ?? true,
    getSelectedStorageBackend: () => {
      fake.backendCalls += 1;
      return options.backend ?? 'gnome_libsecret';
    },
    encryptStringAsync: async (plain: string) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyringKey, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from('v11'), iv, cipher.getAuthTag(), data]);
    },
    decryptStringAsync: async (sealed: Buffer) => {
      const decipher = createDecipheriv('aes-256-gcm', keyringKey, sealed.subarray(3, 15));
      decipher.setAuthTag(sealed.subarray(15, 31));
      const result = Buffer.concat([decipher.update(sealed.subarray(31)), decipher.final()]).toString('utf8');
      return { result, shouldReEncrypt: options.reencrypt ?? false };
    },
  };
  return fake;
}

let dir: string;
let paths: ReturnType<typeof dataPaths>;
const logger = () => createLogger({ dir: path.join(dir, 'logs'), level: 'debug', stdout: false });
const secret = randomBytes(32).toString('base64url');
const enrolment: Enrolment = {
  deviceId: 'dev_loketdepan01',
  officeCode: '36.03.03',
  serverUrl: 'http://127.0.0.1:5820',
  serverPublicKey: randomBytes(32).toString('base64url'),
  name: 'Loket depan',
  enrolledAt: '2025-01-06T02:00:00.000Z',
};

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tuntun-secrets-'));
  paths = dataPaths(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const identityStore = (protector: SecretProtector) => createIdentityStore({ dir: paths.secretsDir, file: paths.deviceFile, protector, logger: logger() });

describe('choosing where secrets are kept', () => {
  it('uses the key file in the web host, which has no keyring API', async () => {
    expect((await chooseSecretProtector(undefined, 'linux')).store).toBe('key-file');
  });

  it('detects safeStorage falling back to its built-in key (basic_text) and uses the key file, saying why', async () => {
    const protector = await chooseSecretProtector(fakeKeyring({ backend: 'basic_text' }), 'linux');
    expect(protector.store).toBe('key-file');
    expect(protector.reason).toMatch(/No system keyring is running.*basic_text/u);
  });

  it('does not trust a backend it cannot name, nor safeStorage that says it is unavailable', async () => {
    expect((await chooseSecretProtector(fakeKeyring({ backend: 'unknown' }), 'linux')).store).toBe('key-file');
    expect((await chooseSecretProtector(fakeKeyring({ available: false }), 'linux')).store).toBe('key-file');
  });

  it('uses safeStorage over a real keyring, and on Windows and macOS', async () => {
    expect((await chooseSecretProtector(fakeKeyring({ backend: 'gnome_libsecret' }), 'linux')).store).toBe('safe-storage');
    expect((await chooseSecretProtector(fakeKeyring({ backend: 'kwallet6' }), 'linux')).store).toBe('safe-storage');
    const windows = fakeKeyring();
    expect((await chooseSecretProtector(windows, 'win32')).store).toBe('safe-storage');
    expect(windows.backendCalls).toBe(0);
  });
});

describe('device identity', () => {
  it('is kept in a 0600 file in a 0700 folder, and its public part reads back', async () => {
    const store = identityStore(keyFileProtector('test'));
    expect(await store.state()).toEqual({ kind: 'none' });
    await store.save(enrolment, secret);
    expect((await stat(paths.deviceFile)).mode & 0o777).toBe(0o600);
    expect((await stat(paths.secretsDir)).mode & 0o777).toBe(0o700);
    expect(await store.state()).toEqual({ kind: 'enrolled', identity: { ...enrolment, secretStore: 'key-file' } });
    const key = await store.signingKey();
    expect(key.ok && key.key.secret.toString('utf8')).toBe(secret);
  });

  it('tightens a file that was copied with loose permissions', async () => {
    const store = identityStore(keyFileProtector('test'));
    await store.save(enrolment, secret);
    await chmod(paths.deviceFile, 0o644);
    await store.state();
    expect((await stat(paths.deviceFile)).mode & 0o777).toBe(0o600);
  });

  it('holds only ciphertext when a keyring seals it', async () => {
    const store = identityStore(await chooseSecretProtector(fakeKeyring(), 'linux'));
    await store.save(enrolment, secret);
    const text = await readFile(paths.deviceFile, 'utf8');
    expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ deviceId: enrolment.deviceId, secret: { store: 'safe-storage' } });
    const key = await store.signingKey();
    expect(key.ok && key.key.secret.toString('utf8')).toBe(secret);
  });

  it('moves a secret enrolled from the command line into the keyring at the next Electron start', async () => {
    await identityStore(keyFileProtector('cli')).save(enrolment, secret);
    const electron = identityStore(await chooseSecretProtector(fakeKeyring(), 'linux'));
    const key = await electron.signingKey();
    expect(key.ok && key.key.secret.toString('utf8')).toBe(secret);
    const text = await readFile(paths.deviceFile, 'utf8');
    expect(text).not.toContain(secret);
    expect(await electron.state()).toMatchObject({ identity: { secretStore: 'safe-storage' } });
  });

  it('reports a keyring-sealed secret it cannot open, and leaves the file alone', async () => {
    await identityStore(await chooseSecretProtector(fakeKeyring(), 'linux')).save(enrolment, secret);
    const before = await readFile(paths.deviceFile, 'utf8');
    const key = await identityStore(keyFileProtector('web')).signingKey();
    expect(key).toMatchObject({ ok: false, code: 'unavailable' });
    if (!key.ok) expect(key.message).toMatch(/system keyring/u);
    expect(await readFile(paths.deviceFile, 'utf8')).toBe(before);
  });

  it('reads the file again only when it changed: a re-enrolment, a damaged or deleted file is seen at the next signature', async () => {
    const running = identityStore(keyFileProtector('test'));
    await running.save(enrolment, secret);
    const first = await running.signingKey();
    expect(first.ok && first.key.secret.toString('utf8')).toBe(secret);
    // Unchanged on disk: the same key, not read and unsealed again.
    const again = await running.signingKey();
    expect(again.ok && first.ok && again.key === first.key).toBe(true);

    const newSecret = randomBytes(32).toString('base64url');
    await identityStore(keyFileProtector('test')).save({ ...enrolment, name: 'Kios 2' }, newSecret);
    const reenrolled = await running.signingKey();
    expect(reenrolled.ok && reenrolled.key.secret.toString('utf8')).toBe(newSecret);
    expect(reenrolled.ok && reenrolled.key.identity.name).toBe('Kios 2');

    await writeFile(paths.deviceFile, '{"v":1,"deviceId":');
    expect(await running.signingKey()).toMatchObject({ ok: false, code: 'unavailable' });
    await rm(paths.deviceFile);
    expect(await running.signingKey()).toMatchObject({ ok: false, code: 'not_enrolled' });
  });

  it('says not_enrolled without a file, and unavailable for a damaged one', async () => {
    const store = identityStore(keyFileProtector('test'));
    expect(await store.signingKey()).toMatchObject({ ok: false, code: 'not_enrolled' });
    await store.save(enrolment, secret);
    await writeFile(paths.deviceFile, '{"v":1,"deviceId":');
    expect(await store.signingKey()).toMatchObject({ ok: false, code: 'unavailable' });
    expect(await store.state()).toMatchObject({ kind: 'damaged' });
  });
});

describe('request signing', () => {
  it('signs method, path, timestamp, nonce, device and body hash: an independent HMAC agrees', () => {
    const now = new Date('2025-01-06T02:03:04.567Z');
    const bodySha256 = sha256Hex('{"items":[]}');
    const signed = signRequest(enrolment, Buffer.from(secret, 'utf8'), { method: 'POST', path: '/v1/submissions/batch', bodySha256 }, { now });
    expect(signed.url).toBe('http://127.0.0.1:5820/v1/submissions/batch');
    const headers = signed.headers;
    expect(headers[AUTH_HEADERS.device]).toBe(enrolment.deviceId);
    expect(headers[AUTH_HEADERS.timestamp]).toBe(String(Math.floor(now.getTime() / 1000)));
    const nonce = headers[AUTH_HEADERS.nonce] ?? '';
    expect(nonce).toMatch(NONCE_PATTERN);
    expect(Buffer.from(nonce, 'base64url')).toHaveLength(18);
    // The server's side, written out by hand from the contract's text, not with the signer's helper.
    const text = ['TUNTUN-HMAC-SHA256', 'POST', '/v1/submissions/batch', '1736128984', nonce, enrolment.deviceId, bodySha256].join('\n');
    expect(text).toBe(stringToSign({ method: 'POST', path: '/v1/submissions/batch', timestamp: 1736128984, nonce, bodySha256, deviceId: enrolment.deviceId }));
    const expected = createHmac('sha256', secret).update(text).digest('hex');
    expect(headers[AUTH_HEADERS.signature]).toBe(expected);
    expect(JSON.stringify(signed)).not.toContain(secret);
  });

  it('draws a fresh nonce for every request', () => {
    const nonces = new Set(
      Array.from({ length: 200 }, () => signRequest(enrolment, randomBytes(32), { method: 'GET', path: '/v1/catalogue', bodySha256: sha256Hex('') }, { now: new Date() }).headers[AUTH_HEADERS.nonce]),
    );
    expect(nonces.size).toBe(200);
  });
});

describe('store key', () => {
  const holder = (protector: SecretProtector) => createStoreKeyHolder({ dir: paths.secretsDir, file: paths.storeKeyFile, protector, logger: logger() });

  it('is made once on first use, 32 bytes, 0600, and the same after a restart', async () => {
    const first = holder(keyFileProtector('test'));
    const [a, b, c] = await Promise.all([first.get(), first.get(), first.get()]);
    if (!a.ok || !b.ok || !c.ok) throw new Error('store key unavailable');
    expect(a.key).toHaveLength(32);
    expect(b.key.equals(a.key) && c.key.equals(a.key)).toBe(true);
    expect((await stat(paths.storeKeyFile)).mode & 0o777).toBe(0o600);
    const again = await holder(keyFileProtector('test')).get();
    expect(again.ok && again.key.equals(a.key)).toBe(true);
  });

  it('two processes racing to make it end with one key', async () => {
    const [a, b] = await Promise.all([holder(keyFileProtector('one')).get(), holder(keyFileProtector('two')).get()]);
    expect(a.ok && b.ok && a.key.equals(b.key)).toBe(true);
  });

  it('is never replaced when it cannot be read: sealed data would be lost', async () => {
    await holder(keyFileProtector('test')).get();
    await writeFile(paths.storeKeyFile, 'not json');
    const result = await holder(keyFileProtector('test')).get();
    expect(result).toMatchObject({ ok: false });
    expect(await readFile(paths.storeKeyFile, 'utf8')).toBe('not json');
  });

  it('is sealed by the keyring where one runs', async () => {
    const result = await holder(await chooseSecretProtector(fakeKeyring(), 'linux')).get();
    if (!result.ok) throw new Error(result.message);
    expect(await readFile(paths.storeKeyFile, 'utf8')).not.toContain(result.key.toString('base64url'));
    expect(result.store).toBe('safe-storage');
  });
});
