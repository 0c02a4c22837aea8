import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiError, EnrolResponse } from '../../../core/contract/central-api';
import { CentralTicket, KioskTicketsResponse, QueueDayResponse, type KioskTicket } from '../../../core/contract/queue';
import { migrate, readMigrations } from '../db/migrate';
import { describeEachBackend } from '../testing/backends';
import { OFFICE, startHarness, type Harness, type TestDevice } from '../testing/harness';
import { NEIGHBOUR_OFFICE, queueCatalogue } from '../testing/queue-catalogue';
import { directoryCatalogue } from './catalogue-source';

/**
 * Kiosk-issued numbers (A-K2-005) reported to the central API, and the kiosk numbers they carry,
 * on both backends: stored once, a resend a duplicate, never another kiosk's or another office's,
 * and counted in "ahead" from then on.
 */
const DAY = '2026-03-02';
const AT = '2026-03-02T14:30:00.000+07:00'; // before the harness clock (15:00 WIB)

describeEachBackend('kiosk-issued queue numbers', (backend) => {
  let h: Harness;
  let catalogue: Awaited<ReturnType<typeof queueCatalogue>>;
  let first: TestDevice;
  let second: TestDevice;
  beforeAll(async () => {
    catalogue = await queueCatalogue();
    h = await startHarness(backend, { catalogue: directoryCatalogue(catalogue.dir) });
    first = await h.enrol('Loket depan');
    second = await h.enrol('Loket belakang');
  });
  afterAll(async () => {
    await h.close();
    await catalogue.remove();
  });

  const kioskTicket = (device: TestDevice, sequence: number, overrides: Partial<KioskTicket> = {}): KioskTicket => ({
    requestId: randomUUID(),
    number: `A-K${device.kioskNumber}-${String(sequence).padStart(3, '0')}`,
    day: DAY,
    desk: 'civil-registration',
    priority: false,
    issuedAt: AT,
    ...overrides,
  });
  const report = async (device: TestDevice, tickets: KioskTicket[], officeCode = device.officeCode) =>
    device.request('POST', '/v1/queue/kiosk-tickets', { officeCode, tickets });
  const outcomes = async (device: TestDevice, tickets: KioskTicket[]) => {
    const response = await report(device, tickets);
    expect(response.statusCode).toBe(200);
    return KioskTicketsResponse.parse(response.json());
  };
  const day = async (officeCode = OFFICE) => QueueDayResponse.parse((await h.admin('GET', `/v1/admin/offices/${officeCode}/queue?day=${DAY}`)).json()).tickets;

  it('gives each kiosk of an office its own number at enrolment, from 1', () => {
    expect([first.kioskNumber, second.kioskNumber]).toEqual([1, 2]);
  });

  it('stores a reported ticket once; the same ticket again is a duplicate, another under its number a conflict', async () => {
    const ticket = kioskTicket(first, 1);
    expect(await outcomes(first, [ticket])).toEqual({ kioskNumber: 1, results: [{ number: 'A-K1-001', outcome: 'stored', status: 201 }] });
    expect((await outcomes(first, [ticket])).results).toEqual([{ number: 'A-K1-001', outcome: 'duplicate', status: 200 }]);
    const other = { ...ticket, requestId: randomUUID(), desk: 'collect' as const };
    expect((await outcomes(first, [{ ...other, number: 'A-K1-001', desk: 'civil-registration' }])).results[0]).toMatchObject({ outcome: 'conflict', status: 422 });
    expect(await day()).toEqual([
      expect.objectContaining({ number: 'A-K1-001', source: 'kiosk', lane: 'A', sequence: 1, desk: 'civil-registration', deviceId: first.id, issuedAt: '2026-03-02T07:30:00.000Z', calledAt: null }),
    ]);
  });

  it('refuses, item by item, a number of another kiosk, the wrong lane, an unknown desk and a time off its day', async () => {
    const results = (
      await outcomes(first, [
        kioskTicket(first, 2),
        kioskTicket(second, 1), // K2 is the other kiosk's
        kioskTicket(first, 3, { desk: 'letters' }), // letters is lane B
        kioskTicket(first, 4, { desk: 'passport' }),
        kioskTicket(first, 5, { issuedAt: '2026-03-02T23:30:00.000+07:00' }), // 23:30 WIB is still the 2nd…
        kioskTicket(first, 6, { issuedAt: '2026-03-03T00:30:00.000+07:00' }), // … 00:30 WIB on the 3rd is not
        kioskTicket(first, 7, { issuedAt: '2019-12-31T23:00:00.000+07:00' }),
      ])
    ).results;
    expect(results.map((r) => [r.number, r.outcome])).toEqual([
      ['A-K1-002', 'stored'],
      ['A-K2-001', 'invalid'],
      ['A-K1-003', 'invalid'],
      ['A-K1-004', 'invalid'],
      ['A-K1-005', 'stored'],
      ['A-K1-006', 'invalid'],
      ['A-K1-007', 'invalid'],
    ]);
    expect(results[1]?.message).toBe('Number of kiosk K2; this kiosk is K1');
    expect(results[2]?.message).toBe('Desk letters is lane B, not A');
    expect(results[5]?.message).toBe('issuedAt is not on 2026-03-02 in Asia/Jakarta');
    expect((await day()).map((t) => t.number)).toEqual(['A-K1-001', 'A-K1-002', 'A-K1-005']);
    // A number that is not a kiosk's own is not a kiosk ticket at all: the contract refuses the batch.
    const central = await report(first, [kioskTicket(first, 8, { number: 'A-008' })]);
    expect(central.statusCode).toBe(400);
    expect(ApiError.parse(central.json()).error.issues?.[0]?.path).toBe('body.tickets.0.number');
  });

  it('counts reported tickets issued earlier as waiting ahead of a central number', async () => {
    const taken = await first.request('POST', '/v1/queue/tickets', { requestId: randomUUID(), officeCode: OFFICE, desk: 'civil-registration', priority: false });
    // A-K1-001 and A-K1-002 (14:30 WIB) are ahead; A-K1-005 (23:30) is not.
    expect(CentralTicket.parse(taken.json())).toMatchObject({ number: 'A-001', ahead: 2 });
  });

  it('marks a central number superseded when the kiosk gave up waiting for it and issued its own for the same request', async () => {
    const requestId = randomUUID();
    const central = CentralTicket.parse((await second.request('POST', '/v1/queue/tickets', { requestId, officeCode: OFFICE, desk: 'letters', priority: false })).json());
    expect(central.number).toBe('B-001');
    const own = kioskTicket(second, 1, { requestId, desk: 'letters', number: 'B-K2-001', issuedAt: h.clock.now().toISOString() });
    expect((await outcomes(second, [own])).results[0]?.outcome).toBe('stored');
    expect((await day()).find((t) => t.number === 'B-001')).toMatchObject({ supersededBy: 'B-K2-001' });
    // Nobody holds B-001: the next one has only B-K2-001 ahead.
    h.clock.advance(1_000);
    const next = CentralTicket.parse((await first.request('POST', '/v1/queue/tickets', { requestId: randomUUID(), officeCode: OFFICE, desk: 'letters', priority: false })).json());
    expect(next).toMatchObject({ number: 'B-002', ahead: 1 });
  });

  it("refuses another office's kiosk reporting for this office (403, nothing stored); under its own office its numbers stay there", async () => {
    const neighbour = await h.enrol('Kiosk Cikupa', NEIGHBOUR_OFFICE);
    expect(neighbour.kioskNumber).toBe(1);
    const before = await day();
    const refused = await report(neighbour, [kioskTicket(neighbour, 9)], OFFICE);
    expect(refused.statusCode).toBe(403);
    expect(ApiError.parse(refused.json()).error.code).toBe('forbidden');
    expect(await day()).toEqual(before);
    // The same number in its own office is its own office's ticket, not Tigaraksa's A-K1-009.
    expect((await outcomes(neighbour, [kioskTicket(neighbour, 9)])).results[0]?.outcome).toBe('stored');
    expect(await day()).toEqual(before);
    expect((await day(NEIGHBOUR_OFFICE)).map((t) => t.number)).toEqual(['A-K1-009']);
  });

  it('hands out distinct kiosk numbers to enrolments of one office racing each other', async () => {
    const tokens = await Promise.all(Array.from({ length: 8 }, () => h.issueToken()));
    const enrolled = await Promise.all(
      tokens.map((token, i) =>
        h.app.inject({ method: 'POST', url: '/v1/devices/enrol', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ token, name: `Race ${i}`, appVersion: '0.1.0' }) }),
      ),
    );
    const numbers = enrolled.map((response) => EnrolResponse.parse(response.json()).kioskNumber);
    expect(numbers.sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
  });
});

