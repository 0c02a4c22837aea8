import { randomUUID } from 'node:crypto';
import net from 'node:net';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiError } from '../../core/contract/central-api';
import { AUTH_HEADERS } from '../../core/contract/request-signing';
import { describeEachBackend } from './testing/backends';
import { ADMIN_TOKEN, auditChain, OFFICE, startHarness, submission, uploadItem, type Harness, type TestDevice } from './testing/harness';

/**
 * At least 10,000 random and malformed requests per backend, in process, then a few hundred
 * garbage byte streams at a real socket. The only things asserted: no answer is a 5xx, and every
 * error answer is the contract's ApiError. Requests are signed correctly most of the time, so the
 * garbage reaches validation and the database rather than stopping at the signature check.
 */
const REQUESTS = 10_000;
const SOCKET_CASES = 300;

type Json = unknown;
type Mutation = { path: number[]; op: 'replace' | 'delete' | 'add'; key: string; value: Json };
type BodyPlan =
  | { kind: 'none' }
  | { kind: 'valid'; mutations: Mutation[] }
  | { kind: 'json'; value: Json }
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: Uint8Array };
type Tamper = 'none' | 'signature' | 'future' | 'past' | 'reuse-nonce' | 'other-device' | 'path' | 'body' | 'drop-header';
type Plan =
  | { kind: 'raw'; method: string; path: string; headers: Record<string, string>; body: BodyPlan }
  | { kind: 'signed'; device: number; route: number; query: string; body: BodyPlan; tamper: Tamper; contentType: string }
  | { kind: 'admin'; route: number; id: number; auth: 'good' | 'bad' | 'none'; body: BodyPlan }
  | { kind: 'enrol'; body: BodyPlan };

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;
const KNOWN_PATHS = [
  '/v1/health',
  '/v1/openapi.json',
  '/v1/devices/enrol',
  '/v1/catalogue',
  '/v1/submissions/batch',
  '/v1/submissions/changes',
  '/v1/audit/batch',
  '/v1/heartbeat',
  '/v1/help',
  '/v1/officers',
  '/v1/admin/enrolment-tokens',
  '/v1/admin/officers',
  '/v1/admin/submissions/00000000-0000-4000-8000-000000000000',
  '/v1/admin/submissions/x/transition',
  '/v1/admin/offices/36.03.03/officers/budi/deactivate',
  '/',
  '/v1',
  '/v1/',
  '//v1//health',
  '/v1/../v1/health',
  '/v1/health%00',
  '/v1/%ff',
  '/v1/admin/submissions/%E0%A4%A',
  `/v1/admin/submissions/${'a'.repeat(300)}`,
];

const DEVICE_ROUTES = [
  { method: 'GET', path: '/v1/catalogue', body: () => undefined },
  { method: 'POST', path: '/v1/submissions/batch', body: () => ({ items: [uploadItem(), uploadItem(submission({ locale: 'en' }))] }) },
  { method: 'GET', path: '/v1/submissions/changes', body: () => undefined },
  { method: 'POST', path: '/v1/audit/batch', body: () => ({ entries: auditChain(1, 2) }) },
  {
    method: 'POST',
    path: '/v1/heartbeat',
    body: () => ({ appVersion: '0.1.0', queueDepth: 3, oldestPendingAt: null, lastSyncAt: '2026-03-02T08:00:00Z', freeDiskBytes: 123, devices: [{ role: 'receiptPrinter', driver: 'escpos', simulated: false, state: 'ready', reason: null, since: '2026-03-02T08:00:00Z' }] }),
  },
  { method: 'POST', path: '/v1/help', body: () => ({ id: randomUUID(), at: '2026-03-02T08:00:00+07:00', screen: 'home', serviceId: 'sktm' }) },
  { method: 'GET', path: '/v1/officers', body: () => undefined },
  { method: 'POST', path: '/v1/queue/tickets', body: () => ({ requestId: randomUUID(), officeCode: OFFICE, desk: 'civil-registration', priority: false }) },
  {
    method: 'POST',
    path: '/v1/queue/kiosk-tickets',
    body: () => ({
      officeCode: OFFICE,
      tickets: [{ requestId: randomUUID(), number: 'A-K1-001', day: '2026-03-02', desk: 'civil-registration', priority: false, issuedAt: '2026-03-02T14:30:00.000+07:00' }],
    }),
  },
] as const;

