import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, EnrolResponse, MAX_BODY_BYTES } from '../../core/contract/central-api';
import { migrate } from './db/migrate';
import { openPostgresDatabase } from './db/postgres-database';
import { directoryCatalogue } from './domain/catalogue-source';
import { buildOpenApiDocument } from './openapi';
import { buildServer } from './server';
import { describeEachBackend } from './testing/backends';
import { ADMIN_TOKEN, OFFICE, REPO_CATALOGUE, startHarness, TestClock, TestDevice, type Harness } from './testing/harness';

const errorOf = (response: { json: () => unknown }) => ApiError.parse(response.json()).error;

describeEachBackend('HTTP boundary', (backend) => {
  let h: Harness;
  let kiosk: TestDevice;
  beforeAll(async () => {
    h = await startHarness(backend);
    kiosk = await h.enrol();
  });
  afterAll(async () => h.close());

  it('limits requests per device, and per address where no device signed', async () => {
    const limited = await buildServer({ db: h.db, adminToken: ADMIN_TOKEN, catalogue: directoryCatalogue(REPO_CATALOGUE), now: h.clock.now, rateLimits: { perDevice: 5, perAddress: 3 } });
    try {
      const as = (device: TestDevice) =>
        new TestDevice(limited, { deviceId: device.id, secret: device.secret, officeCode: device.officeCode, serverPublicKey: device.serverPublicKey, serverTime: '' }, h.clock);
      const first = as(kiosk);
      const codes: number[] = [];
      for (let i = 0; i < 6; i += 1) codes.push((await first.request('GET', '/v1/officers')).statusCode);
      expect(codes).toEqual([200, 200, 200, 200, 200, 429]);
      const limitedAnswer = await first.request('GET', '/v1/officers');
      expect(errorOf(limitedAnswer).code).toBe('rate_limited');
      expect(Number(limitedAnswer.headers['retry-after'])).toBeGreaterThan(0);
      // Another kiosk of the same office, same address: its own budget.
      expect((await as(await h.enrol()).request('GET', '/v1/officers')).statusCode).toBe(200);

      const admin = () => limited.inject({ method: 'GET', url: '/v1/admin/submissions/00000000-0000-4000-8000-000000000000', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      const adminCodes = [];
      for (let i = 0; i < 4; i += 1) adminCodes.push((await admin()).statusCode);
      expect(adminCodes).toEqual([404, 404, 404, 429]);
      // Health stays answerable for monitoring.
      expect((await limited.inject({ method: 'GET', url: '/v1/health' })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('keys the per-address limit on X-Forwarded-For only when a trusted proxy sent it', async () => {
    const limitedTo2 = (trustProxy?: string[]) =>
      buildServer({ db: h.db, adminToken: ADMIN_TOKEN, catalogue: directoryCatalogue(REPO_CATALOGUE), now: h.clock.now, rateLimits: { perAddress: 2 }, trustProxy });
    const behindProxy = await limitedTo2(['127.0.0.1']);
    const direct = await limitedTo2();
    try {
      // Unsigned (admin) requests, one at a time, from a socket address with an optional header.
      const codes = async (app: typeof direct, requests: { from: string; forwardedFor?: string }[]) => {
        const answers: number[] = [];
        for (const { from, forwardedFor } of requests) {
          const response = await app.inject({
            method: 'GET',
            url: '/v1/admin/submissions/00000000-0000-4000-8000-000000000000',
            remoteAddress: from,
            headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }) },
          });
          answers.push(response.statusCode);
        }
        return answers;
      };
      const proxy = '127.0.0.1';

      // Behind the proxy: each client its own budget, by the address the proxy forwarded.
      expect(await codes(behindProxy, [{ from: proxy, forwardedFor: '203.0.113.7' }, { from: proxy, forwardedFor: '203.0.113.7' }, { from: proxy, forwardedFor: '203.0.113.7' }])).toEqual([404, 404, 429]);
      expect(await codes(behindProxy, [{ from: proxy, forwardedFor: '203.0.113.8' }])).toEqual([404]);
      // A client that writes its own header first gains nothing: the proxy appends the real address.
      expect(await codes(behindProxy, [{ from: proxy, forwardedFor: '198.51.100.1, 203.0.113.7' }])).toEqual([429]);
      // A client reaching the server directly, not through the proxy, cannot name its address.
      expect(await codes(behindProxy, [{ from: '192.0.2.50', forwardedFor: '203.0.113.9' }, { from: '192.0.2.50', forwardedFor: '203.0.113.10' }, { from: '192.0.2.50', forwardedFor: '203.0.113.11' }])).toEqual([404, 404, 429]);

      // Without TRUST_PROXY the header is ignored: one socket address, one budget.
      expect(await codes(direct, [{ from: proxy, forwardedFor: '203.0.113.7' }, { from: proxy, forwardedFor: '203.0.113.8' }, { from: proxy, forwardedFor: '203.0.113.9' }])).toEqual([404, 404, 429]);
      expect(await codes(direct, [{ from: '192.0.2.50' }])).toEqual([404]);
    } finally {
      await behindProxy.close();
      await direct.close();
    }
  });

  it(`refuses a body over ${MAX_BODY_BYTES} bytes with 413`, async () => {
    const huge = JSON.stringify({ items: ['x'.repeat(MAX_BODY_BYTES)] });
    const response = await kiosk.request('POST', '/v1/submissions/batch', huge);
    expect(response.statusCode).toBe(413);
    expect(errorOf(response).code).toBe('payload_too_large');
  });

  it('refuses other content types with 415 and broken JSON with 400', async () => {
    const text = await h.app.inject({ method: 'POST', url: '/v1/heartbeat', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    expect([text.statusCode, errorOf(text).code]).toEqual([415, 'unsupported_media_type']);
    const broken = await kiosk.request('POST', '/v1/heartbeat', '{"appVersion":');
    expect([broken.statusCode, errorOf(broken).code]).toEqual([400, 'bad_request']);
    const notUtf8 = await h.app.inject({ method: 'POST', url: '/v1/devices/enrol', headers: { 'content-type': 'application/json' }, payload: Buffer.from([0x7b, 0xff, 0x7d]) });
    expect([notUtf8.statusCode, errorOf(notUtf8).code]).toEqual([400, 'bad_request']);
  });

  it('refuses prototype keys, NUL characters and lone surrogates before anything reads them', async () => {
    for (const payload of [
      '{"token":"0123456789abcdefghij","name":"a","appVersion":"1","__proto__":{"admin":true}}',
      '{"token":"0123456789abcdefghij","name":"a","appVersion":"1","constructor":{"prototype":{"admin":true}}}',
      '{"token":"0123456789abcdefghij","name":"a\\u0000b","appVersion":"1"}',
      '{"token":"0123456789abcdefghij","name":"\\ud800","appVersion":"1"}',
    ]) {
      const response = await h.app.inject({ method: 'POST', url: '/v1/devices/enrol', headers: { 'content-type': 'application/json' }, payload });
      expect(response.statusCode, payload).toBe(400);
      expect(errorOf(response).code).toBe('bad_request');
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('answers 404 for unknown routes and 405 with Allow for a wrong method', async () => {
    const unknown = await h.app.inject({ method: 'GET', url: '/v1/nothing-here' });
    expect([unknown.statusCode, errorOf(unknown).code]).toEqual([404, 'not_found']);
    const wrong = await h.app.inject({ method: 'DELETE', url: '/v1/submissions/batch' });
    expect([wrong.statusCode, errorOf(wrong).code, wrong.headers.allow]).toEqual([405, 'method_not_allowed', 'POST']);
    const param = await h.app.inject({ method: 'PUT', url: '/v1/admin/submissions/abc/transition' });
    expect([param.statusCode, param.headers.allow]).toEqual([405, 'POST']);
    const badEscape = await h.app.inject({ method: 'GET', url: '/v1/admin/submissions/%E0%A4%A' });
    expect([badEscape.statusCode, errorOf(badEscape).code]).toEqual([400, 'bad_request']);
  });

  it('lets the kiosk renderer origins through CORS, with the signing headers, and no one else', async () => {
    for (const origin of ['app://tuntun', 'http://127.0.0.1:5173', 'http://localhost:8080']) {
      const preflight = await h.app.inject({
        method: 'OPTIONS',
        url: '/v1/submissions/batch',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-tuntun-signature,x-tuntun-nonce' },
      });
      expect(preflight.statusCode, origin).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(origin);
      expect(String(preflight.headers['access-control-allow-headers'])).toContain('x-tuntun-signature');
      expect(String(preflight.headers['access-control-allow-methods'])).toBe('GET, POST');
    }
    const evil = await h.app.inject({ method: 'OPTIONS', url: '/v1/submissions/batch', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();

    const get = await kiosk.request('GET', '/v1/catalogue', undefined, { headers: { origin: 'app://tuntun' } });
    expect(get.headers['access-control-allow-origin']).toBe('app://tuntun');
    expect(String(get.headers['access-control-expose-headers'])).toContain('etag');
  });

  it('serves the OpenAPI document', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(buildOpenApiDocument('dev'));
  });
});

describeEachBackend('database down', (backend) => {
  it('answers 503 unavailable, keeps serving what needs no database, and does not crash', async () => {
    const { db, drop } = await backend.open();
    const clock = new TestClock();
    await migrate(db);
    const app = await buildServer({ db, adminToken: ADMIN_TOKEN, catalogue: directoryCatalogue(REPO_CATALOGUE), now: clock.now });
    try {
      const token = (
        await app.inject({ method: 'POST', url: '/v1/admin/enrolment-tokens', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, payload: `{"officeCode":"${OFFICE}"}` })
      ).json<{ token: string }>().token;
      const enrolled = await app.inject({ method: 'POST', url: '/v1/devices/enrol', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ token, name: 'Loket', appVersion: '1' }) });
      const kiosk = new TestDevice(app, EnrolResponse.parse(enrolled.json()), clock);

      await db.close();

      for (const response of [await app.inject({ method: 'GET', url: '/v1/health' }), await kiosk.request('GET', '/v1/officers'), await kiosk.request('POST', '/v1/help', { id: '00000000-0000-4000-8000-000000000001', at: '2026-03-02T08:00:00Z', screen: 'home' })]) {
        expect(response.statusCode).toBe(503);
        expect(errorOf(response).code).toBe('unavailable');
        expect(response.headers['retry-after']).toBe('5');
      }
      expect((await app.inject({ method: 'GET', url: '/v1/openapi.json' })).statusCode).toBe(200);
      expect((await kiosk.request('POST', '/v1/heartbeat', 'not json')).statusCode).toBe(400);
    } finally {
      await app.close();
      await drop();
    }
  });
});

describe('PostgreSQL that refuses connections', () => {
  it('answers 503 unavailable instead of failing the request', async () => {
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    const db = openPostgresDatabase({ connectionString: 'postgres://postgres@127.0.0.1:1/tuntun' });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const serverKey = { publicKey: String(publicKey.export({ format: 'jwk' }).x), sign: (text: string) => sign(null, Buffer.from(text), privateKey).toString('base64url') };
    const app = await buildServer({ db, catalogue: directoryCatalogue(REPO_CATALOGUE), serverKey, adminToken: ADMIN_TOKEN });
    try {
      const health = await app.inject({ method: 'GET', url: '/v1/health' });
      expect([health.statusCode, errorOf(health).code]).toEqual([503, 'unavailable']);
      const admin = await app.inject({ method: 'GET', url: '/v1/admin/submissions/00000000-0000-4000-8000-000000000000', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect([admin.statusCode, errorOf(admin).code]).toEqual([503, 'unavailable']);
    } finally {
      await app.close();
      await db.close();
    }
  });
});
