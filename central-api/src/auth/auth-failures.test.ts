import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { ApiError, EnrolResponse } from '../../../core/contract/central-api';
import type { Database } from '../db/database';
import { directoryCatalogue } from '../domain/catalogue-source';
import { buildServer, DEFAULT_RATE_LIMITS } from '../server';
import { describeEachBackend } from '../testing/backends';
import { ADMIN_TOKEN, OFFICE, REPO_CATALOGUE, startHarness, TestDevice, type Harness } from '../testing/harness';

/**
 * Failed sign-ins back off before the work they would cost (issue 22 item 4), with the limits a
 * server gets by default, counted per route class so a flood of one kind locks out nobody else.
 * Time for the limiter is Date.now(): faked (Date only) to end a window without waiting.
 */
const { authFailuresPerAddress: PER_ADDRESS, authFailuresPerDevice: PER_DEVICE, windowMs: WINDOW_MS } = DEFAULT_RATE_LIMITS;

describeEachBackend('failed authentication backs off', (backend) => {
  let h: Harness;
  let lookups = 0;
  /** A server of its own on the harness database, which counts device lookups (the work a bad signature costs). */
  let app: FastifyInstance;
  const build = () => buildServer({ db: counting(h.db, () => (lookups += 1)), adminToken: ADMIN_TOKEN, catalogue: directoryCatalogue(REPO_CATALOGUE), now: h.clock.now });
  beforeAll(async () => {
    h = await startHarness(backend);
    app = await build();
  });
  afterAll(async () => {
    await app.close();
    await h.close();
  });
  afterEach(() => vi.useRealTimers());

  const tally = (answers: LightMyRequestResponse[]) => {
    const counts: Record<number, number> = {};
    for (const answer of answers) counts[answer.statusCode] = (counts[answer.statusCode] ?? 0) + 1;
    return counts;
  };
  const inOrder = async (n: number, send: (i: number) => Promise<LightMyRequestResponse>) => {
    const answers: LightMyRequestResponse[] = [];
    for (let i = 0; i < n; i += 1) answers.push(await send(i));
    return answers;
  };
  const admin = (from: string, token = ADMIN_TOKEN) =>
    app.inject({
      method: 'POST',
      url: '/v1/admin/enrolment-tokens',
      remoteAddress: from,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ officeCode: OFFICE }),
    });
  const enrol = (from: string, token: string) =>
    app.inject({ method: 'POST', url: '/v1/devices/enrol', remoteAddress: from, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ token, name: 'Kiosk', appVersion: '1' }) });
  /** A kiosk as this server sees it, sending from one address. */
  const kioskAt = (device: TestDevice, from: string) => ({
    get: (options: { secret?: string } = {}) => app.inject({ method: 'GET', url: '/v1/officers', remoteAddress: from, headers: device.sign('GET', '/v1/officers', undefined, options) }),
  });
  const enrolled = async () => {
    const token = (await admin('198.51.100.1')).json<{ token: string }>().token;
    const answer = await enrol('198.51.100.1', token);
    expect(answer.statusCode, answer.body).toBe(201);
    return new TestDevice(app, EnrolResponse.parse(answer.json()), h.clock);
  };
  const expectBackoff = (answer: LightMyRequestResponse) => {
    expect([answer.statusCode, ApiError.parse(answer.json()).error.code]).toEqual([429, 'rate_limited']);
    const retryAfter = Number(answer.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_MS / 1000);
  };
  const afterWindow = () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + WINDOW_MS + 1000);
  };

  it(`answers 700 wrong admin tokens with ${PER_ADDRESS} × 401, then 429 with Retry-After until the window ends`, async () => {
    const answers = await inOrder(700, () => admin('192.0.2.1', 'wrong-token-wrong-token'));
    expect(tally(answers)).toEqual({ 401: PER_ADDRESS, 429: 700 - PER_ADDRESS });
    expect(answers.slice(0, PER_ADDRESS).every((a) => a.statusCode === 401)).toBe(true);
    expectBackoff(answers[699] as LightMyRequestResponse);
    // The address is backing off whatever it sends; another address is not.
    expectBackoff(await admin('192.0.2.1'));
    expect((await admin('192.0.2.2')).statusCode).toBe(201);
    afterWindow();
    expect((await admin('192.0.2.1')).statusCode).toBe(201);
  });

  it('keeps admin routes open to an address after 700 junk enrolments from it', async () => {
    const answers = await inOrder(700, () => enrol('192.0.2.10', `enrol_${randomBytes(32).toString('base64url')}`));
    expect(tally(answers)).toEqual({ 401: PER_ADDRESS, 429: 700 - PER_ADDRESS });
    expectBackoff(answers[699] as LightMyRequestResponse);
    const token = await admin('192.0.2.10');
    expect(token.statusCode, token.body).toBe(201);
    // And the enrolment IT is doing from its own machine goes through.
    expect((await enrol('192.0.2.11', token.json<{ token: string }>().token)).statusCode).toBe(201);
  });

  it(`answers 1,500 bad signatures claiming one kiosk with ${PER_DEVICE} × 401, then 429 before any lookup; other kiosks carry on`, async () => {
    const [x, y] = [await enrolled(), await enrolled()];
    // Each kiosk's usual address; the attacker sits at the second kiosk's.
    expect((await kioskAt(x, '192.0.2.20').get()).statusCode).toBe(200);
    expect((await kioskAt(y, '192.0.2.30').get()).statusCode).toBe(200);

    lookups = 0;
    const forged = kioskAt(x, '192.0.2.30');
    const answers = await inOrder(1500, () => forged.get({ secret: randomBytes(32).toString('base64url') }));
    expect(tally(answers)).toEqual({ 401: PER_DEVICE, 429: 1500 - PER_DEVICE });
    expect(lookups).toBe(PER_DEVICE);
    expectBackoff(answers[1499] as LightMyRequestResponse);

    // The other kiosk at the attacker's address, and the real one at its own, are not stopped.
    expect((await kioskAt(y, '192.0.2.30').get()).statusCode).toBe(200);
    expect((await kioskAt(x, '192.0.2.20').get()).statusCode).toBe(200);
    // The real one from an address it never used waits out the backoff, no longer.
    expectBackoff(await kioskAt(x, '192.0.2.21').get());
    afterWindow();
    expect((await kioskAt(x, '192.0.2.21').get()).statusCode).toBe(200);
  });

  it(`backs off an address that claims unknown kiosks after ${PER_ADDRESS}, without stopping known kiosks there, even after a restart`, async () => {
    const y = await enrolled();
    const stranger = () => new TestDevice(app, { ...enrolmentOf(y), deviceId: `dev_${randomBytes(12).toString('base64url')}` }, h.clock);
    const unknown = (from: string) => () => kioskAt(stranger(), from).get();
    lookups = 0;
    const answers = await inOrder(1000, unknown('192.0.2.40'));
    expect(tally(answers)).toEqual({ 401: PER_ADDRESS, 429: 1000 - PER_ADDRESS });
    expect(lookups).toBe(PER_ADDRESS);
    expect((await kioskAt(y, '192.0.2.40').get()).statusCode).toBe(200);

    // A restarted server knows the enrolled kiosks from the database, not from their first request.
    await app.close();
    app = await build();
    expect(tally(await inOrder(PER_ADDRESS + 5, unknown('192.0.2.41')))).toEqual({ 401: PER_ADDRESS, 429: 5 });
    expect((await kioskAt(y, '192.0.2.41').get()).statusCode).toBe(200);
  });

  it('counts only failures: successful requests keep the per-address and per-device limits', async () => {
    const y = await enrolled();
    const answers = await inOrder(3 * PER_ADDRESS, () => admin('192.0.2.50'));
    expect(tally(answers)).toEqual({ 201: 3 * PER_ADDRESS });
    expect(tally(await inOrder(3 * PER_DEVICE, () => kioskAt(y, '192.0.2.51').get()))).toEqual({ 200: 3 * PER_DEVICE });
  });
});

const enrolmentOf = (device: TestDevice): EnrolResponse => ({
  deviceId: device.id,
  secret: device.secret,
  officeCode: device.officeCode,
  serverPublicKey: device.serverPublicKey,
  serverTime: '',
});

/** The database as it is, counting the device lookups that every signature check starts with. */
function counting(db: Database, onLookup: () => void): Database {
  return {
    kind: db.kind,
    query: (sql, params) => {
      if (/FROM devices WHERE id = \$1/u.test(sql)) onLookup();
      return db.query(sql, params);
    },
    exec: (sql) => db.exec(sql),
    transaction: (fn) => db.transaction(fn),
    close: () => db.close(),
  };
}