const ADMIN_ROUTES = [
  { method: 'POST', path: () => '/v1/admin/enrolment-tokens', body: () => ({ officeCode: OFFICE, expiresInMinutes: 5 }) },
  // Officers are hashed with scrypt (tens of ms): only mutated bodies, which fail validation, get far.
  { method: 'POST', path: () => '/v1/admin/officers', body: () => ({ officeCode: OFFICE, id: 'fuzz', name: 'Fuzz', pin: 'x23456' }) },
  { method: 'GET', path: (id: string) => `/v1/admin/submissions/${id}`, body: () => undefined },
  { method: 'POST', path: (id: string) => `/v1/admin/submissions/${id}/transition`, body: () => ({ to: 'processed', officerId: 'budi', note: 'ok' }) },
  // Sari, not Budi: with Budi deactivated every transition would stop at the officer check.
  { method: 'POST', path: () => `/v1/admin/offices/${OFFICE}/officers/sari/deactivate`, body: () => undefined },
  { method: 'GET', path: () => `/v1/admin/offices/${OFFICE}/queue?day=2026-03-02`, body: () => undefined },
] as const;

const SPECIAL_TEXT = [
  '',
  'null',
  '[]',
  '{}',
  '1e999',
  '-1e999',
  '123456789012345678901234567890',
  '"\\u0000"',
  '"\\ud800"',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"items":[{"__proto__":{"polluted":true}}]}',
  '['.repeat(20_000),
  `${'['.repeat(3000)}${']'.repeat(3000)}`,
  '{"a":1,"a":2}',
  '\uFEFF{}',
  '{"items":"x"}',
  '{"items":[null]}',
  `{"items":[${'{},'.repeat(150)}{}]}`,
];

const fuzzValue: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0, 5e-324, Number.MAX_SAFE_INTEGER, '', 'x'.repeat(5000), '0000-00-00T00:00:00Z', '9999-12-31T23:59:59+14:00'),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(JSON.parse('{"__proto__":{"polluted":true}}') as Json, { constructor: { prototype: { polluted: true } } }, ['__proto__']),
);

const mutation: fc.Arbitrary<Mutation> = fc.record({
  path: fc.array(fc.nat({ max: 20 }), { maxLength: 5 }),
  op: fc.constantFrom('replace', 'delete', 'add'),
  key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'extra'), fc.string({ maxLength: 10 })),
  value: fuzzValue,
});

const bodyPlan: fc.Arbitrary<BodyPlan> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<BodyPlan>({ kind: 'none' }) },
  { weight: 6, arbitrary: fc.array(mutation, { maxLength: 3 }).map((mutations): BodyPlan => ({ kind: 'valid', mutations })) },
  { weight: 2, arbitrary: fuzzValue.map((value): BodyPlan => ({ kind: 'json', value })) },
  { weight: 2, arbitrary: fc.oneof(fc.constantFrom(...SPECIAL_TEXT), fc.string({ unit: 'binary', maxLength: 60 })).map((text): BodyPlan => ({ kind: 'text', text })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 80 }).map((bytes): BodyPlan => ({ kind: 'bytes', bytes })) },
);

const headerValue = fc.oneof(fc.string({ unit: 'binary-ascii', maxLength: 80 }).map((s) => s.replace(/[^\x20-\x7e]/gu, '')), fc.constantFrom('', 'application/json', 'Bearer x'));
const rawHeaders = fc.dictionary(
  fc.constantFrom('content-type', 'authorization', 'if-none-match', 'origin', 'accept', AUTH_HEADERS.device, AUTH_HEADERS.timestamp, AUTH_HEADERS.nonce, AUTH_HEADERS.signature, 'x-random'),
  headerValue,
  { maxKeys: 6 },
);
// Always starting with "/": inject cannot send anything else (the socket test sends the rest).
const randomPath = fc.oneof(
  fc.constantFrom(...KNOWN_PATHS),
  fc.webPath().map((p) => (p.startsWith('/') ? p : `/${p}`)),
  fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => `/v1/${encodeURIComponent(s)}`),
  fc.string({ unit: 'binary-ascii', maxLength: 30 }).map((s) => `/v1/${s.replace(/[^\x21-\x7e]/gu, '')}`),
);
const query = fc.oneof(
  fc.constant(''),
  fc.webQueryParameters().map((q) => (q === '' ? '' : `?${q}`)),
  fc.tuple(fc.oneof(fc.stringMatching(/^\d{1,20}$/u), fc.string({ maxLength: 8 })), fc.oneof(fc.integer({ min: -5, max: 600 }).map(String), fc.string({ maxLength: 5 }))).map(
    ([since, limit]) => `?since=${encodeURIComponent(since)}&limit=${encodeURIComponent(limit)}`,
  ),
);

