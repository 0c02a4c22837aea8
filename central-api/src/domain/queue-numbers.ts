import { centralNumber, laneFor, officeDay, type CentralTicket, type QueueConfig } from '../../../core/contract/queue';
import type { Queryable } from '../db/database';

/**
 * Queue numbers the central API issues: one counter per office, office day and lane, shared by
 * every kiosk of the office (migrations/003_queue_numbers.sql).
 *
 * Taking a number is one statement: the counter's upsert and the ticket's insert together. The
 * upsert's row lock makes kiosks asking at the same moment take turns (PostgreSQL holds it to
 * the end of that statement's transaction, which is the statement itself); PGlite runs one
 * statement at a time anyway. If the ticket cannot be stored, the statement fails whole and the
 * counter goes back with it, so no number is ever skipped. A ticket is unique per kiosk and
 * request id, so a retried request fails that insert and finds the ticket it already got.
 */
export type Office = { officeCode: string; timeZone: string; queue: QueueConfig };
export type TakeInput = { requestId: string; desk: string; priority: boolean };
export type TakeOutcome = { kind: 'issued' | 'again'; ticket: CentralTicket } | { kind: 'unknown_desk' } | { kind: 'other_request' };

type TicketRow = { day: string; number: string; lane: string; sequence: number; desk: string; priority: boolean; issued_at: Date };

const UNIQUE_VIOLATION = '23505';

export async function takeQueueNumber(db: Queryable, device: { id: string }, office: Office, input: TakeInput, now: Date): Promise<TakeOutcome> {
  const lane = laneFor(office.queue, input.desk, input.priority);
  if (lane === undefined) return { kind: 'unknown_desk' };
  const day = officeDay(now, office.timeZone);
  let row: (TicketRow & { ahead: number; kiosk_number: number }) | undefined;
  try {
    // "Ahead" (aheadOf) in the same statement: one round trip while kiosks queue on the lock.
    [row] = await db.query<TicketRow & { ahead: number; kiosk_number: number }>(
      `WITH counter AS (
         INSERT INTO queue_counters AS c (office_code, day, lane, last_sequence) VALUES ($1, $2, $3, 1)
         ON CONFLICT (office_code, day, lane) DO UPDATE SET last_sequence = c.last_sequence + 1
         RETURNING last_sequence
       ), ticket AS (
         INSERT INTO queue_tickets (office_code, day, number, source, lane, sequence, desk, priority, device_id, request_id, issued_at, received_at)
         SELECT $1, $2, $3 || '-' || lpad(last_sequence::text, greatest(3, length(last_sequence::text)), '0'), 'central', $3, last_sequence, $4, $5, $6, $7, $8, $8
         FROM counter
         RETURNING day, number, lane, sequence, desk, priority, issued_at
       )
       SELECT t.day, t.number, t.lane, t.sequence, t.desk, t.priority, t.issued_at, ${aheadOf('t.sequence', 't.issued_at')} AS ahead,
         (SELECT kiosk_number FROM devices WHERE id = $6) AS kiosk_number
       FROM ticket t`,
      [office.officeCode, day, lane.letter, input.desk, input.priority, device.id, input.requestId, now],
    );
  } catch (error) {
    // This kiosk sent this request id before (a retry, or two copies at once): it gets the ticket
    // it already has, and this statement's counter step was undone with it.
    if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
    const earlier = await again(db, device.id, office.officeCode, input);
    if (earlier === undefined) throw error;
    return earlier;
  }
  if (row === undefined) throw new Error('INSERT … RETURNING returned no row');
  // The SQL writes the number so that it is part of the same statement; it must be the one the kiosk reads.
  if (row.number !== centralNumber(row.lane, row.sequence)) throw new Error(`Queue number ${row.number} is not written as centralNumber() writes it`);
  return { kind: 'issued', ticket: centralTicket(row, row.ahead, row.kiosk_number) };
}

