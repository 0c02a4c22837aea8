/**
 * Queue numbers (Nomor Antrian), pure: which lane a desk's ticket goes to, the office day a
 * ticket belongs to, and how a number is written and read back. The central API, the kiosk host
 * and the tests share these, so a number means the same thing wherever it is read.
 *
 * Two kinds of number, never confused:
 * - the central API's, one counter per office, day and lane, the same for every kiosk: `A-012`;
 * - a kiosk's own, when it cannot reach the central API: lane letter, `K` and the kiosk's number
 *   in its office (given at enrolment), then the kiosk's own counter for that lane and day:
 *   `A-K2-005`. The `K` part makes it unmistakable on paper and on a call display, and two kiosks
 *   of an office never share a kiosk number, so no two tickets of an office and day are alike.
 */
import type { QueueConfig, QueueLane } from '../config/office-config';
import { calendarDateIn, formatIsoDate } from '../flow/flow-date';

/** At least three digits: `A-007` lines up on a call display; the 1,000th of a day is `A-1000`. */
const SEQUENCE_DIGITS = 3;
export const MAX_SEQUENCE = 9_999;
export const MAX_KIOSK_NUMBER = 999;

export const CENTRAL_NUMBER_PATTERN = /^([A-Z])-(\d{3,4})$/u;
export const KIOSK_NUMBER_PATTERN = /^([A-Z])-K([1-9]\d{0,2})-(\d{3,4})$/u;
export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/u;

export type QueueSource = 'central' | 'kiosk';
export type ParsedQueueNumber = { letter: string; sequence: number } & ({ source: 'central' } | { source: 'kiosk'; kioskNumber: number });

/** The lane a ticket is numbered in: the letter, the counter that calls it, and whether it is a priority lane. */
export type Lane = QueueLane & { priority: boolean };

/**
 * The office day of an instant, `YYYY-MM-DD` in the office's time zone: numbering starts again
 * at 1 at local midnight, not at UTC midnight (07:00 in WIB, when the office is open).
 */
export function officeDay(at: Date, timeZone: string): string {
  return formatIsoDate(calendarDateIn(at, timeZone));
}

const pad = (sequence: number) => String(sequence).padStart(SEQUENCE_DIGITS, '0');

export function centralNumber(letter: string, sequence: number): string {
  return `${letter}-${pad(sequence)}`;
}

export function kioskNumberText(letter: string, kioskNumber: number, sequence: number): string {
  return `${letter}-K${kioskNumber}-${pad(sequence)}`;
}

/** A number as written on a ticket, or null when it is neither kind (or out of range). */
export function parseQueueNumber(text: string): ParsedQueueNumber | null {
  const central = CENTRAL_NUMBER_PATTERN.exec(text);
  if (central?.[1] !== undefined && central[2] !== undefined) {
    const sequence = Number(central[2]);
    // One spelling per number: A-1 and A-0012 are not.
    return sequence >= 1 && centralNumber(central[1], sequence) === text ? { source: 'central', letter: central[1], sequence } : null;
  }
  const kiosk = KIOSK_NUMBER_PATTERN.exec(text);
  if (kiosk?.[1] !== undefined && kiosk[2] !== undefined && kiosk[3] !== undefined) {
    const [kioskNumber, sequence] = [Number(kiosk[2]), Number(kiosk[3])];
    return sequence >= 1 && kioskNumberText(kiosk[1], kioskNumber, sequence) === text ? { source: 'kiosk', letter: kiosk[1], kioskNumber, sequence } : null;
  }
  return null;
}

/**
 * The lane for a desk: a priority ticket goes to the desk's own priority lane, else the office's,
 * else (an office without a priority lane) the desk's own lane. Undefined for a desk the office
 * does not have.
 */
export function laneFor(queue: Pick<QueueConfig, 'desks' | 'priority'>, deskId: string, priority: boolean): Lane | undefined {
  const desk = queue.desks.find((candidate) => candidate.id === deskId);
  if (desk === undefined) return undefined;
  const priorityLane = priority ? (desk.priority ?? queue.priority) : undefined;
  if (priorityLane !== undefined) return { letter: priorityLane.letter, counter: priorityLane.counter, priority: true };
  return { letter: desk.letter, counter: desk.counter, priority: false };
}
