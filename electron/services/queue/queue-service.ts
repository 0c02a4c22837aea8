import type { z } from 'zod';
import type { HealthCheck, ParsedInput } from '../../../core/contract/bridge';
import type { OfficeConfig } from '../../../core/config/office-config';
import { laneFor, type CentralTicket, type QueueTicket } from '../../../core/contract/queue';
import { err, ok, type Result } from '../../../core/contract/result';
import type { BackoffPolicy } from '../../../core/sync/backoff';
import { errorFields, type Logger } from '../logs/logger';
import { createKioskTicketReporter } from './kiosk-ticket-reporter';
import { takeCentralNumber, type CentralDeps } from './queue-central';
import type { QueueFileTicket } from './queue-file';
import { createQueueStore } from './queue-store';

/**
 * `queue.take`: a queue number for the resident, from the central API when it answers within
 * `centralTimeoutMs` (2 s), else from this kiosk's own range (A-K2-005), written to disk before
 * it is handed out and reported to the server later (kiosk-ticket-reporter.ts). Every way the
 * central API can fail (down, slow, refusing, the kiosk not enrolled) ends in a kiosk number:
 * the resident is never sent away without one, and the office honours both kinds.
 *
 * The request id makes it idempotent: a retried call gets the ticket already issued for it,
 * from memory (central numbers, this run) or from the queue file (kiosk numbers, across restarts),
 * and a kiosk number is never followed by a central one for the same request.
 */
export type QueueTimings = { centralTimeoutMs: number; reportTimeoutMs: number; retry: BackoffPolicy; random: () => number };
export const DEFAULT_QUEUE_TIMINGS: QueueTimings = { centralTimeoutMs: 2_000, reportTimeoutMs: 10_000, retry: { baseMs: 5_000, capMs: 5 * 60_000 }, random: Math.random };

export type QueueIdentity = { deviceId: string; officeCode: string; kioskNumber?: number | undefined };

export type QueueServiceOptions = {
  /** `<data dir>/queue/tickets.json` (storage/data-paths.ts). */
  file: string;
  logger: Logger;
  now: () => Date;
  /** The office configuration, or undefined while it is invalid. */
  office: () => Promise<OfficeConfig | undefined>;
  /** The enrolled identity, or undefined when the kiosk is not enrolled (or its identity is unusable). */
  identity: () => Promise<QueueIdentity | undefined>;
  central: CentralDeps;
  timings?: Partial<QueueTimings> | undefined;
};

export type QueueService = {
  take(input: ParsedInput<'queue.take'>): Promise<Result<QueueTicket>>;
  check(): Promise<z.infer<typeof HealthCheck>>;
  start(): Promise<void>;
  stop(): Promise<void>;
};

/** Central tickets remembered for retried calls; a resident's retry comes within seconds. */
const REMEMBERED = 200;