describeEachBackend('kiosk numbers for kiosks enrolled before queue numbers', (backend) => {
  it('numbers them per office in the order they were enrolled', async () => {
    const database = await backend.open();
    try {
      const all = await readMigrations();
      await migrate(database.db, all.filter((m) => m.version < 3));
      const enrol = (id: string, office: string, at: string) =>
        database.db.query("INSERT INTO devices (id, office_code, name, secret, app_version, enrolled_at) VALUES ($1, $2, 'k', 's', '0', $3)", [id, office, at]);
      await enrol('dev_cccccccc', OFFICE, '2026-01-03T00:00:00Z');
      await enrol('dev_aaaaaaaa', OFFICE, '2026-01-01T00:00:00Z');
      await enrol('dev_bbbbbbbb', NEIGHBOUR_OFFICE, '2026-01-02T00:00:00Z');
      await migrate(database.db, all);
      const rows = await database.db.query<{ id: string; kiosk_number: number }>('SELECT id, kiosk_number FROM devices ORDER BY id');
      expect(rows).toEqual([
        { id: 'dev_aaaaaaaa', kiosk_number: 1 },
        { id: 'dev_bbbbbbbb', kiosk_number: 1 },
        { id: 'dev_cccccccc', kiosk_number: 2 },
      ]);
    } finally {
      await database.drop();
    }
  });
});
