import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiError, EnrolResponse } from '../../../core/contract/central-api';
import { sha256Hex } from '../../../core/contract/request-signing';
import { buildServer } from '../server';
import { describeEachBackend } from '../testing/backends';
import { directoryCatalogue } from './catalogue-source';
import { ADMIN_TOKEN, OFFICE, REPO_CATALOGUE, startHarness, type Harness } from '../testing/harness';

describeEachBackend('enrolment', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(backend);
  });
  afterAll(async () => h.close());

  const enrolWith = (token: string, name = 'Loket depan') =>
    h.app.inject({ method: 'POST', url: '/v1/devices/enrol', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ token, name, appVersion: '0.1.0' }) });

  it('trades a token for a device id, a 32-byte secret and the server key', async () => {
    const token = await h.issueToken();
    const response = await enrolWith(token);
    expect(response.statusCode).toBe(201);
    const enrolled = EnrolResponse.parse(response.json());
    expect(enrolled.officeCode).toBe(OFFICE);
    expect(Buffer.from(enrolled.secret, 'base64url')).toHaveLength(32);
    expect(Buffer.from(enrolled.serverPublicKey, 'base64url')).toHaveLength(32);
    expect(enrolled.serverTime).toBe(h.clock.now().toISOString());
  });

  it('issues tokens a command line cannot mistake for an option', async () => {
    for (let i = 0; i < 20; i += 1) expect(await h.issueToken()).toMatch(/^enrol_[A-Za-z0-9_-]{43}$/u);
  });

  it('stores only the hash of a token', async () => {
    const token = await h.issueToken();
    const rows = await h.db.query<{ token_hash: string }>('SELECT token_hash FROM enrolment_tokens WHERE token_hash = $1', [sha256Hex(token)]);
    expect(rows).toHaveLength(1);
    const leaked = await h.db.query("SELECT 1 FROM enrolment_tokens WHERE token_hash = $1 OR office_code = $1", [token]);
    expect(leaked).toHaveLength(0);
  });

  it('accepts a token once', async () => {
    const token = await h.issueToken();
    expect((await enrolWith(token)).statusCode).toBe(201);
    const again = await enrolWith(token, 'Loket belakang');
    expect(again.statusCode).toBe(401);
    expect(ApiError.parse(again.json()).error).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('already used') });
  });

  it('refuses an expired token and an unknown one', async () => {
    const token = await h.issueToken({ expiresInMinutes: 1 });
    h.clock.advance(61_000);
    const expired = await enrolWith(token);
    expect(expired.statusCode).toBe(401);
    expect(ApiError.parse(expired.json()).error.message).toContain('expired');

    const unknown = await enrolWith('x'.repeat(43));
    expect(unknown.statusCode).toBe(401);
    expect(ApiError.parse(unknown.json()).error.message).toContain('not known');
  });

  it('lets exactly one of ten concurrent kiosks use one token', async () => {
    const token = await h.issueToken();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => enrolWith(token, `Kiosk ${i}`)));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, ...Array<number>(9).fill(401)]);
    const devices = await h.db.query('SELECT d.id FROM devices d JOIN enrolment_tokens t ON t.device_id = d.id WHERE t.token_hash = $1', [sha256Hex(token)]);
    expect(devices).toHaveLength(1);
  });

  it('validates the enrolment body', async () => {
    const response = await h.app.inject({ method: 'POST', url: '/v1/devices/enrol', headers: { 'content-type': 'application/json' }, payload: '{"token":"short","name":""}' });
    expect(response.statusCode).toBe(400);
    const body = ApiError.parse(response.json());
    expect(body.error.code).toBe('bad_request');
    expect(body.error.issues?.map((issue) => issue.path)).toEqual(expect.arrayContaining(['body.token', 'body.name', 'body.appVersion']));
  });

  it('guards admin routes with the bearer token', async () => {
    const missing = await h.app.inject({ method: 'POST', url: '/v1/admin/enrolment-tokens', headers: { 'content-type': 'application/json' }, payload: `{"officeCode":"${OFFICE}"}` });
    expect(missing.statusCode).toBe(401);
    const wrong = await h.app.inject({
      method: 'POST',
      url: '/v1/admin/enrolment-tokens',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}x` },
      payload: `{"officeCode":"${OFFICE}"}`,
    });
    expect(ApiError.parse(wrong.json()).error).toEqual({ code: 'unauthorized', message: 'Wrong admin token' });
  });

  it('tells IT how to switch admin routes on when no token is configured', async () => {
    const app = await buildServer({ db: h.db, catalogue: directoryCatalogue(REPO_CATALOGUE), now: h.clock.now });
    try {
      const response = await app.inject({ method: 'POST', url: '/v1/admin/enrolment-tokens', headers: { authorization: 'Bearer anything-at-all-123' } });
      expect(response.statusCode).toBe(401);
      expect(ApiError.parse(response.json()).error.message).toContain('set CENTRAL_ADMIN_TOKEN');
    } finally {
      await app.close();
    }
  });

  it('refuses a token for an office the catalogue does not have', async () => {
    const response = await h.admin('POST', '/v1/admin/enrolment-tokens', { officeCode: '99.99.99' });
    expect(response.statusCode).toBe(404);
    expect(ApiError.parse(response.json()).error.code).toBe('not_found');
  });
});
