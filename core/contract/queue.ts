/**
 * Queue numbers across both boundaries: the central API's queue routes (apiRoutes in
 * central-api.ts lists them) and the ticket the host hands the renderer (`queue.take`). The
 * numbering rules are in core/queue/queue-number.ts, re-exported here for the central API, which
 * may import only core/contract.
 */
import { z } from 'zod';
import { LocalizedText } from '../config/locale';
import { AreaCode, QueueConfig } from '../config/office-config';
import { CENTRAL_NUMBER_PATTERN, DAY_PATTERN, KIOSK_NUMBER_PATTERN, MAX_KIOSK_NUMBER, MAX_SEQUENCE } from '../queue/queue-number';

export { QueueConfig };
export {
  centralNumber,
  kioskNumberText,
  laneFor,
  MAX_KIOSK_NUMBER,
  MAX_SEQUENCE,
  officeDay,
  parseQueueNumber,
  type Lane,
  type ParsedQueueNumber,
  type QueueSource,
} from '../queue/queue-number';

export const QueueRequestId = z.uuid().describe('Made by the kiosk for one ticket; the idempotency key: a retry with it gets the same number');
export const DeskId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/u).describe('A desk id of the office queue configuration (office.json queue.desks[].id)');
export const OfficeDay = z.string().regex(DAY_PATTERN).describe('The office day, YYYY-MM-DD in the office time zone');
export const KioskNumber = z.number().int().min(1).max(MAX_KIOSK_NUMBER).describe("The kiosk's number in its office, given at enrolment: the K2 of A-K2-005");
const Sequence = z.number().int().min(1).max(MAX_SEQUENCE);
const LaneLetter = z.string().regex(/^[A-Z]$/u);

// ---------------------------------------------------------------------------------------------
// Central API

export const TakeTicketRequest = z.strictObject({
  requestId: QueueRequestId,
  officeCode: AreaCode.describe("The kiosk's office; must be the office it was enrolled at (403 otherwise)"),
  desk: DeskId,
  priority: z.boolean().describe('The resident asked for priority service'),
});
export type TakeTicketRequest = z.infer<typeof TakeTicketRequest>;

export const CentralTicket = z
  .object({
    number: z.string().regex(CENTRAL_NUMBER_PATTERN).describe('A-012: the lane letter and its counter for the office day'),
    lane: LaneLetter,
    sequence: Sequence,
    desk: DeskId,
    priority: z.boolean(),
    day: OfficeDay,
    issuedAt: z.iso.datetime().describe('Server time the number was issued'),
    ahead: z
      .number()
      .int()
      .min(0)
      .describe(
        'Tickets of the same lane and office day issued before this one and not yet marked called (kiosk-issued ones reported so far included), counted when answered. ' +
          'Until officers mark tickets called, that is every earlier ticket of the lane that day',
      ),
    kioskNumber: KioskNumber,
  })
  .describe('A queue number the central API issued');
export type CentralTicket = z.infer<typeof CentralTicket>;

export const KioskTicket = z.strictObject({
  requestId: QueueRequestId,
  number: z.string().regex(KIOSK_NUMBER_PATTERN).describe('A-K2-005: lane letter, K and the kiosk number, the kiosk counter for the lane and day'),
  day: OfficeDay,
  desk: DeskId,
  priority: z.boolean(),
  issuedAt: z.iso.datetime({ offset: true }).describe('Kiosk time the number was issued; its office day must be `day`'),
});
export type KioskTicket = z.infer<typeof KioskTicket>;

export const MAX_KIOSK_TICKETS = 100;
export const KioskTicketsRequest = z.strictObject({
  officeCode: AreaCode.describe("The kiosk's office; must be the office it was enrolled at (403 otherwise)"),
  tickets: z.array(KioskTicket).min(1).max(MAX_KIOSK_TICKETS),
});

/** Per ticket, as for submissions: 201 stored, 200 duplicate (sent before), 422 conflict (that number holds another ticket), 400 invalid. */
export const KioskTicketOutcome = z.enum(['stored', 'duplicate', 'conflict', 'invalid']);
export type KioskTicketOutcome = z.infer<typeof KioskTicketOutcome>;
export const KioskTicketsResponse = z.object({
  kioskNumber: KioskNumber,
  results: z.array(
    z.object({
      number: z.string(),
      outcome: KioskTicketOutcome,
      status: z.union([z.literal(201), z.literal(200), z.literal(422), z.literal(400)]),
      message: z.string().optional(),
    }),
  ),
});
export type KioskTicketsResponse = z.infer<typeof KioskTicketsResponse>;

export const QueueDayParams = z.strictObject({ officeCode: AreaCode });
export const QueueDayQuery = z.strictObject({ day: OfficeDay });
export const QueueDayResponse = z.object({
  officeCode: AreaCode,
  day: OfficeDay,
  tickets: z
    .array(
      z.object({
        number: z.string(),
        source: z.enum(['central', 'kiosk']),
        lane: LaneLetter,
        sequence: Sequence,
        desk: DeskId,
        priority: z.boolean(),
        issuedAt: z.iso.datetime(),
        deviceId: z.string(),
        calledAt: z.iso.datetime().nullable().describe('Set once an officer calls it (officer side, later)'),
        supersededBy: z
          .string()
          .nullable()
          .describe('A central number the kiosk gave up waiting for: the resident holds this kiosk-issued number instead'),
      }),
    )
    .describe('In the order they were issued, lane by lane'),
});

// ---------------------------------------------------------------------------------------------
// Bridge (`queue.take`)

export const TakeQueueInput = z.strictObject({
  requestId: QueueRequestId.describe('One per ticket the resident asked for: a retried call returns the same ticket'),
  desk: DeskId.describe("The resident's answer to the queue service's desk step"),
  priority: z.boolean(),
});

export const QueueTicket = z
  .object({
    number: z.string().describe('What the ticket prints very large: A-012 (central API) or A-K2-005 (this kiosk, offline)'),
    source: z.enum(['central', 'kiosk']).describe('Who issued it: the central API, or this kiosk from its own range while the server could not be reached'),
    lane: LaneLetter,
    sequence: Sequence,
    desk: DeskId,
    counter: LocalizedText.describe('Where to go when called, e.g. Loket 1'),
    priority: z.boolean(),
    ahead: z
      .number()
      .int()
      .min(0)
      .nullable()
      .describe('How many are waiting ahead in this lane (central numbers); null for a kiosk-issued number: this kiosk cannot know'),
    issuedAt: z.string().describe('ISO time it was issued'),
    day: OfficeDay,
    timeZone: z.string().describe('The office time zone, for printing the time'),
    officeCode: z.string(),
    officeName: z.string(),
    reported: z.boolean().describe('The central API knows this number (false for a kiosk-issued one until the host has reported it)'),
  })
  .describe('A queue ticket: everything the printed ticket and the done screen show');
export type QueueTicket = z.infer<typeof QueueTicket>;
