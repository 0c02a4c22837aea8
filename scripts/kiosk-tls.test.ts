import { randomUUID } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo, LookupFunction } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeJournalRecord } from '../core/contract/journal-record';
import { contentHash } from '../core/contract/request-signing';
import { BACKENDS } from '../central-api/src/testing/backends';
import { startHarness, type Harness } from '../central-api/src/testing/harness';
import { makeTestCertificate, type TestCertificate } from '../tests/support/test-certificate';
import { tlsImpostor } from '../tests/support/tls-impostor';
import { loadTls } from '../central-api/src/tls';
import { createHost, type Host } from '../electron/services/host';
import { createLogger } from '../electron/services/logs/logger';
import { startEnrolServer, type EnrolServer } from '../electron/services/secrets/enrol-test-server';
import { dataPaths } from '../electron/services/storage/data-paths';
import { runKiosk } from './kiosk';

/**
 * Enrolment and uploads over real TLS, as IT runs them: the central API serving HTTPS itself with a
 * throwaway self-signed certificate (CENTRAL_TLS_CERT / CENTRAL_TLS_KEY), `npm run kiosk -- enrol`
 * with the token it issued, then the host sending a submission from its journal. An impostor is a
 * TLS server with another key that records every byte it receives after the handshake.
 */
const repo = path.resolve(import.meta.dirname, '..');
let real: TestCertificate;
let other: TestCertificate;
beforeAll(async () => {
  [real, other] = await Promise.all([makeTestCertificate('central'), makeTestCertificate('impostor')]);
});
afterAll(async () => {
  for (const cert of [real, other]) await rm(cert.dir, { recursive: true, force: true });
});

let dataDir: string;
const cleanups: (() => Promise<void>)[] = [];
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tuntun-kiosk-tls-'));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rm(dataDir, { recursive: true, force: true });
});

async function kiosk(args: string[], lookup?: LookupFunction): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runKiosk(args, { env: { KIOSK_DATA_DIR: dataDir }, out: (l) => out.push(l), err: (l) => err.push(l), root: repo, ...(lookup === undefined ? {} : { lookup }) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The central API over HTTPS on 127.0.0.1, its certificate and pin loaded as `npm run central-api` loads them. */
async function centralOverTls(): Promise<{ harness: Harness; url: string; port: number }> {
  const tls = loadTls({ tls: { certFile: real.certFile, keyFile: real.keyFile }, tlsFingerprint: undefined });
  if (!tls.ok) throw new Error(tls.message);
  const harness = await startHarness(BACKENDS[0] ?? (undefined as never), { https: tls.value.https, tlsPin: tls.value.pin });
  // Signed requests carry the real time; the harness clock starts elsewhere.
  harness.clock.advance(Date.now() - harness.clock.now().getTime());
  await harness.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = harness.app.server.address() as AddressInfo;
  // Closed by the test (to put an impostor in its place) or after it, once either way.
  const closeOnce = once(() => harness.close());
  cleanups.push(closeOnce);
  return { harness: { ...harness, close: closeOnce }, url: `https://127.0.0.1:${port}`, port };
}

function once(run: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= run());
}

async function impostorOn(port: number, cert: TestCertificate) {
  const { server, seen, settled } = tlsImpostor(cert);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { seen, settled };
}

async function startHost(): Promise<{ host: Host; log: () => Promise<string> }> {
  const logDir = path.join(dataDir, 'logs');
  const host = createHost({ shell: 'web', runtime: 'test', version: '0.0.0-test', officeDir: path.join(repo, 'kiosk-config/offices/tigaraksa'), dataDir, logger: createLogger({ dir: logDir, level: 'debug', stdout: false }) });
  await host.start();
  cleanups.push(() => host.stop());
  return { host, log: () => readFile(path.join(logDir, 'tuntun.log'), 'utf8') };
}

/** One submission in the host's journal, as the renderer appends it. */
async function journalOne(host: Host): Promise<string> {
  const id = randomUUID();
  const submission = { serviceId: 'sktm', serviceVersion: 1, locale: 'id', officeCode: '36.03.03', startedAt: new Date().toISOString(), answers: [] };
  const record = encodeJournalRecord({ id, trackingCode: '7QK-4MZ-91TB', serviceId: 'sktm', serviceVersion: 1, createdAt: new Date().toISOString(), contentHash: contentHash(submission) }, submission);
  const appended = await host.dispatch('journal.append', { id, record });
  if (!appended.ok) throw new Error(appended.error.message);
  return id;
}

const CONNECT_CHANNELS = ['undici:client:beforeConnect', 'net.client.socket'];
async function connectionsDuring<T>(run: () => Promise<T>): Promise<{ connections: number; result: T }> {
  let connections = 0;
  const count = () => {
    connections += 1;
  };
  for (const channel of CONNECT_CHANNELS) subscribe(channel, count);
  try {
    return { result: await run(), connections };
  } finally {
    for (const channel of CONNECT_CHANNELS) unsubscribe(channel, count);
  }
}

describe('enrolment and uploads over TLS', () => {
  it('enrols with the central API serving a self-signed certificate the token pins; the host uploads over the same pin', { timeout: 30_000 }, async () => {
    const { harness, url } = await centralOverTls();
    const token = await harness.issueToken();
    // The token IT copies: one line, no spaces, ending in the pin openssl computes for the certificate.
    expect(token).toMatch(new RegExp(`^enrol_[A-Za-z0-9_-]{43}\\.${real.pin}$`, 'u'));

    const enrolled = await kiosk(['enrol', '--server', url, '--token', token, '--name', 'Loket depan']);
    expect(enrolled).toMatchObject({ code: 0, err: '' });
    expect(enrolled.out).toContain(`Connection: https, the server's TLS key pinned (sha256 ${real.pin})`);
    expect(JSON.parse(await readFile(dataPaths(dataDir).deviceFile, 'utf8'))).toMatchObject({ serverUrl: url, tlsPin: real.pin });
    expect((await kiosk(['status'])).out).toContain(`Connection: https, the server's TLS key pinned (sha256 ${real.pin})`);

    const { host } = await startHost();
    const id = await journalOne(host);
    const uploaded = await host.dispatch('journal.upload', { ids: [id], timeoutMs: 10_000 });
    expect(uploaded).toMatchObject({ ok: true, value: { missing: [], outcome: { kind: 'answer', status: 200, body: { results: [{ id, status: 201 }] } } } });
    expect((await harness.admin('GET', `/v1/admin/submissions/${id}`)).statusCode).toBe(200);
  });

  it('a host whose server is replaced by an impostor (another key, same address) sends it nothing', { timeout: 30_000 }, async () => {
    const { harness, url, port } = await centralOverTls();
    expect((await kiosk(['enrol', '--server', url, '--token', await harness.issueToken()])).code).toBe(0);
    const { host } = await startHost();
    const id = await journalOne(host);
    await harness.close();
    const impostor = await impostorOn(port, other);

    const uploaded = await host.dispatch('journal.upload', { ids: [id], timeoutMs: 10_000 });
    expect(uploaded).toMatchObject({ ok: true, value: { outcome: { kind: 'network', detail: expect.stringMatching(/TlsPinMismatch: 127\.0\.0\.1:\d+ presented a TLS key with fingerprint/u) } } });
    await impostor.settled();
    expect(impostor.seen.connections).toBeGreaterThan(0);
    expect(impostor.seen.bytes).toBe(0);
  });

  it('refuses to enrol with an impostor before the token is sent', { timeout: 30_000 }, async () => {
    const { harness, port } = await centralOverTls();
    const token = await harness.issueToken();
    await harness.close();
    const impostor = await impostorOn(port, other);

    const result = await kiosk(['enrol', '--server', `https://127.0.0.1:${port}`, '--token', token]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^kiosk enrol: The server at https:\/\/127\.0\.0\.1:\d+ presented a TLS key with fingerprint \S+, not the \S+ this token was issued for: it may be an impostor/u);
    await impostor.settled();
    expect(impostor.seen.connections).toBeGreaterThan(0);
    expect(impostor.seen.bytes).toBe(0);
    expect((await kiosk(['status'])).out).toMatch(/Device: +not enrolled/u);
  });

  it('refuses plain http to another machine with a clear message, without any connection', async () => {
    const { result, connections } = await connectionsDuring(() => kiosk(['enrol', '--server', 'http://10.1.2.3:5820', '--token', 'enrol_0123456789abcdef']));
    expect(connections).toBe(0);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^kiosk enrol: Plain http:\/\/ to 10\.1\.2\.3:5820 would send the device secret and residents’ submissions unencrypted across the network: use https:\/\/10\.1\.2\.3:5820 .* or, on a closed test LAN only, add --insecure-lan\.$/u);
  });
});

