import { MAX_KIOSK_TICKETS } from '../../../core/contract/queue';
import { fullJitterDelay, type BackoffPolicy } from '../../../core/sync/backoff';
import { errorFields, type Logger } from '../logs/logger';
import { reportKioskTickets, type CentralDeps } from './queue-central';
import type { QueueStore } from './queue-store';

/**
 * Sends the numbers this kiosk issued from its own range to the central API until it has them
 * all: on the host, on its own timer, not through the page's sync engine, so a ticket reaches the
 * office even if no page is open. Idempotent on the server (by number), so a report whose answer
 * was lost is simply sent again. While the server cannot be reached it retries with backoff
 * (full jitter: kiosks of an office that lost the server together do not return together).
 */
export type ReporterOptions = {
  store: QueueStore;
  central: CentralDeps;
  /** The office code the kiosk reports for; undefined while the config is invalid (nothing is sent then). */
  officeCode: () => Promise<string | undefined>;
  logger: Logger;
  timeoutMs: number;
  retry: BackoffPolicy;
  random: () => number;
};

export type Reporter = {
  /** A new number is waiting: send it soon (at once when the last round went well). */
  nudge(): void;
  /** The central API just answered another request: whatever waits goes now, not at the end of a backoff. */
  serverReachable(): void;
  /** Runs one round now and resolves when it is done; for start and for tests. */
  runOnce(): Promise<'idle' | 'sent' | 'failed'>;
  stop(): Promise<void>;
};

export function createKioskTicketReporter(options: ReporterOptions): Reporter {
  const log = options.logger.child('queue');
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<'idle' | 'sent' | 'failed'> | undefined;
  let stopped = false;
  const stopping = new AbortController();
  /** Nudged while a round was under way: that round may have looked for pending tickets already. */
  let nudged = false;

  async function round(): Promise<'idle' | 'sent' | 'failed'> {
    const officeCode = await options.officeCode();
    if (officeCode === undefined) return 'failed';
    const sent = new Set<string>();
    for (;;) {
      const tickets = await options.store.pending(MAX_KIOSK_TICKETS);
      if (tickets.length === 0) return sent.size > 0 ? 'sent' : 'idle';
      // An answer that left a ticket out would bring it round again: send it in a later round, not in a loop.
      if (tickets.some((ticket) => sent.has(ticket.number))) {
        log.error('queue.report_unanswered', { pending: tickets.length });
        return 'failed';
      }
      for (const ticket of tickets) sent.add(ticket.number);
      const body = tickets.map(({ requestId, number, day, desk, priority, issuedAt }) => ({ requestId, number, day, desk, priority, issuedAt }));
      const answer = await reportKioskTickets(options.central, officeCode, body, options.timeoutMs, stopping.signal);
      if (stopped) return 'failed';
      switch (answer.kind) {
        case 'ok':
          await options.store.settle(answer.value.results);
          await options.store.learnKioskNumber(answer.value.kioskNumber);
          log.info('queue.tickets_reported', { count: answer.value.results.length });
          break;
        case 'refused':
          // The whole report refused (another office, or the server has no queue for it): a
          // configuration matter for IT; tried again with backoff, in case it is fixed.
          log.error('queue.report_refused', { status: answer.status, reason: answer.reason });
          return 'failed';
        case 'failed':
          log.warn('queue.report_failed', { reason: answer.reason, pending: tickets.length });
          return 'failed';
      }
    }
  }

  function schedule(delayMs: number): void {
    if (stopped || timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      void runOnce();
    }, delayMs);
    // A pending report never keeps a stopping process alive.
    timer.unref();
  }

  function runOnce(): Promise<'idle' | 'sent' | 'failed'> {
    running ??= (async () => {
      let outcome: 'idle' | 'sent' | 'failed';
      try {
        outcome = await round();
      } catch (error) {
        log.error('queue.report_round_failed', errorFields(error));
        outcome = 'failed';
      }
      running = undefined;
      if (outcome === 'failed') {
        nudged = false;
        schedule(Math.max(1_000, fullJitterDelay(failures, options.retry, options.random)));
        failures += 1;
      } else {
        failures = 0;
        if (nudged) {
          nudged = false;
          schedule(0);
        }
      }
      return outcome;
    })();
    return running;
  }

  return {
    nudge() {
      if (running !== undefined) nudged = true;
      else schedule(failures === 0 ? 0 : Math.max(1_000, fullJitterDelay(failures, options.retry, options.random)));
    },
    serverReachable() {
      if (failures === 0) return;
      failures = 0;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      if (running !== undefined) nudged = true;
      else schedule(0);
    },
    runOnce,
    async stop() {
      stopped = true;
      stopping.abort();
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
