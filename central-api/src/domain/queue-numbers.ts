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
 * request id, so a retried request finds the ticket it already got instead of taking another.
 */
export type Office = { officeCode: string; timeZone: string; queue: QueueConfig };
export type TakeInput = { requestId: string; desk: string; priority: boolean };
export type TakeOutcome = { kind: 'issued' | 'again'; ticket: CentralTicket } | { kind: 'unknown_desk' } | { kind: 'other_request' };

type TicketRow = { day: string; number: string; lane: string; sequence: number; desk: string; priority: boolean; issued_at: Date };

const UNIQUE_VIOLATION = '23505';

export async function takeQueueNumber(db: Queryable, device: { id: string }, office: Office, input: TakeInput, now: Date): Promise<TakeOutcome> {
  const lane = laneFor(office.queue, input.desk, input.priority);
  if (lane === undefined) return { kind: 'unknown_desk' };
  const earlier = await again(db, device.id, office.officeCode, input);
  if (earlier !== undefined) return earlier;

  const day = officeDay(now, office.timeZone);
  let row: TicketRow | undefined;
  try {
    [row] = await db.query<TicketRow>(
      `WITH counter AS (
         INSERT INTO queue_counters AS c (office_code, day, lane, last_sequence) VALUES ($1, $2, $3, 1)
         ON CONFLICT (office_code, day, lane) DO UPDATE SET last_sequence = c.last_sequence + 1
         RETURNING last_sequence
       )
       INSERT INTO queue_tickets (office_code, day, number, source, lane, sequence, desk, priority, device_id, request_id, issued_at, received_at)
       SELECT $1, $2, $3 || '-' || lpad(last_sequence::text, greatest(3, length(last_sequence::text)), '0'), 'central', $3, last_sequence, $4, $5, $6, $7, $8, $8
       FROM counter
       RETURNING day, number, lane, sequence, desk, priority, issued_at`,
      [office.officeCode, day, lane.letter, input.desk, input.priority, device.id, input.requestId, now],
    );
  } catch (error) {
    // The same kiosk sent this request id twice at once: the other copy holds the ticket, and
    // this statement's counter step was undone with it.
    if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
    const raced = await again(db, device.id, office.officeCode, input);
    if (raced === undefined) throw error;
    return raced;
  }
  if (row === undefined) throw new Error('INSERT … RETURNING returned no row');
  // The SQL writes the number so that it is part of the same statement; it must be the one the kiosk reads.
  if (row.number !== centralNumber(row.lane, row.sequence)) throw new Error(`Queue number ${row.number} is not written as centralNumber() writes it`);
  return { kind: 'issued', ticket: await ticketOf(db, device.id, office.officeCode, row) };
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
 * and that someone holds: central numbers with a lower sequence (all committed: each held the
 * counter's lock until it was), and kiosk-issued numbers reported so far with an earlier time.
 */
async function ticketOf(db: Queryable, deviceId: string, officeCode: string, row: TicketRow): Promise<CentralTicket> {
  const [counts] = await db.query<{ ahead: number; kiosk_number: number }>(
    `SELECT
       (SELECT count(*)::int FROM queue_tickets
        WHERE office_code = $1 AND day = $2 AND lane = $3 AND called_at IS NULL AND superseded_by IS NULL
          AND ((source = 'central' AND sequence < $4) OR (source = 'kiosk' AND issued_at < $5))) AS ahead,
       (SELECT kiosk_number FROM devices WHERE id = $6) AS kiosk_number`,
    [officeCode, row.day, row.lane, row.sequence, row.issued_at, deviceId],
  );
  if (counts === undefined) throw new Error('SELECT returned no row');
  return {
    number: row.number,
    lane: row.lane,
    sequence: row.sequence,
    desk: row.desk,
    priority: row.priority,
    day: row.day,
    issuedAt: row.issued_at.toISOString(),
    ahead: counts.ahead,
    kioskNumber: counts.kiosk_number,
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
