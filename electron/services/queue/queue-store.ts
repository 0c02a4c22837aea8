import { MAX_SEQUENCE, kioskNumberText, officeDay, type KioskTicketsResponse, type Lane } from '../../../core/contract/queue';
import { err, ok, type Result } from '../../../core/contract/result';
import { errorFields, type Logger } from '../logs/logger';
import { loadQueueFile, pruned, saveQueueFile, setAsideName, type QueueFile, type QueueFileTicket } from './queue-file';

/**
 * The queue file in memory, changed one writer at a time and written before any change is
 * answered (queue-file.ts says why). The service issues numbers here; the reporter takes the
 * pending ones and settles them with the server's answers.
 */
export type IssueRequest = {
  requestId: string;
  desk: string;
  priority: boolean;
  lane: Lane;
  kioskNumber: number;
  issuedAt: Date;
  timeZone: string;
};

export type QueueStore = {
  /** The ticket issued for this request id, if this kiosk issued one. */
  byRequest(requestId: string): Promise<QueueFileTicket | undefined>;
  issue(request: IssueRequest): Promise<Result<QueueFileTicket>>;
  /** Learnt from a server answer: the kiosk number for identities enrolled without one. */
  kioskNumber(): Promise<number | undefined>;
  learnKioskNumber(kioskNumber: number): Promise<void>;
  pending(limit: number): Promise<QueueFileTicket[]>;
  settle(results: KioskTicketsResponse['results']): Promise<void>;
  summary(): Promise<{ pending: number; refused: number; oldestPending: string | null; damaged: string | null }>;
};

export function createQueueStore(options: { file: string; logger: Logger; now: () => Date }): QueueStore {
  const log = options.logger.child('queue');
  let content: QueueFile | undefined;
  let chain: Promise<unknown> = Promise.resolve();

  /** One change at a time, each seeing the one before: two residents at once never get one number. */
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = chain.then(work, work);
    chain = run.catch(() => undefined);
    return run;
  }

  async function current(): Promise<QueueFile> {
    if (content !== undefined) return content;
    const at = options.now();
    const loaded = await loadQueueFile(options.file, at);
    if (loaded.kind === 'ok') {
      content = loaded.file;
      return content;
    }
    // Its counters are gone: numbers of the days it held could be issued twice, so none are
    // issued from this kiosk's range for the rest of today (the central API still issues them).
    log.error('queue.file_damaged', { reason: loaded.reason, setAside: loaded.setAside });
    content = { v: 1, counters: {}, tickets: [], damagedAt: at.toISOString() };
    await saveQueueFile(options.file, content);
    return content;
  }

  /** Writes the next content; on failure the counters still move on (a number skipped, never one issued twice). */
  async function commit(next: QueueFile): Promise<Result<void>> {
    try {
      await saveQueueFile(options.file, next);
      content = next;
      return ok(undefined);
    } catch (error) {
      log.error('queue.write_failed', errorFields(error));
      if (content !== undefined) content = { ...content, counters: next.counters };
      return err('unavailable', `The kiosk could not save its queue numbers (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
  }

  return {
    byRequest: (requestId) => exclusive(async () => (await current()).tickets.find((ticket) => ticket.requestId === requestId)),
    issue: (request) =>
      exclusive(async () => {
        const file = await current();
        const earlier = file.tickets.find((ticket) => ticket.requestId === request.requestId);
        if (earlier !== undefined) return ok(earlier);
        const day = officeDay(request.issuedAt, request.timeZone);
        if (file.damagedAt !== undefined && day <= officeDay(new Date(file.damagedAt), request.timeZone)) {
          return err('unavailable', 'The kiosk lost its queue counters today (a damaged file): it issues no numbers of its own until tomorrow.');
        }
        const sequence = (file.counters[day]?.[request.lane.letter] ?? 0) + 1;
        if (sequence > MAX_SEQUENCE) return err('unavailable', `Lane ${request.lane.letter} has no kiosk numbers left today.`);
        const ticket: QueueFileTicket = {
          requestId: request.requestId,
          number: kioskNumberText(request.lane.letter, request.kioskNumber, sequence),
          day,
          desk: request.desk,
          priority: request.priority,
          issuedAt: request.issuedAt.toISOString(),
          lane: request.lane.letter,
          sequence,
          state: 'pending',
        };
        const counters = { ...file.counters, [day]: { ...file.counters[day], [request.lane.letter]: sequence } };
        const written = await commit(pruned({ ...file, counters, tickets: [...file.tickets, ticket] }, day));
        return written.ok ? ok(ticket) : written;
      }),
    kioskNumber: () => exclusive(async () => (await current()).kioskNumber),
    learnKioskNumber: (kioskNumber) =>
      exclusive(async () => {
        const file = await current();
        if (file.kioskNumber === kioskNumber) return;
        if (file.kioskNumber !== undefined) log.warn('queue.kiosk_number_changed', { previousKioskNumber: file.kioskNumber, kioskNumber });
        await commit({ ...file, kioskNumber });
      }),
    pending: (limit) => exclusive(async () => (await current()).tickets.filter((ticket) => ticket.state === 'pending').slice(0, limit)),
    settle: (results) =>
      exclusive(async () => {
        const file = await current();
        const byNumber = new Map(results.map((result) => [result.number, result]));
        const tickets = file.tickets.map((ticket): QueueFileTicket => {
          const result = ticket.state === 'pending' ? byNumber.get(ticket.number) : undefined;
          if (result === undefined) return ticket;
          switch (result.outcome) {
            case 'stored':
            case 'duplicate':
              return { ...ticket, state: 'reported' };
            case 'conflict':
            case 'invalid':
              // The server will never take it as it is: kept for IT, never sent again.
              log.error('queue.ticket_refused', { queueNumber: ticket.number, outcome: result.outcome, reason: result.message ?? null });
              return { ...ticket, state: 'refused', ...(result.message === undefined ? {} : { message: result.message.slice(0, 300) }) };
          }
        });
        const written = await commit({ ...file, tickets });
        if (!written.ok) throw new Error(written.error.message);
      }),
    summary: () =>
      exclusive(async () => {
        const file = await current();
        const pendingTickets = file.tickets.filter((ticket) => ticket.state === 'pending');
        return {
          pending: pendingTickets.length,
          refused: file.tickets.filter((ticket) => ticket.state === 'refused').length,
          oldestPending: pendingTickets[0]?.issuedAt ?? null,
          damaged: file.damagedAt === undefined ? null : setAsideName(options.file, new Date(file.damagedAt)),
        };
      }),
  };
}
