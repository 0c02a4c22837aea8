import { laneFor, officeDay, parseQueueNumber, type KioskTicket, type KioskTicketsResponse } from '../../../core/contract/queue';
import type { Queryable } from '../db/database';
import type { Office } from './queue-numbers';

/**
 * Numbers a kiosk issued from its own range while it could not reach this server (A-K2-005),
 * reported afterwards. The office honoured them at the counter already; here they join the day's
 * queue so that officers, call displays and later "ahead" counts know them.
 *
 * Idempotent by number (office, day, number): the same ticket sent again is a duplicate; another
 * ticket under that number is a conflict, kept out. A ticket is refused as invalid when its number
 * is not this kiosk's (another kiosk number), its desk or lane does not match the office's queue,
 * or its time is not on its day: the kiosk keeps it for IT rather than sending it again.
 */
export type ReportResult = KioskTicketsResponse['results'][number];

/** Kiosk clocks can be wrong; a time before this, or days ahead of the server, is a broken clock or a forgery. */
const EARLIEST = Date.parse('2020-01-01T00:00:00Z');
const MAX_AHEAD_MS = 2 * 24 * 3_600_000;

export async function reportKioskTickets(
  db: Queryable,
  device: { id: string; kioskNumber: number },
  office: Office,
  tickets: readonly KioskTicket[],
  now: Date,
): Promise<ReportResult[]> {
  const results: ReportResult[] = [];
  for (const ticket of tickets) results.push(await reportOne(db, device, office, ticket, now));
  return results;
}

async function reportOne(db: Queryable, device: { id: string; kioskNumber: number }, office: Office, ticket: KioskTicket, now: Date): Promise<ReportResult> {
  const invalid = (message: string): ReportResult => ({ number: ticket.number, outcome: 'invalid', status: 400, message });
  const parsed = parseQueueNumber(ticket.number);
  if (parsed?.source !== 'kiosk') return invalid('Not a kiosk-issued number (lane letter, K and the kiosk number, then three or four digits)');
  if (parsed.kioskNumber !== device.kioskNumber) return invalid(`Number of kiosk K${parsed.kioskNumber}; this kiosk is K${device.kioskNumber}`);
  const lane = laneFor(office.queue, ticket.desk, ticket.priority);
  if (lane === undefined) return invalid(`The office has no desk ${ticket.desk}`);
  if (lane.letter !== parsed.letter) return invalid(`Desk ${ticket.desk}${ticket.priority ? ' (priority)' : ''} is lane ${lane.letter}, not ${parsed.letter}`);
  const issuedAt = new Date(ticket.issuedAt);
  if (Number.isNaN(issuedAt.getTime()) || issuedAt.getTime() < EARLIEST || issuedAt.getTime() > now.getTime() + MAX_AHEAD_MS) {
    return invalid('issuedAt is not a plausible time: check the kiosk clock');
  }
  if (officeDay(issuedAt, office.timeZone) !== ticket.day) return invalid(`issuedAt is not on ${ticket.day} in ${office.timeZone}`);

  const stored = await db.query(
    `INSERT INTO queue_tickets (office_code, day, number, source, lane, sequence, desk, priority, device_id, request_id, issued_at, received_at)
     VALUES ($1, $2, $3, 'kiosk', $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (office_code, day, number) DO NOTHING RETURNING number`,
    [office.officeCode, ticket.day, ticket.number, parsed.letter, parsed.sequence, ticket.desk, ticket.priority, device.id, ticket.requestId, issuedAt, now],
  );
  if (stored.length === 0) {
    const [held] = await db.query<{ device_id: string; request_id: string; desk: string; priority: boolean; issued_at: Date }>(
      'SELECT device_id, request_id, desk, priority, issued_at FROM queue_tickets WHERE office_code = $1 AND day = $2 AND number = $3',
      [office.officeCode, ticket.day, ticket.number],
    );
    const same =
      held !== undefined &&
      held.device_id === device.id &&
      held.request_id === ticket.requestId &&
      held.desk === ticket.desk &&
      held.priority === ticket.priority &&
      held.issued_at.getTime() === issuedAt.getTime();
    return same
      ? { number: ticket.number, outcome: 'duplicate', status: 200 }
      : { number: ticket.number, outcome: 'conflict', status: 422, message: 'This number already holds another ticket' };
  }
  // The kiosk gave up waiting for the central API and issued this instead: if the server had in
  // fact issued a number for the same request, nobody holds that one.
  await db.query(
    `UPDATE queue_tickets SET superseded_by = $3 WHERE device_id = $1 AND request_id = $2 AND source = 'central' AND superseded_by IS NULL`,
    [device.id, ticket.requestId, ticket.number],
  );
  return { number: ticket.number, outcome: 'stored', status: 201 };
}

/** The kiosk's number in its office, given at enrolment (migrations/003_queue_numbers.sql). */
export async function kioskNumberOf(db: Queryable, deviceId: string): Promise<number> {
  const [row] = await db.query<{ kiosk_number: number }>('SELECT kiosk_number FROM devices WHERE id = $1', [deviceId]);
  if (row === undefined) throw new Error(`No device ${deviceId}`);
  return row.kiosk_number;
}