const plan: fc.Arbitrary<Plan> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('raw' as const), method: fc.constantFrom(...METHODS), path: fc.tuple(randomPath, query).map(([p, q]) => p + q), headers: rawHeaders, body: bodyPlan }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('signed' as const),
      device: fc.nat({ max: 1 }),
      route: fc.nat({ max: DEVICE_ROUTES.length - 1 }),
      query,
      body: bodyPlan,
      tamper: fc.oneof({ weight: 6, arbitrary: fc.constant<Tamper>('none') }, { weight: 3, arbitrary: fc.constantFrom<Tamper>('signature', 'future', 'past', 'reuse-nonce', 'other-device', 'path', 'body', 'drop-header') }),
      contentType: fc.oneof({ weight: 8, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'text/plain', 'application/jsonx', 'APPLICATION/JSON', '') }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('admin' as const), route: fc.nat({ max: ADMIN_ROUTES.length - 1 }), id: fc.nat({ max: 5 }), auth: fc.constantFrom('good', 'good', 'good', 'bad', 'none'), body: bodyPlan }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('enrol' as const), body: bodyPlan }) },
);

function applyMutation(value: Json, mutation: Mutation): Json {
  // A fresh copy every time: fast-check hands out the same constant objects again and again.
  const m = { ...mutation, value: JSON.parse(JSON.stringify(mutation.value) ?? 'null') as Json };
  if (m.path.length === 0 || value === null || typeof value !== 'object') {
    if (m.op === 'replace' || value === null || typeof value !== 'object') return m.value;
  }
  const target = value as Record<string, Json>;
  const keys = Object.keys(target);
  if (m.path.length > 0 && keys.length > 0) {
    const key = keys[(m.path[0] ?? 0) % keys.length] as string;
    target[key] = applyMutation(target[key], { ...m, path: m.path.slice(1) });
    return value;
  }
  if (m.op === 'delete' && keys.length > 0) delete target[keys[0] as string];
  else Object.defineProperty(target, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
  return value;
}

function payloadOf(body: BodyPlan, valid: () => Json): string | Buffer | undefined {
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'valid': {
      const base = valid();
      if (base === undefined) return undefined;
      return JSON.stringify(body.mutations.reduce<Json>((value, m) => applyMutation(value, m), base));
    }
    case 'json':
      return JSON.stringify(body.value) ?? 'null';
    case 'text':
      return body.text;
    case 'bytes':
      return Buffer.from(body.bytes);
    default:
      throw new Error('unknown body plan');
  }
}

