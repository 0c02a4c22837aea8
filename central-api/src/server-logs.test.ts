import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from './testing/backends';
import { ADMIN_TOKEN, startHarness, type Harness } from './testing/harness';

/**
 * The central API's request log, captured as it is written: a URL is logged as the route it
 * matched with only the listed query parameters, so what a client puts in a path or a query
 * (a name, a NIK) never reaches the log; an error keeps its message but not the row it quotes.
 */
const NAME = 'Siti Aminah';
const NIK = '3603031708900001';
const pglite = BACKENDS.find((backend) => backend.name === 'pglite');
if (pglite === undefined) throw new Error('the PGlite backend is always there');

describe('central API log', () => {
  let h: Harness;
  let written = '';
  const lines = () =>
    written
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.toString();
        done();
      },
    });
    h = await startHarness(pglite, { logger: { level: 'info', stream } });
  });
  afterAll(async () => h.close());

  it('logs the route and the listed query parameters, never other values of the URL', async () => {
    written = '';
    const query = `since=12&limit=5&nama=${encodeURIComponent(NAME)}&nik=${NIK}&${encodeURIComponent(NAME)}=1`;
    expect((await h.app.inject({ method: 'GET', url: `/v1/submissions/changes?${query}` })).statusCode).toBe(401);
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    expect((await h.app.inject({ method: 'GET', url: `/v1/admin/submissions/${encodeURIComponent(NAME)}`, headers: admin })).statusCode).toBe(400);
    expect((await h.app.inject({ method: 'GET', url: `/v1/warga/${encodeURIComponent(NAME)}/${NIK}` })).statusCode).toBe(404);

    expect(written).not.toMatch(/Siti|Aminah|3603031708900001/u);
    const requests = lines()
      .filter((line) => line['msg'] === 'incoming request')
      .map((line) => line['req']);
    expect(requests).toEqual([
      expect.objectContaining({ method: 'GET', url: '/v1/submissions/changes?since=12&limit=5', unlistedQuery: 3 }),
      expect.objectContaining({ method: 'GET', url: '/v1/admin/submissions/:id' }),
      expect.objectContaining({ method: 'GET', url: '(no route)' }),
    ]);
    // The answers are still logged, with what IT needs.
    expect(lines().filter((line) => line['msg'] === 'request refused').map((line) => line['status'])).toEqual([401, 400, 404]);
  });

  it('logs an error by its type, message, code and stack, not the row a database error quotes', async () => {
    written = '';
    await h.db.exec('CREATE TEMP TABLE log_probe (nama text PRIMARY KEY)');
    await h.db.query('INSERT INTO log_probe VALUES ($1)', [NAME]);
    const failure = await h.db.query('INSERT INTO log_probe VALUES ($1)', [NAME]).then(
      () => undefined,
      (error: unknown) => error,
    );
    // The standard serializer would have written this detail: the test is only worth it if it is there.
    expect(failure).toMatchObject({ detail: expect.stringContaining(NAME) as unknown });
    h.app.log.error({ err: failure }, 'probe failed');
    expect(written).not.toMatch(/Siti|Aminah/u);
    expect(lines().at(-1)).toMatchObject({ msg: 'probe failed', err: { message: expect.stringMatching(/duplicate key/u) as unknown, code: '23505' } });
  });
});