/** The ticket this kiosk already got for this request id, if any: the same one, or a refusal when it was for another desk. */
async function again(db: Queryable, deviceId: string, officeCode: string, input: TakeInput): Promise<TakeOutcome | undefined> {
  const [row] = await db.query<TicketRow & { office_code: string }>(
    `SELECT office_code, day, number, lane, sequence, desk, priority, issued_at FROM queue_tickets
     WHERE device_id = $1 AND request_id = $2 AND source = 'central'`,
    [deviceId, input.requestId],
  );
  if (row === undefined) return undefined;
  if (row.office_code !== officeCode || row.desk !== input.desk || row.priority !== input.priority) return { kind: 'other_request' };
  return { kind: 'again', ticket: await ticketOf(db, deviceId, officeCode, row) };
}

/**
 * "Ahead", counted now: tickets of the lane and day issued before this one that nobody has called
 * and that someone holds: central numbers with a lower sequence, and kiosk-issued numbers reported
 * so far with an earlier time. Every central number below this one exists (none is ever skipped,
 * and each held the counter's lock until it was committed), so their count is sequence - 1, less
 * those called or superseded; both counts run on small partial indexes (migration 003), so the
 * cost does not grow with the day's queue. `$1` office, `$2` day, `$3` lane.
 */
function aheadOf(sequence: string, issuedAt: string): string {
  return `(${sequence} - 1
    - (SELECT count(*)::int FROM queue_tickets q WHERE q.office_code = $1 AND q.day = $2 AND q.lane = $3 AND q.source = 'central'
         AND (q.called_at IS NOT NULL OR q.superseded_by IS NOT NULL) AND q.sequence < ${sequence})
    + (SELECT count(*)::int FROM queue_tickets q WHERE q.office_code = $1 AND q.day = $2 AND q.lane = $3 AND q.source = 'kiosk'
         AND q.called_at IS NULL AND q.issued_at < ${issuedAt}))`;
}

async function ticketOf(db: Queryable, deviceId: string, officeCode: string, row: TicketRow): Promise<CentralTicket> {
  const [counts] = await db.query<{ ahead: number; kiosk_number: number }>(
    `SELECT ${aheadOf('$4::int', '$5::timestamptz')} AS ahead, (SELECT kiosk_number FROM devices WHERE id = $6) AS kiosk_number`,
    [officeCode, row.day, row.lane, row.sequence, row.issued_at, deviceId],
  );
  if (counts === undefined) throw new Error('SELECT returned no row');
  return centralTicket(row, counts.ahead, counts.kiosk_number);
}

function centralTicket(row: TicketRow, ahead: number, kioskNumber: number): CentralTicket {
  return {
    number: row.number,
    lane: row.lane,
    sequence: row.sequence,
    desk: row.desk,
    priority: row.priority,
    day: row.day,
    issuedAt: row.issued_at.toISOString(),
    ahead,
    kioskNumber,
  };
}

export type QueueDayTicket = {
  number: string;
  source: 'central' | 'kiosk';
  lane: string;
  sequence: number;
  desk: string;
  priority: boolean;
  issuedAt: string;
  deviceId: string;
  calledAt: string | null;
  supersededBy: string | null;
};

/** Every ticket of an office day, lane by lane in the order issued (central before kiosk-issued at the same instant). */
export async function queueDay(db: Queryable, officeCode: string, day: string): Promise<QueueDayTicket[]> {
  const rows = await db.query<{
    number: string;
    source: 'central' | 'kiosk';
    lane: string;
    sequence: number;
    desk: string;
    priority: boolean;
    issued_at: Date;
    device_id: string;
    called_at: Date | null;
    superseded_by: string | null;
  }>(
    `SELECT number, source, lane, sequence, desk, priority, issued_at, device_id, called_at, superseded_by FROM queue_tickets
     WHERE office_code = $1 AND day = $2 ORDER BY lane, issued_at, source, sequence`,
    [officeCode, day],
  );
  return rows.map((row) => ({
    number: row.number,
    source: row.source,
    lane: row.lane,
    sequence: row.sequence,
    desk: row.desk,
    priority: row.priority,
    issuedAt: row.issued_at.toISOString(),
    deviceId: row.device_id,
    calledAt: row.called_at?.toISOString() ?? null,
    supersededBy: row.superseded_by,
  }));
}
