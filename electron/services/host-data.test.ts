import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bridgeRequests, type RequestName } from '../../core/contract/bridge';
import { AUTH_HEADERS, EMPTY_BODY_SHA256, stringToSign } from '../../core/contract/request-signing';
import type { Result } from '../../core/contract/result';
import { createHost, type Host, type HostOptions } from './host';
import { createLogger } from './logs/logger';
import { createIdentityStore } from './secrets/identity-store';
import { keyFileProtector } from './secrets/protector';
import { dataPaths } from './storage/data-paths';

/**
 * The seven local-data requests as the renderer meets them: through the host's dispatcher, with
 * the contract's input parsing and output schemas, on a real data dir.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
let dataDir: string;
let hosts: Host[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tuntun-host-data-'));
});
afterEach(async () => {
  for (const host of hosts) await host.stop();
  hosts = [];
  await rm(dataDir, { recursive: true, force: true });
});

async function startHost(options: Partial<HostOptions> = {}): Promise<Host> {
  const host = createHost({
    shell: 'web',
    runtime: 'test',
    version: '0.0.0-test',
    officeDir: path.join(root, 'kiosk-config/offices/tigaraksa'),
    dataDir,
    logger: createLogger({ dir: path.join(dataDir, 'logs'), level: 'debug', stdout: false }),
    ...options,
  });
  await host.start();
  hosts.push(host);
  return host;
}

/** Calls a request and checks its answer against the contract's output schema. */
async function call<K extends RequestName>(host: Host, name: K, input: unknown = {}): Promise<Result<unknown>> {
  const result = await host.dispatch(name, input);
  if (result.ok) bridgeRequests[name].output.parse(result.value);
  return result;
}
function value(result: Result<unknown>): Record<string, unknown> {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as Record<string, unknown>;
}

const secret = randomBytes(32).toString('base64url');
async function enrolOnDisk() {
  const paths = dataPaths(dataDir);
  await createIdentityStore({ dir: paths.secretsDir, file: paths.deviceFile, protector: keyFileProtector('cli'), logger: createLogger({ level: 'error', stdout: false }) }).save(
    {
      deviceId: 'dev_loketdepan01',
      officeCode: '36.03.03',
      serverUrl: 'https://10.0.0.5:5820',
      tlsPin: 'mX9bW2mVzJr7cRk0Qy3wXoJ5hN8aLs1dPf6gUe4tYiA',
      serverPublicKey: randomBytes(32).toString('base64url'),
      name: 'Loket depan',
      enrolledAt: new Date().toISOString(),
    },
    secret,
  );
}