export function createQueueService(options: QueueServiceOptions): QueueService {
  const log = options.logger.child('queue');
  const timings = { ...DEFAULT_QUEUE_TIMINGS, ...options.timings };
  const store = createQueueStore({ file: options.file, logger: options.logger, now: options.now });
  const reporter = createKioskTicketReporter({
    store,
    central: options.central,
    officeCode: async () => (await options.office())?.code,
    logger: options.logger,
    timeoutMs: timings.reportTimeoutMs,
    retry: timings.retry,
    random: timings.random,
  });
  const remembered = new Map<string, QueueTicket>();
  const remember = (requestId: string, ticket: QueueTicket) => {
    remembered.set(requestId, ticket);
    for (const oldest of remembered.keys()) {
      if (remembered.size <= REMEMBERED) break;
      remembered.delete(oldest);
    }
  };

  const base = (office: OfficeConfig) => ({ timeZone: office.timeZone, officeCode: office.code, officeName: office.name });
  const counterOf = (office: OfficeConfig, desk: string, priority: boolean, lane: string) =>
    (office.queue === undefined ? undefined : laneFor(office.queue, desk, priority)?.counter) ?? { id: `Antrian ${lane}` };

  const fromCentral = (office: OfficeConfig, ticket: CentralTicket): QueueTicket => ({
    number: ticket.number,
    source: 'central',
    lane: ticket.lane,
    sequence: ticket.sequence,
    desk: ticket.desk,
    counter: counterOf(office, ticket.desk, ticket.priority, ticket.lane),
    priority: ticket.priority,
    ahead: ticket.ahead,
    issuedAt: ticket.issuedAt,
    day: ticket.day,
    ...base(office),
    reported: true,
  });
  const fromKiosk = (office: OfficeConfig, ticket: QueueFileTicket): QueueTicket => ({
    number: ticket.number,
    source: 'kiosk',
    lane: ticket.lane,
    sequence: ticket.sequence,
    desk: ticket.desk,
    counter: counterOf(office, ticket.desk, ticket.priority, ticket.lane),
    priority: ticket.priority,
    // This kiosk cannot know who else is waiting: it says nothing rather than a guess.
    ahead: null,
    issuedAt: ticket.issuedAt,
    day: ticket.day,
    ...base(office),
    reported: ticket.state === 'reported',
  });

  async function take(input: ParsedInput<'queue.take'>): Promise<Result<QueueTicket>> {
    const office = await options.office();
    if (office === undefined) return err('config_invalid', 'The office configuration is invalid: no queue numbers can be issued');
    if (office.queue === undefined) return err('not_found', `Office ${office.code} has no queue desks (office.json queue)`);
    const lane = laneFor(office.queue, input.desk, input.priority);
    if (lane === undefined) return err('bad_request', `Office ${office.code} has no desk ${input.desk}`, [{ path: 'desk', message: 'Not a desk of this office' }]);

    const same = (ticket: { desk: string; priority: boolean }) => ticket.desk === input.desk && ticket.priority === input.priority;
    const again = remembered.get(input.requestId) ?? (await store.byRequest(input.requestId).then((t) => (t === undefined ? undefined : fromKiosk(office, t))));
    if (again !== undefined) return same(again) ? ok(again) : err('conflict', 'This request id was used for another ticket: make a new one per ticket');

    const identity = await options.identity();
    if (identity !== undefined) {
      const answer = await takeCentralNumber(options.central, { requestId: input.requestId, officeCode: office.code, desk: input.desk, priority: input.priority }, timings.centralTimeoutMs);
      if (answer.kind === 'ok') {
        const ticket = fromCentral(office, answer.value);
        remember(input.requestId, ticket);
        reporter.serverReachable();
        if (identity.kioskNumber === undefined) await store.learnKioskNumber(answer.value.kioskNumber);
        return ok(ticket);
      }
      log.warn('queue.central_unavailable', { reason: answer.reason, status: answer.kind === 'refused' ? answer.status : null });
    }

    const kioskNumber = identity?.kioskNumber ?? (await store.kioskNumber());
    if (identity === undefined || kioskNumber === undefined) {
      return err(
        identity === undefined ? 'not_enrolled' : 'unavailable',
        identity === undefined
          ? 'This kiosk is not enrolled, so it has no kiosk number for queue numbers of its own: IT staff enrol it (npm run kiosk -- enrol).'
          : 'This kiosk has not learnt its kiosk number from the central API yet, so it cannot issue queue numbers of its own until it reaches the server once.',
      );
    }
    const issued = await store
      .issue({ requestId: input.requestId, desk: input.desk, priority: input.priority, lane, kioskNumber, issuedAt: options.now(), timeZone: office.timeZone })
      .catch((error: unknown) => {
        // The queue file could not even be read (EACCES, EIO): said plainly, never a number from a guess.
        log.error('queue.file_unreadable', errorFields(error));
        return err('unavailable', `The kiosk cannot read its queue numbers (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
      });
    if (!issued.ok) return issued;
    log.info('queue.kiosk_number_issued', { queueNumber: issued.value.number });
    reporter.nudge();
    return ok(fromKiosk(office, issued.value));
  }

  return {
    take,
    async check() {
      let summary: Awaited<ReturnType<typeof store.summary>>;
      try {
        summary = await store.summary();
      } catch (error) {
        return { name: 'queue', status: 'down', detail: `The queue file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): the kiosk cannot issue numbers of its own.` };
      }
      if (summary.damaged !== null) {
        return { name: 'queue', status: 'degraded', detail: `The queue file was found damaged and set aside as ${summary.damaged}: this kiosk issues no numbers of its own for that office day. ${summary.pending} kiosk numbers not yet reported.` };
      }
      if (summary.refused > 0) {
        return { name: 'queue', status: 'degraded', detail: `${summary.refused} kiosk-issued queue numbers were refused by the central API (see the log, queue.ticket_refused); ${summary.pending} not yet reported.` };
      }
      return summary.pending === 0
        ? { name: 'queue', status: 'ok', detail: 'Every queue number this kiosk issued itself has reached the office' }
        : { name: 'queue', status: 'ok', detail: `${summary.pending} kiosk-issued queue numbers waiting to be reported, the oldest from ${summary.oldestPending ?? '?'}` };
    },
    async start() {
      // Numbers issued before a restart and not yet reported go out now, not at the next ticket.
      try {
        if ((await store.pending(1)).length > 0) reporter.nudge();
      } catch (error) {
        log.error('queue.file_unreadable', errorFields(error));
      }
    },
    stop: () => reporter.stop(),
  };
}
