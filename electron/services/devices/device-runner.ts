import type { DeviceDiagnostics, DeviceStatus, PrinterRole, PrintOutcome } from '../../../core/contract/devices';
import { err, ok, type Result } from '../../../core/contract/result';
import type { ReceiptDocument } from '../../../core/receipt/receipt-document';
import { backoffCeiling, type BackoffPolicy } from '../../../core/sync/backoff';
import { errorFields, type Logger } from '../logs/logger';
import type { Condition } from './escpos/status';
import type { Printer } from './printer';
import type { Scheduler } from './scheduler';

/**
 * Runs one configured printer: one piece of work at a time (a receipt, a test page, a status
 * check), the state it reports on the status stream, and how often it is asked. A healthy printer
 * is asked every `pollMs`, so paper out shows on the office panel before a resident waits on it;
 * one in error is asked again after 1, 2, 4 … 60 s, so a printer switched back on or plugged back
 * in is ready again within a minute, without anyone restarting the kiosk.
 */
export const RECONNECT: BackoffPolicy = { baseMs: 1000, capMs: 60_000 };

export type RunnerOptions = {
  role: PrinterRole;
  printer: Printer;
  pollMs: number;
  /** The most a job may take, queue wait included: the bridge's caller gets its answer before its own timeout. */
  jobBudgetMs: number;
  scheduler: Scheduler;
  logger: Logger;
  onStatus: (status: DeviceStatus) => void;
};

export type Runner = {
  status(): DeviceStatus;
  diagnostics(): DeviceDiagnostics;
  print(document: ReceiptDocument, what: { reprint: boolean }): Promise<Result<PrintOutcome>>;
  start(): void;
  /** Waits for the work in hand; no new check is scheduled after. */
  stop(): Promise<void>;
};

export function createRunner(options: RunnerOptions): Runner {
  const { role, printer, scheduler } = options;
  const log = options.logger.child('devices');
  const iso = () => scheduler.now().toISOString();
  let status: DeviceStatus = { role, driver: printer.driver, simulated: printer.simulated, state: 'busy', reason: null, detail: 'Checking the printer', since: iso() };
  let lastError: DeviceDiagnostics['lastError'] = null;
  let lastPrintAt: string | null = null;
  let printed = 0;
  let failed = 0;
  let attempt = 0;
  let waiting = 0;
  let stopped = false;
  let cancelCheck: (() => void) | undefined;
  let work: Promise<unknown> = Promise.resolve();

  /** One piece of work at a time: a printer mid-receipt must not be asked for its state by another connection. */
  function exclusive<T>(task: () => Promise<T>): Promise<T> {
    waiting += 1;
    const next = work.then(task).finally(() => {
      waiting -= 1;
    });
    work = next.catch(() => undefined);
    return next;
  }

  function show(state: DeviceStatus['state'], reason: DeviceStatus['reason'], detail: string): void {
    if (status.state === state && status.reason === reason && status.detail === detail) return;
    const was = status.state;
    status = { ...status, state, reason, detail, since: iso() };
    if (state === 'error' || state === 'warning') {
      lastError = { at: status.since, reason: reason ?? 'offline', detail };
      log.warn('device.state_changed', { role, driver: printer.driver, state, code: reason, reason: detail });
    } else if (was === 'error' || was === 'warning') {
      log.info('device.state_changed', { role, driver: printer.driver, state, reason: detail });
    }
    options.onStatus(status);
  }

  const apply = (condition: Condition) => show(condition.state, condition.reason, condition.detail);

  function scheduleCheck(): void {
    cancelCheck?.();
    if (stopped) return;
    const delay = status.state === 'error' ? backoffCeiling(attempt++, RECONNECT) : options.pollMs;
    if (status.state !== 'error') attempt = 0;
    cancelCheck = scheduler.after(delay, () => {
      cancelCheck = undefined;
      void check();
    });
  }

  async function check(): Promise<void> {
    // A job in hand reports the state itself; checking behind it would only wait in line.
    if (stopped || waiting > 0) return scheduleCheck();
    try {
      const condition = await exclusive(() => printer.probe(Date.now() + options.jobBudgetMs));
      if (stopped) return;
      apply(condition);
    } catch (error) {
      log.error('device.check_failed', { role, ...errorFields(error) });
    }
    scheduleCheck();
  }

  return {
    status: () => status,
    diagnostics: () => ({ ...status, connection: printer.connection, model: printer.model, lastError, lastPrintAt, printed, failed }),
    async print(document, what) {
      const deadline = Date.now() + options.jobBudgetMs;
      const started = Date.now();
      const report = await exclusive(async () => {
        if (Date.now() >= deadline) return undefined;
        const before = status;
        show('busy', null, document.kind === 'test' ? 'Printing a test page' : 'Printing a receipt');
        try {
          return await printer.print(document, deadline);
        } catch (error) {
          // A bug (the encoder refusing a document), not the printer: it keeps the state it had.
          show(before.state, before.reason, before.detail);
          throw error;
        }
      });
      const elapsedMs = Date.now() - started;
      if (report === undefined) {
        failed += 1;
        log.warn('device.print_failed', { role, code: 'queue_timeout', elapsedMs });
        return err('timeout', 'The printer was busy with other receipts for too long; nothing was printed.');
      }
      apply(report.condition);
      attempt = 0;
      scheduleCheck();
      if (!report.delivered) {
        failed += 1;
        log.warn('device.print_failed', { role, driver: printer.driver, code: report.condition.reason, reason: report.condition.detail, elapsedMs, reprint: what.reprint });
        return err(report.condition.reason === 'no_answer' ? 'timeout' : 'unavailable', report.condition.detail);
      }
      printed += 1;
      lastPrintAt = iso();
      log.info('device.printed', { role, driver: printer.driver, document: document.kind, bytes: report.bytes, elapsedMs, reprint: what.reprint });
      return ok({ printedAt: lastPrintAt, role, simulated: printer.simulated, bytes: report.bytes, status });
    },
    start() {
      void check();
    },
    async stop() {
      stopped = true;
      cancelCheck?.();
      await work;
    },
  };
}