describe('host local data over the bridge', () => {
  it('before enrolment: says so in identity, signing and health', async () => {
    const host = await startHost();
    expect(value(await call(host, 'device.identity'))).toEqual({ enrolled: false, deviceId: null, officeCode: null, serverUrl: null, serverPublicKey: null, secretStore: 'none' });
    expect(await call(host, 'secrets.sign', { method: 'GET', path: '/v1/catalogue', bodySha256: EMPTY_BODY_SHA256 })).toMatchObject({
      ok: false,
      error: { code: 'not_enrolled', message: expect.stringMatching(/npm run kiosk -- enrol/u) },
    });
    const health = value(await call(host, 'health.check')) as { checks: { name: string; status: string }[] };
    expect(health.checks).toContainEqual(expect.objectContaining({ name: 'device', status: 'degraded' }));
    expect(host.connectOrigins()).toEqual([]);
  });

  it('after enrolment (even while running): identity, signatures an independent HMAC accepts, CSP origin, and the secret nowhere', async () => {
    const now = new Date('2025-03-01T08:00:00.250Z');
    const host = await startHost({ now: () => now });
    await enrolOnDisk();

    const identity = value(await call(host, 'device.identity'));
    expect(identity).toMatchObject({ enrolled: true, deviceId: 'dev_loketdepan01', officeCode: '36.03.03', serverUrl: 'https://10.0.0.5:5820', secretStore: 'key-file' });

    const signed = value(await call(host, 'secrets.sign', { method: 'GET', path: '/v1/submissions/changes?since=12', bodySha256: EMPTY_BODY_SHA256 })) as {
      url: string;
      headers: Record<string, string>;
    };
    expect(signed.url).toBe('https://10.0.0.5:5820/v1/submissions/changes?since=12');
    const nonce = signed.headers[AUTH_HEADERS.nonce] ?? '';
    const text = stringToSign({ method: 'GET', path: '/v1/submissions/changes?since=12', timestamp: 1740816000, nonce, bodySha256: EMPTY_BODY_SHA256, deviceId: 'dev_loketdepan01' });
    expect(signed.headers[AUTH_HEADERS.timestamp]).toBe('1740816000');
    // As the server checks it: the issued secret text as the key, hex digest.
    expect(signed.headers[AUTH_HEADERS.signature]).toBe(createHmac('sha256', secret).update(text).digest('hex'));

    expect(host.connectOrigins()).toEqual(['https://10.0.0.5:5820']);
    const health = value(await call(host, 'health.check')) as { checks: { name: string; status: string; detail: string }[] };
    expect(health.checks.find((c) => c.name === 'device')).toMatchObject({ status: 'degraded', detail: expect.stringMatching(/no system keyring.*mode 0600/iu) });

    // Every answer the renderer can get, and the whole host log: the secret is in none of them.
    const outputs: unknown[] = [];
    for (const name of ['device.identity', 'health.check', 'storage.status', 'store.key', 'journal.list', 'app.info'] as const) outputs.push(await call(host, name));
    outputs.push(await call(host, 'secrets.sign', { method: 'POST', path: '/v1/heartbeat', bodySha256: EMPTY_BODY_SHA256 }));
    const everything = JSON.stringify(outputs) + (await readFile(path.join(dataDir, 'logs', 'tuntun.log'), 'utf8'));
    for (const form of [secret, Buffer.from(secret, 'base64url').toString('hex'), Buffer.from(secret, 'base64url').toString('base64'), Buffer.from(secret).toString('hex')]) {
      expect(everything).not.toContain(form);
    }
  });

  it('hands out one store key, kept 0600, the same after a restart', async () => {
    const first = value(await call(await startHost(), 'store.key')).key;
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/u);
    const paths = dataPaths(dataDir);
    expect((await stat(paths.storeKeyFile)).mode & 0o777).toBe(0o600);
    expect((await stat(paths.secretsDir)).mode & 0o777).toBe(0o700);
    await hosts[0]?.stop();
    expect(value(await call(await startHost(), 'store.key')).key).toBe(first);
  });

  it('journals, lists, drops and reports storage', async () => {
    let host = await startHost({ diskFloorMbOverride: 0 });
    const ids = [randomUUID(), randomUUID()];
    for (const id of ids) expect(await call(host, 'journal.append', { id, record: JSON.stringify({ id, nik: '3603031708900001' }) })).toMatchObject({ ok: true });
    expect(value(await call(host, 'storage.status'))).toMatchObject({ floorBytes: 0, belowFloor: false, journalEntries: 2 });
    expect(value(await call(host, 'journal.drop', { ids: [ids[0]] }))).toEqual({ dropped: 1 });

    await host.stop();
    host = await startHost();
    expect(value(await call(host, 'journal.list'))).toEqual({ entries: [{ id: ids[1], record: JSON.stringify({ id: ids[1], nik: '3603031708900001' }) }] });
    // office.json says nothing, so the schema default applies: 1024 MB.
    expect(value(await call(host, 'storage.status'))).toMatchObject({ floorBytes: 1024 * 1024 * 1024, journalEntries: 1 });
    expect((await readdir(path.join(dataDir, 'journal'))).sort()).toEqual(['submissions.journal']);
  });

  it('refuses a submission below the disk floor, and says so in storage and health', async () => {
    const host = await startHost({ statfs: async () => ({ bavail: 1000, bsize: 4096 }) });
    const refused = await call(host, 'journal.append', { id: randomUUID(), record: '{"a":1}' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'disk_full', message: expect.stringMatching(/below the 1024 MB floor/u) } });
    expect(value(await call(host, 'storage.status'))).toMatchObject({ freeBytes: 4_096_000, belowFloor: true, journalEntries: 0 });
    const health = value(await call(host, 'health.check')) as { checks: { name: string; status: string }[] };
    expect(health.checks).toContainEqual(expect.objectContaining({ name: 'disk', status: 'degraded' }));
  });

  it('parses journal input at the boundary', async () => {
    const host = await startHost();
    expect(await host.dispatch('journal.append', { id: 'not-a-uuid', record: '{}' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await host.dispatch('journal.drop', { ids: [] })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await host.dispatch('secrets.sign', { method: 'GET', path: '/elsewhere', bodySha256: EMPTY_BODY_SHA256 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});
