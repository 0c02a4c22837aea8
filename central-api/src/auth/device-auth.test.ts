import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiError } from '../../../core/contract/central-api';
import { AUTH_HEADERS, MAX_CLOCK_SKEW_SECONDS } from '../../../core/contract/request-signing';
import { describeEachBackend } from '../testing/backends';
import { startHarness, type Harness, type TestDevice } from '../testing/harness';

describeEachBackend('device request signing', (backend) => {
  let h: Harness;
  let kiosk: TestDevice;
  let other: TestDevice;
  beforeAll(async () => {
    // More refusals for one kiosk than the backoff allows (auth-failures.test.ts tests that).
    h = await startHarness(backend, { rateLimits: { authFailuresPerAddress: 1000, authFailuresPerDevice: 1000 } });
    kiosk = await h.enrol();
    other = await h.enrol('Loket belakang');
  });
  afterAll(async () => h.close());

  const errorOf = (response: { json: () => unknown }) => ApiError.parse(response.json()).error;
  const seconds = () => Math.floor(h.clock.now().getTime() / 1000);
  const heartbeat = { appVersion: '0.1.0', queueDepth: 0, oldestPendingAt: null, lastSyncAt: null, freeDiskBytes: 1e9, devices: [] };

  it('accepts a correctly signed GET and POST', async () => {
    expect((await kiosk.request('GET', '/v1/officers')).statusCode).toBe(200);
    expect((await kiosk.request('POST', '/v1/heartbeat', heartbeat)).statusCode).toBe(200);
  });

  it('refuses a signature made with the wrong secret, or another device secret', async () => {
    const wrong = await kiosk.request('GET', '/v1/officers', undefined, { secret: Buffer.alloc(32, 7).toString('base64url') });
    expect(wrong.statusCode).toBe(401);
    expect(errorOf(wrong).code).toBe('unauthorized');
    const borrowed = await kiosk.request('GET', '/v1/officers', undefined, { secret: other.secret });
    expect(errorOf(borrowed).code).toBe('unauthorized');
  });

  it('refuses a body changed after signing', async () => {
    const signedFor = JSON.stringify(heartbeat);
    const sent = JSON.stringify({ ...heartbeat, queueDepth: 1 });
    const response = await h.app.inject({
      method: 'POST',
      url: '/v1/heartbeat',
      headers: { 'content-type': 'application/json', ...kiosk.sign('POST', '/v1/heartbeat', signedFor) },
      payload: sent,
    });
    expect(response.statusCode).toBe(401);
    expect(errorOf(response).code).toBe('unauthorized');
  });

  it('signs the exact bytes: the same JSON with other whitespace is a different body', async () => {
    const compact = JSON.stringify(heartbeat);
    const spaced = JSON.stringify(heartbeat, null, 2);
    const response = await h.app.inject({ method: 'POST', url: '/v1/heartbeat', headers: { 'content-type': 'application/json', ...kiosk.sign('POST', '/v1/heartbeat', compact) }, payload: spaced });
    expect(response.statusCode).toBe(401);
    expect((await kiosk.request('POST', '/v1/heartbeat', spaced)).statusCode).toBe(200);
  });

  it('refuses a changed path or query, and a changed method', async () => {
    const query = await h.app.inject({ method: 'GET', url: '/v1/submissions/changes?since=5', headers: kiosk.sign('GET', '/v1/submissions/changes?since=0', undefined) });
    expect(query.statusCode).toBe(401);
    const path = await h.app.inject({ method: 'GET', url: '/v1/catalogue', headers: kiosk.sign('GET', '/v1/officers', undefined) });
    expect(path.statusCode).toBe(401);
    const method = await h.app.inject({ method: 'GET', url: '/v1/officers', headers: kiosk.sign('POST', '/v1/officers', undefined) });
    expect(method.statusCode).toBe(401);
  });

  it(`refuses more than ${MAX_CLOCK_SKEW_SECONDS} s of skew either way, saying the server time`, async () => {
    for (const offset of [-(MAX_CLOCK_SKEW_SECONDS + 1), MAX_CLOCK_SKEW_SECONDS + 1]) {
      const response = await kiosk.request('GET', '/v1/officers', undefined, { timestamp: seconds() + offset });
      expect(response.statusCode).toBe(401);
      const error = errorOf(response);
      expect(error.code).toBe('clock_skew');
      expect(error.serverTime).toBe(h.clock.now().toISOString());
      expect(error.message).toContain(offset > 0 ? 'ahead of' : 'behind');
    }
    for (const offset of [-MAX_CLOCK_SKEW_SECONDS, MAX_CLOCK_SKEW_SECONDS]) {
      expect((await kiosk.request('GET', '/v1/officers', undefined, { timestamp: seconds() + offset })).statusCode).toBe(200);
    }
  });

  it('refuses a replayed nonce, but the same nonce from another device is its own', async () => {
    const nonce = 'replay-me-0123456789abc';
    expect((await kiosk.request('GET', '/v1/officers', undefined, { nonce })).statusCode).toBe(200);
    const replay = await kiosk.request('GET', '/v1/officers', undefined, { nonce });
    expect(replay.statusCode).toBe(401);
    expect(errorOf(replay).code).toBe('replayed');
    expect((await other.request('GET', '/v1/officers', undefined, { nonce })).statusCode).toBe(200);
  });

  it('lets exactly one of twenty concurrent copies of a request through', async () => {
    const headers = kiosk.sign('GET', '/v1/officers', undefined);
    const answers = await Promise.all(Array.from({ length: 20 }, () => h.app.inject({ method: 'GET', url: '/v1/officers', headers })));
    const codes = answers.map((a) => (a.statusCode === 200 ? 'ok' : errorOf(a).code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
    expect(codes.filter((c) => c === 'replayed')).toHaveLength(19);
  });

  it('forgets nonces once the clock check would refuse their request anyway', async () => {
    const nonce = 'old-nonce-0123456789abcd';
    const headers = kiosk.sign('GET', '/v1/officers', undefined, { nonce });
    expect((await h.app.inject({ method: 'GET', url: '/v1/officers', headers })).statusCode).toBe(200);
    h.clock.advance(11 * 60_000);
    expect((await kiosk.request('GET', '/v1/officers')).statusCode).toBe(200);
    expect(await h.db.query('SELECT 1 FROM nonces WHERE nonce = $1', [nonce])).toHaveLength(0);
    const replay = await h.app.inject({ method: 'GET', url: '/v1/officers', headers });
    expect(errorOf(replay).code).toBe('clock_skew');
  });

  it('refuses unknown devices, missing, malformed and repeated headers', async () => {
    const unknown = await kiosk.request('GET', '/v1/officers', undefined, { deviceId: 'dev_notenrolled000' });
    expect(errorOf(unknown)).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('Unknown device') });

    const missing = await h.app.inject({ method: 'GET', url: '/v1/officers' });
    expect(errorOf(missing)).toMatchObject({ code: 'unauthorized', message: expect.stringContaining(AUTH_HEADERS.signature) });

    const signed = kiosk.sign('GET', '/v1/officers', undefined);
    for (const [name, value] of [
      [AUTH_HEADERS.timestamp, '12.5'],
      [AUTH_HEADERS.nonce, 'short'],
      [AUTH_HEADERS.signature, 'not base64url!'],
      [AUTH_HEADERS.device, 'device-1'],
    ] as const) {
      const response = await h.app.inject({ method: 'GET', url: '/v1/officers', headers: { ...signed, [name]: value } });
      expect(response.statusCode, name).toBe(401);
      expect(errorOf(response).code).toBe('unauthorized');
    }
    const repeated = await h.app.inject({ method: 'GET', url: '/v1/officers', headers: { ...signed, [AUTH_HEADERS.nonce]: [signed[AUTH_HEADERS.nonce] ?? '', 'another-nonce-0123456789'] } });
    expect(repeated.statusCode).toBe(401);
  });
});
