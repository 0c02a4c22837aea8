import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AdminOfficer, ApiError, CreateOfficerResponse, EnrolResponse, OfficersResponse, VerifyPinResponse } from '../../../core/contract/central-api';
import { checkOfflineSignIn } from '../../../core/contract/officer-sign-in';
import { issueEnrolmentToken } from '../domain/devices';
import { describeEachBackend } from '../testing/backends';
import { OFFICE, startHarness, TestDevice, type Harness } from '../testing/harness';

/**
 * Officer sign-in as a kiosk sees it: the server checks PINs online and counts failures; the
 * officer list carries no PIN verifier, only (for badge holders) a check that needs the badge too.
 */
const PIN = '730591';
const WRONG = '307158';

describeEachBackend('officer sign-in', (backend) => {
  let h: Harness;
  let kiosk: TestDevice;
  let other: TestDevice;
  const logLines: string[] = [];
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    h = await startHarness(backend, { logger: { level: 'info', stream } });
    kiosk = await h.enrol();
    other = await h.enrol('Loket belakang');
    // A database, migrations and two enrolments: more than the default 10 s on a loaded 2-core machine.
  }, 60_000);
  afterAll(async () => h.close());

  const add = async (body: Record<string, unknown>) => {
    const response = await h.admin('POST', '/v1/admin/officers', { officeCode: OFFICE, name: 'Budi Santoso', pin: PIN, ...body });
    expect(response.statusCode, response.body).toBe(201);
    return CreateOfficerResponse.parse(response.json());
  };
  const verify = async (device: TestDevice, id: string, pin: string) => {
    const response = await device.request('POST', `/v1/officers/${id}/verify-pin`, { pin });
    expect(response.statusCode, response.body).toBe(200);
    return VerifyPinResponse.parse(response.json());
  };
  const events = (id: string) => h.db.query<{ outcome: string; consecutive_failures: number; device_id: string | null }>('SELECT outcome, consecutive_failures, device_id FROM officer_sign_in_events WHERE officer_id = $1 ORDER BY seq', [id]);

  it('checks the PIN on the server; from the 3rd wrong one in a row a growing delay, at the 10th a lock only IT lifts', async () => {
    await add({ id: 'budi', role: 'supervisor' });
    expect(await verify(kiosk, 'budi', PIN)).toEqual({ outcome: 'accepted', officer: { id: 'budi', name: 'Budi Santoso', role: 'supervisor' } });

    const seen: unknown[] = [];
    for (let failure = 1; failure <= 10; failure += 1) {
      const answer = await verify(failure % 2 === 0 ? other : kiosk, 'budi', WRONG);
      seen.push(answer);
      if (answer.outcome === 'refused' && answer.retryAfterSeconds > 0) {
        // Inside the delay not even the right PIN is checked, and the attempt is not counted.
        expect(await verify(kiosk, 'budi', PIN)).toEqual({ outcome: 'wait', retryAfterSeconds: answer.retryAfterSeconds });
        h.clock.advance(answer.retryAfterSeconds * 1000);
      }
    }
    const delays = [0, 0, 30, 60, 120, 240, 480, 900, 900, 0];
    expect(seen).toEqual(delays.map((retryAfterSeconds, i) => ({ outcome: 'refused', consecutiveFailures: i + 1, retryAfterSeconds, locked: i === 9 })));

    // Locked: the right PIN is not checked, from any kiosk, however long one waits.
    h.clock.advance(24 * 3600 * 1000);
    expect(await verify(other, 'budi', PIN)).toEqual({ outcome: 'locked' });
    const listed = OfficersResponse.parse((await kiosk.request('GET', '/v1/officers')).json()).officers.find((o) => o.id === 'budi');
    expect(listed).toEqual({ id: 'budi', name: 'Budi Santoso', role: 'supervisor', active: true, locked: true });

    const unlocked = await h.admin('POST', `/v1/admin/offices/${OFFICE}/officers/budi/unlock`);
    expect(AdminOfficer.parse(unlocked.json())).toMatchObject({ id: 'budi', locked: false, consecutiveFailures: 0 });
    expect(await verify(kiosk, 'budi', WRONG)).toMatchObject({ outcome: 'refused', consecutiveFailures: 1, retryAfterSeconds: 0 });
    expect((await verify(kiosk, 'budi', PIN)).outcome).toBe('accepted');
    // A right PIN starts the count again.
    expect(await verify(kiosk, 'budi', WRONG)).toMatchObject({ consecutiveFailures: 1 });

    // Every attempt is on record, with the kiosk that made it; never the PIN.
    const recorded = await events('budi');
    const delayed = ['refused', 'wait'];
    expect(recorded.map((e) => e.outcome)).toEqual([
      ...['pin_set', 'accepted', 'refused', 'refused'],
      ...[...delayed, ...delayed, ...delayed, ...delayed, ...delayed, ...delayed, ...delayed],
      ...['refused', 'locked', 'unlocked', 'refused', 'accepted', 'refused'],
    ]);
    expect(recorded.filter((e) => e.outcome === 'refused').map((e) => e.consecutive_failures)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 1]);
    expect(new Set(recorded.filter((e) => e.outcome === 'refused').slice(0, 10).map((e) => e.device_id))).toEqual(new Set([kiosk.id, other.id]));
    const stored = JSON.stringify(await h.db.query('SELECT * FROM officer_sign_in_events'));
    expect(stored).not.toContain(WRONG);
    const logged = logLines.filter((line) => line.includes('officer PIN not accepted'));
    expect(logged.length).toBeGreaterThanOrEqual(12);
    expect(logged.join('')).not.toContain(WRONG);
    expect(JSON.parse(logged[0] ?? '{}')).toMatchObject({ officerId: 'budi', deviceId: kiosk.id, outcome: 'refused', consecutiveFailures: 1 });
  });

  it('answers only for officers of the kiosk office, and refuses a withdrawn officer without checking', async () => {
    await add({ id: 'sari' });
    const token = await issueEnrolmentToken(h.db, '36.03.04', 60, h.clock.now());
    const enrolled = await h.app.inject({ method: 'POST', url: '/v1/devices/enrol', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ token: token.token, name: 'Kiosk lain', appVersion: '0.1.0' }) });
    const elsewhere = new TestDevice(h.app, EnrolResponse.parse(enrolled.json()), h.clock);
    const foreign = await elsewhere.request('POST', '/v1/officers/sari/verify-pin', { pin: PIN });
    expect([foreign.statusCode, ApiError.parse(foreign.json()).error.code]).toEqual([404, 'not_found']);
    expect(OfficersResponse.parse((await elsewhere.request('GET', '/v1/officers')).json()).officers).toEqual([]);
    // Nothing counted against Sari by the other office's kiosk.
    expect((await events('sari')).map((e) => e.outcome)).toEqual(['pin_set']);

    const unsigned = await h.app.inject({ method: 'POST', url: '/v1/officers/sari/verify-pin', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ pin: PIN }) });
    expect(unsigned.statusCode).toBe(401);
    const malformed = await kiosk.request('POST', '/v1/officers/sari/verify-pin', { pin: '12ab56' });
    expect([malformed.statusCode, ApiError.parse(malformed.json()).error.issues?.[0]?.path]).toEqual([400, 'body.pin']);

    await h.admin('POST', `/v1/admin/offices/${OFFICE}/officers/sari/deactivate`);
    expect(await verify(kiosk, 'sari', PIN)).toEqual({ outcome: 'inactive' });
    expect((await h.admin('POST', `/v1/admin/offices/${OFFICE}/officers/nobody/unlock`)).statusCode).toBe(404);
  });

  it('gives each kiosk its own PIN + badge verifier, which the PIN alone cannot open', async () => {
    const created = await add({ id: 'eko', badge: true });
    expect(created).toMatchObject({ id: 'eko', hasBadge: true, active: true });
    const badge = created.badgeCode ?? '';
    expect(badge).toMatch(/^TTB1-[0-9A-F]{32}$/u);
    // The server kept nothing the badge code can be read back from.
    expect(JSON.stringify(await h.db.query("SELECT * FROM officers WHERE id = 'eko'"))).not.toContain(badge.slice(5).toLowerCase());
    expect(JSON.stringify(await h.db.query("SELECT * FROM officers WHERE id = 'eko'"))).not.toContain(badge.slice(5));

    const entryFor = async (device: TestDevice) => {
      const officer = OfficersResponse.parse((await device.request('GET', '/v1/officers')).json()).officers.find((o) => o.id === 'eko');
      if (officer?.offline === undefined) throw new Error('no offline entry');
      return officer.offline;
    };
    const mine = await entryFor(kiosk);
    const theirs = await entryFor(other);
    expect(mine.badgeId).toBe(theirs.badgeId);
    expect(mine.verifier).not.toBe(theirs.verifier);
    expect(mine.kdf).toMatchObject({ name: 'scrypt', N: 32_768, r: 8, p: 1 });

    const context = { officeCode: OFFICE, officerId: 'eko', deviceId: kiosk.id };
    // The kiosk's check (the reference scrypt in core) agrees with the server's (node:crypto).
    expect(await checkOfflineSignIn(mine, context, badge, PIN)).toBe(true);
    expect(await checkOfflineSignIn(mine, context, badge.toLowerCase(), PIN)).toBe(true);
    expect(await checkOfflineSignIn(mine, context, badge, WRONG)).toBe(false);
    const anotherBadge = `TTB1-${'0'.repeat(32)}`;
    expect(await checkOfflineSignIn(mine, context, anotherBadge, PIN)).toBe(false);
    // Another kiosk's verifier does not open on this one.
    expect(await checkOfflineSignIn(theirs, context, badge, PIN)).toBe(false);

    // A new PIN without --badge ends offline sign-in; with it, a new badge replaces the old one.
    await add({ id: 'eko', pin: '824639' });
    expect((await kiosk.request('GET', '/v1/officers')).json<{ officers: { id: string; offline?: unknown }[] }>().officers.find((o) => o.id === 'eko')?.offline).toBeUndefined();
    const again = await add({ id: 'eko', pin: '824639', badge: true });
    expect(again.badgeCode).not.toBe(badge);
    expect(await checkOfflineSignIn(await entryFor(kiosk), context, badge, '824639')).toBe(false);
    expect(await checkOfflineSignIn(await entryFor(kiosk), context, again.badgeCode ?? '', '824639')).toBe(true);
  }, 60_000);

  it('refuses common PINs at creation, saying why without repeating the PIN', async () => {
    const cases: [string, RegExp][] = [
      ['123456', /sequence/u],
      ['000000', /one digit repeated/u],
      ['111111', /one digit repeated/u],
      ['654321', /sequence/u],
      ['121212', /repeats a short group/u],
      ['123321', /reads the same backwards/u],
      ['112233', /doubled/u],
      ['170845', /reads as a date/u],
      ['159753', /most often/u],
      ['147258', /most often/u],
    ];
    for (const [pin, why] of cases) {
      const response = await h.admin('POST', '/v1/admin/officers', { officeCode: OFFICE, id: 'weak', name: 'Weak', pin });
      expect(response.statusCode, pin).toBe(400);
      const { error } = ApiError.parse(response.json());
      expect(error.issues?.[0]?.path, pin).toBe('body.pin');
      expect(error.message, pin).toMatch(why);
      expect(response.body, pin).not.toContain(pin);
    }
    expect(await h.db.query("SELECT 1 FROM officers WHERE id = 'weak'")).toHaveLength(0);
  });
});
