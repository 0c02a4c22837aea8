import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../core/contract/central-api';
import { CentralTicket, parseQueueNumber, QueueDayResponse } from '../../../core/contract/queue';
import { describeEachBackend } from '../testing/backends';
import { OFFICE, startHarness, type Harness, type TestDevice } from '../testing/harness';
import { directoryCatalogue } from './catalogue-source';
import { NEIGHBOUR_OFFICE, NO_QUEUE_OFFICE, queueCatalogue } from '../testing/queue-catalogue';

/**
 * Queue numbers from the central API (POST /v1/queue/tickets), on both backends: numbers unique
 * across every kiosk of the office and never skipped, retries answered with the ticket already
 * issued, the office day in the office's time zone, and each kiosk held to its own office.
 */
const DAY = '2026-03-02'; // the harness clock starts at 08:00 UTC, 15:00 in Asia/Jakarta

describeEachBackend('queue numbers', (backend) => {
  let h: Harness;
  let catalogue: Awaited<ReturnType<typeof queueCatalogue>>;
  let kiosks: TestDevice[];
  beforeAll(async () => {
    catalogue = await queueCatalogue();
    h = await startHarness(backend, { catalogue: directoryCatalogue(catalogue.dir) });
    kiosks = [];
    for (let i = 0; i < 20; i += 1) kiosks.push(await h.enrol(`Kiosk ${i + 1}`));
  });
  afterAll(async () => {
    await h.close();
    await catalogue.remove();
  });

  const take = (kiosk: TestDevice, body: { desk: string; priority?: boolean; requestId?: string; officeCode?: string }) =>
    kiosk.request('POST', '/v1/queue/tickets', { requestId: body.requestId ?? randomUUID(), officeCode: body.officeCode ?? kiosk.officeCode, desk: body.desk, priority: body.priority ?? false });
  const ticketOf = (response: { statusCode: number; body: string }) => {
    if (response.statusCode !== 201 && response.statusCode !== 200) throw new Error(`${response.statusCode} ${response.body}`);
    return CentralTicket.parse(JSON.parse(response.body));
  };
  const day = async (officeCode = OFFICE, which = DAY) => QueueDayResponse.parse((await h.admin('GET', `/v1/admin/offices/${officeCode}/queue?day=${which}`)).json());

  it('gives each of 20 kiosks of one office asking at the same moment its own number: consecutive, none skipped', async () => {
    const responses = await Promise.all(kiosks.map((kiosk) => take(kiosk, { desk: 'civil-registration' })));
    expect(responses.map((r) => r.statusCode)).toEqual(Array.from({ length: 20 }, () => 201));
    const tickets = responses.map(ticketOf);
    expect(tickets.map((t) => t.number).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `A-${String(i + 1).padStart(3, '0')}`));
    for (const ticket of tickets) {
      expect(ticket).toMatchObject({ lane: 'A', desk: 'civil-registration', priority: false, day: DAY, issuedAt: h.clock.now().toISOString() });
      // Nobody is called yet: everyone issued before is still waiting.
      expect(ticket.ahead).toBe(ticket.sequence - 1);
      expect(parseQueueNumber(ticket.number)).toEqual({ source: 'central', letter: 'A', sequence: ticket.sequence });
    }
    // Each kiosk learns its own number in the office with its ticket.
    expect(new Set(tickets.map((t) => t.kioskNumber)).size).toBe(20);
    expect((await day()).tickets.map((t) => t.number)).toEqual(Array.from({ length: 20 }, (_, i) => `A-${String(i + 1).padStart(3, '0')}`));
  });

  it('numbers each lane on its own: a priority lane, and two desks sharing one lane', async () => {
    const asked = await Promise.all(
      kiosks.map((kiosk, i) => take(kiosk, i % 4 === 0 ? { desk: 'letters', priority: true } : { desk: i % 2 === 0 ? 'collect' : 'information' })),
    );
    const tickets = asked.map(ticketOf);
    const lanes = (letter: string) => tickets.filter((t) => t.lane === letter).map((t) => t.sequence).sort((a, b) => a - b);
    expect(lanes('P')).toEqual([1, 2, 3, 4, 5]);
    // collect and information are both lane C, called at Loket 3.
    expect(lanes('C')).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(tickets.filter((t) => t.lane === 'P').every((t) => t.priority && t.desk === 'letters' && /^P-00[1-5]$/u.test(t.number))).toBe(true);
    // Lane A went on where it was.
    expect(ticketOf(await take(kiosks[0] as TestDevice, { desk: 'civil-registration' })).number).toBe('A-021');
  });

  it('answers a retried request with the ticket it already issued, and takes no number for it', async () => {
    const kiosk = kiosks[3] as TestDevice;
    const requestId = randomUUID();
    const first = await take(kiosk, { desk: 'letters', requestId });
    expect(first.statusCode).toBe(201);
    const again = await take(kiosk, { desk: 'letters', requestId });
    expect(again.statusCode).toBe(200);
    expect(ticketOf(again)).toEqual(ticketOf(first));
    const next = ticketOf(await take(kiosk, { desk: 'letters' }));
    expect(next.sequence).toBe(ticketOf(first).sequence + 1);
  });

  it('takes one number for a request sent five times at once, and skips none for the copies', async () => {
    const kiosk = kiosks[4] as TestDevice;
    const requestId = randomUUID();
    const copies = await Promise.all(Array.from({ length: 5 }, () => take(kiosk, { desk: 'letters', requestId })));
    expect(copies.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(copies.map((r) => ticketOf(r).number)).size).toBe(1);
    const next = ticketOf(await take(kiosk, { desk: 'letters' }));
    expect(next.sequence).toBe(ticketOf(copies[0] as never).sequence + 1);
    const lane = (await day()).tickets.filter((t) => t.lane === 'B').map((t) => t.sequence);
    expect(lane).toEqual(Array.from({ length: lane.length }, (_, i) => i + 1));
  });

  it('refuses a request id used before for another desk (422), and an unknown desk (400 on body.desk)', async () => {
    const kiosk = kiosks[5] as TestDevice;
    const requestId = randomUUID();
    expect((await take(kiosk, { desk: 'letters', requestId })).statusCode).toBe(201);
    const other = await take(kiosk, { desk: 'collect', requestId });
    expect(other.statusCode).toBe(422);
    expect(ApiError.parse(other.json()).error.code).toBe('conflict');
    const unknown = await take(kiosk, { desk: 'passport' });
    expect(unknown.statusCode).toBe(400);
    expect(ApiError.parse(unknown.json()).error.issues).toEqual([{ path: 'body.desk', message: 'Not a desk of this office' }]);
  });

  it("starts again from 1 at midnight in the office's time zone, not at UTC midnight", async () => {
    const kiosk = kiosks[6] as TestDevice;
    h.clock.advance(Date.parse('2026-03-02T16:59:59.000Z') - h.clock.now().getTime()); // 23:59:59 WIB
    expect(ticketOf(await take(kiosk, { desk: 'civil-registration' }))).toMatchObject({ day: DAY, number: 'A-022' });
    h.clock.advance(1_000); // 00:00 WIB on 3 March, still 2 March in UTC
    expect(ticketOf(await take(kiosk, { desk: 'civil-registration' }))).toMatchObject({ day: '2026-03-03', number: 'A-001', ahead: 0 });
    expect((await day(OFFICE, '2026-03-03')).tickets.map((t) => t.number)).toEqual(['A-001']);
  });

  describe('another office', () => {
    it("cannot take numbers of this office: 403, and this office's lane is untouched", async () => {
      const neighbour = await h.enrol('Kiosk Cikupa', NEIGHBOUR_OFFICE);
      const before = (await day(OFFICE, '2026-03-03')).tickets.length;
      const refused = await take(neighbour, { desk: 'civil-registration', officeCode: OFFICE });
      expect(refused.statusCode).toBe(403);
      expect(ApiError.parse(refused.json()).error.code).toBe('forbidden');
      expect((await day(OFFICE, '2026-03-03')).tickets).toHaveLength(before);
      // Its own office has its own lanes, from 1.
      expect(ticketOf(await take(neighbour, { desk: 'civil-registration' }))).toMatchObject({ number: 'A-001', kioskNumber: 1 });
      expect(ticketOf(await take(kiosks[0] as TestDevice, { desk: 'civil-registration' })).number).toBe(`A-${String(before + 1).padStart(3, '0')}`);
    });

    it('an office without queue desks answers 404', async () => {
      const kiosk = await h.enrol('Kiosk Jambe', NO_QUEUE_OFFICE);
      const response = await take(kiosk, { desk: 'civil-registration' });
      expect(response.statusCode).toBe(404);
      expect(ApiError.parse(response.json()).error.message).toMatch(/has no queue desks/u);
    });
  });
});