describe('--insecure-lan', () => {
  let lan: EnrolServer;
  beforeEach(async () => {
    lan = await startEnrolServer({ tokens: ['enrol_0123456789abcdef'] });
    cleanups.push(() => lan.close());
  });
  /** "kiosk-lan.test" resolves to the test server, as a LAN name would to the office server. */
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all === true) (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
  };
  const lanUrl = () => `http://kiosk-lan.test:${new URL(lan.url).port}`;

  it('allows plain http to a LAN server, with a warning at enrolment, in status and at every host start', { timeout: 30_000 }, async () => {
    const enrolled = await kiosk(['enrol', '--server', lanUrl(), '--token', 'enrol_0123456789abcdef', '--insecure-lan'], lookup);
    expect(enrolled.code).toBe(0);
    expect(enrolled.err).toMatch(/^kiosk enrol: warning: INSECURE: this kiosk talks to the central API over plain http:\/\/ across the network \(--insecure-lan\)/u);
    expect(lan.requests).toHaveLength(1);
    expect(JSON.parse(await readFile(dataPaths(dataDir).deviceFile, 'utf8'))).toMatchObject({ serverUrl: lanUrl(), insecureLan: true });
    expect((await kiosk(['status'])).out).toMatch(/Connection: INSECURE: .*unencrypted/u);

    for (let start = 0; start < 2; start += 1) {
      const { host, log } = await startHost();
      const warnings = (await log()).split('\n').filter((line) => line.includes('"data.insecure_lan"'));
      expect(warnings).toHaveLength(start + 1);
      expect(warnings[start]).toMatch(/"level":40,/u); // pino's warn
      const health = await host.dispatch('health.check', {});
      expect(health).toMatchObject({ ok: true, value: { checks: expect.arrayContaining([expect.objectContaining({ name: 'device', status: 'degraded', detail: expect.stringMatching(/INSECURE/u) })]) } });
      await host.stop();
    }
  });

  it('is needed: the same LAN server without it is refused before any connection', async () => {
    const { result, connections } = await connectionsDuring(() => kiosk(['enrol', '--server', lanUrl(), '--token', 'enrol_0123456789abcdef'], lookup));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/add --insecure-lan/u);
    expect(connections).toBe(0);
    expect(lan.requests).toHaveLength(0);
  });
});