describeEachBackend('fuzz', (backend) => {
  let h: Harness;
  let devices: TestDevice[];
  const ids: string[] = [];
  let lastNonce: Record<string, string> = {};
  beforeAll(async () => {
    // Limits out of the way: this run is about what reaches the handlers (auth-failures.test.ts tests the backoff).
    h = await startHarness(backend, { rateLimits: { perDevice: 1_000_000, perAddress: 1_000_000, authFailuresPerAddress: 1_000_000, authFailuresPerDevice: 1_000_000 } });
    devices = [await h.enrol(), await h.enrol()];
    for (const id of ['budi', 'sari']) await h.admin('POST', '/v1/admin/officers', { officeCode: OFFICE, id, name: id, pin: '730591' });
    for (let i = 0; i < 5; i += 1) {
      const item = uploadItem();
      await devices[0]?.request('POST', '/v1/submissions/batch', { items: [item] });
      ids.push(item.id);
    }
    ids.push('not-a-uuid');
  });
  afterAll(async () => h.close());

  const toRequest = (p: Plan) => {
    switch (p.kind) {
      case 'raw': {
        const payload = payloadOf(p.body, () => ({ anything: true }));
        return { method: p.method, url: p.path, headers: p.headers, payload };
      }
      case 'enrol':
        return { method: 'POST', url: '/v1/devices/enrol', headers: { 'content-type': 'application/json' }, payload: payloadOf(p.body, () => ({ token: 'x'.repeat(43), name: 'Kiosk', appVersion: '1' })) };
      case 'admin': {
        const route = ADMIN_ROUTES[p.route] ?? ADMIN_ROUTES[0];
        const payload = payloadOf(p.body, route.body);
        const auth = { good: { authorization: `Bearer ${ADMIN_TOKEN}` }, bad: { authorization: 'Bearer wrong-token-wrong-token' }, none: {} }[p.auth];
        return { method: route.method, url: route.path(ids[p.id] ?? 'x'), headers: { ...auth, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) }, payload };
      }
      case 'signed': {
        const device = devices[p.device] as TestDevice;
        const route = DEVICE_ROUTES[p.route] ?? DEVICE_ROUTES[0];
        const url = route.path + (route.path.endsWith('changes') ? p.query : '');
        const payload = payloadOf(p.body, route.body);
        const signedBody = payload === undefined ? undefined : typeof payload === 'string' ? payload : payload.toString('latin1');
        const now = Math.floor(h.clock.now().getTime() / 1000);
        const previous = lastNonce[device.id];
        const signed = device.sign(route.method, p.tamper === 'path' ? `${url}x` : url, p.tamper === 'body' ? `${signedBody ?? ''} ` : signedBody, {
          ...(p.tamper === 'future' ? { timestamp: now + 400 } : p.tamper === 'past' ? { timestamp: now - 400 } : {}),
          ...(p.tamper === 'reuse-nonce' && previous !== undefined ? { nonce: previous } : {}),
          ...(p.tamper === 'other-device' ? { deviceId: (devices[1 - p.device] as TestDevice).id } : {}),
          ...(typeof payload === 'string' || payload === undefined ? {} : { bodySha256: undefined }),
        });
        lastNonce = { ...lastNonce, [device.id]: signed[AUTH_HEADERS.nonce] ?? '' };
        if (p.tamper === 'signature') signed[AUTH_HEADERS.signature] = `${(signed[AUTH_HEADERS.signature] ?? '').slice(1)}A`;
        if (p.tamper === 'drop-header') delete signed[AUTH_HEADERS.timestamp];
        return { method: route.method, url, headers: { ...(payload === undefined ? {} : { 'content-type': p.contentType }), ...signed }, payload };
      }
      default:
        throw new Error('unknown plan');
    }
  };

  it(`answers ${REQUESTS} random and malformed requests without a 5xx, every error an ApiError`, async () => {
    let sent = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(plan, async (p) => {
        const request = toRequest(p);
        const response = await h.app.inject({
          method: request.method as 'GET',
          url: request.url,
          headers: request.headers,
          ...(request.payload === undefined ? {} : { payload: request.payload }),
        });
        sent += 1;
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        if (response.statusCode >= 500) throw new Error(`${response.statusCode} for ${request.method} ${request.url}: ${response.body.slice(0, 300)}`);
        if (response.statusCode >= 400 && request.method !== 'HEAD') {
          const parsed = ApiError.safeParse(JSON.parse(response.body));
          if (!parsed.success) throw new Error(`Not an ApiError (${response.statusCode}) for ${request.method} ${request.url}: ${response.body.slice(0, 300)}`);
        }
      }),
      { numRuns: REQUESTS, endOnFailure: true },
    );
    expect(sent).toBeGreaterThanOrEqual(REQUESTS);
    // The run must have reached the handlers, not just the signature check: successes and
    // validation failures are both common.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(REQUESTS / 20);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(REQUESTS / 20);
    expect([...statuses.keys()].every((status) => status < 500)).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 120_000);

  it(`survives ${SOCKET_CASES} garbage byte streams on a real socket`, async () => {
    const app: FastifyInstance = h.app;
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as net.AddressInfo;
    const garbage = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 200 }).map((b) => Buffer.from(b)),
      fc.string({ unit: 'binary-ascii', maxLength: 200 }).map((s) => Buffer.from(s, 'latin1')),
      fc.tuple(fc.constantFrom(...METHODS, 'BREW', 'get', ''), fc.constantFrom(...KNOWN_PATHS, '*', 'http://x/', ''), fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9', ''), fc.string({ unit: 'binary-ascii', maxLength: 120 })).map(
        ([m, p, v, rest]) => Buffer.from(`${m} ${p} ${v}\r\n${rest}`, 'latin1'),
      ),
      fc.constantFrom(
        Buffer.from(`GET /v1/health HTTP/1.1\r\nHost: x\r\n${'X-Big: y\r\n'.repeat(3000)}\r\n`),
        Buffer.from('POST /v1/heartbeat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{"a":1,"b":2}'),
        Buffer.from('POST /v1/heartbeat HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nContent-Length: 11\r\n\r\n0123456789'),
        Buffer.from('POST /v1/heartbeat HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n'),
        Buffer.from('POST /v1/devices/enrol HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999\r\n\r\n{'),
        Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
        Buffer.from('GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/nothing HTTP/1.1\r\nHost: x\r\n\r\n\x00\x01\x02'),
        Buffer.from('\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03'),
      ),
    );
    const cases = fc.sample(garbage, { numRuns: SOCKET_CASES, seed: 20_260_302 });
    const statuses: number[] = [];
    for (let i = 0; i < cases.length; i += 25) {
      const answers = await Promise.all(cases.slice(i, i + 25).map((bytes) => exchange(port, bytes)));
      for (const answer of answers) for (const match of answer.matchAll(/HTTP\/1\.[01] (\d{3})/gu)) statuses.push(Number(match[1]));
    }
    expect(statuses.length).toBeGreaterThan(SOCKET_CASES / 2);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    const health = await fetch(`http://127.0.0.1:${port}/v1/health`);
    expect(health.status).toBe(200);
  }, 60_000);
});

/** Writes the bytes, half-closes, and collects whatever comes back until the server closes (or 3 s). */
function exchange(port: number, bytes: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let received = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(received);
    };
    const timer = setTimeout(done, 3_000);
    socket.on('connect', () => socket.end(bytes));
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', done);
    socket.on('close', done);
  });
}
