import type { z } from 'zod';
import type { DeviceConfig } from '../../../core/config/device-config';
import type { BridgeHandlers, HealthCheck } from '../../../core/contract/bridge';
import type { DeviceStatus, PrinterRole } from '../../../core/contract/devices';
import { err, missingCase, ok, type Issue, type Result } from '../../../core/contract/result';
import type { OfficeConfig } from '../../../core/config/office-config';
import { submissionReceipt } from '../../../core/receipt/submission-receipt';
import { testPage } from '../../../core/receipt/test-page';
import type { Logger } from '../logs/logger';
import { readDeviceConfig } from './device-config-file';
import { createRunner, type Runner } from './device-runner';
import { escPosPrinter } from './escpos/escpos-printer';
import type { Printer } from './printer';
import { realScheduler, type Scheduler } from './scheduler';
import { simulatedPrinter } from './simulated-printer';

/**
 * The host's devices behind the bridge: reads devices.json at start, runs each configured printer,
 * and answers `devices.status`, `devices.diagnostics`, `devices.testPrint` and
 * `printer.printReceipt`. Every change of a device's state is pushed as `device.statusChanged`.
 */
export type DevicesOptions = {
  configFile: string;
  logger: Logger;
  scheduler?: Scheduler | undefined;
  /** The office for the receipt's name, address and time zone; undefined while its config is invalid. */
  office: () => Promise<OfficeConfig | undefined>;
  onStatus: (status: DeviceStatus) => void;
};

type DeviceRequest = 'devices.status' | 'devices.diagnostics' | 'devices.testPrint' | 'printer.printReceipt';

export type Devices = {
  handlers: Pick<BridgeHandlers, DeviceRequest>;
  statuses(): DeviceStatus[];
  checks(): z.infer<typeof HealthCheck>[];
  start(): Promise<void>;
  stop(): Promise<void>;
};

export const PRINTER_ROLES: readonly PrinterRole[] = ['receiptPrinter', 'documentPrinter'];

/** A simulated job's budget and a real one's: connect, ask, send, ask again, within the bridge's 15 s. */
const SIMULATED_BUDGET_MS = 12_000;

function printerFor(role: PrinterRole, config: DeviceConfig): { printer: Printer; pollMs: number; budgetMs: number } | undefined {
  switch (role) {
    case 'receiptPrinter': {
      const device = config.receiptPrinter;
      if (device === undefined) return undefined;
      if (device.driver === 'simulator') {
        return { printer: simulatedPrinter(device.scenario, { kind: 'receipt', paperWidth: device.paperWidth, printMs: device.printMs }), pollMs: 30_000, budgetMs: SIMULATED_BUDGET_MS };
      }
      const { connectMs, statusMs, jobMs } = device.timeouts;
      return { printer: escPosPrinter(device), pollMs: device.pollSeconds * 1000, budgetMs: Math.min(12_000, connectMs + 2 * statusMs + jobMs) };
    }
    case 'documentPrinter': {
      const device = config.documentPrinter;
      if (device === undefined) return undefined;
      return { printer: simulatedPrinter(device.scenario, { kind: 'document', printMs: 300 }), pollMs: 30_000, budgetMs: SIMULATED_BUDGET_MS };
    }
    default:
      return missingCase(role);
  }
}

export function createDevices(options: DevicesOptions): Devices {
  const scheduler = options.scheduler ?? realScheduler;
  const log = options.logger.child('devices');
  const runners = new Map<PrinterRole, Runner>();
  let problems: Issue[] = [];
  const startedAt = scheduler.now().toISOString();

  const absent = (role: PrinterRole): DeviceStatus =>
    problems.length > 0
      ? { role, driver: null, simulated: false, state: 'error', reason: 'config_invalid', detail: `devices.json is invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, since: startedAt }
      : { role, driver: null, simulated: false, state: 'absent', reason: null, detail: 'No device is configured for this role', since: startedAt };

  const statuses = () => PRINTER_ROLES.map((role) => runners.get(role)?.status() ?? absent(role));

  async function runnerFor(role: PrinterRole): Promise<Result<Runner>> {
    const runner = runners.get(role);
    if (runner !== undefined) return ok(runner);
    if (problems.length > 0) return err('config_invalid', 'devices.json is invalid, so no printer is used', problems);
    return err('not_found', `No ${role === 'receiptPrinter' ? 'receipt' : 'document'} printer is configured on this kiosk (devices.json)`);
  }

  async function officeOrError(): Promise<Result<OfficeConfig>> {
    const office = await options.office();
    return office === undefined ? err('config_invalid', 'The office configuration is invalid, so a receipt cannot say which office it is from') : ok(office);
  }

  const handlers: Devices['handlers'] = {
    'devices.status': async () => ok({ devices: statuses() }),
    'devices.diagnostics': async () =>
      ok({
        configFile: options.configFile,
        problems,
        devices: PRINTER_ROLES.map((role) => runners.get(role)?.diagnostics() ?? { ...absent(role), connection: '', model: null, lastError: null, lastPrintAt: null, printed: 0, failed: 0 }),
      }),
    'devices.testPrint': async ({ role }) => {
      const [runner, office] = [await runnerFor(role), await officeOrError()];
      if (!runner.ok) return runner;
      if (!office.ok) return office;
      const { connection, model } = runner.value.diagnostics();
      const page = testPage({ locale: office.value.locales.default, office: office.value, printedAt: scheduler.now(), device: `${connection}, ${model ?? ''}` });
      return runner.value.print(page, { reprint: false });
    },
    'printer.printReceipt': async (input) => {
      const [runner, office] = [await runnerFor('receiptPrinter'), await officeOrError()];
      if (!runner.ok) return runner;
      if (!office.ok) return office;
      const receipt = submissionReceipt({
        locale: input.locale,
        office: office.value,
        service: input.service,
        trackingCode: input.trackingCode,
        submittedAt: new Date(input.submittedAt),
        saved: input.saved,
        reprint: input.reprint,
      });
      return runner.value.print(receipt, { reprint: input.reprint });
    },
  };

  return {
    handlers,
    statuses,
    checks() {
      if (problems.length > 0) return [{ name: 'devices', status: 'down', detail: `devices.json: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}` }];
      const troubled = statuses().filter((s) => s.state === 'error' || s.state === 'warning');
      if (troubled.length === 0) return [{ name: 'devices', status: 'ok', detail: statuses().map((s) => `${s.role} ${s.state}${s.simulated ? ' (simulasi)' : ''}`).join(', ') }];
      return [{ name: 'devices', status: 'degraded', detail: troubled.map((s) => `${s.role}: ${s.detail}`).join('; ') }];
    },
    async start() {
      const file = await readDeviceConfig(options.configFile);
      if (file.kind === 'invalid') {
        problems = file.problems;
        for (const problem of problems) log.error('devices.config_invalid', { problem: `${problem.path}: ${problem.message}` });
        return;
      }
      if (file.kind === 'none') {
        log.info('devices.none', { file: options.configFile });
        return;
      }
      for (const role of PRINTER_ROLES) {
        const device = printerFor(role, file.config);
        if (device === undefined) continue;
        const runner = createRunner({ role, printer: device.printer, pollMs: device.pollMs, jobBudgetMs: device.budgetMs, scheduler, logger: options.logger, onStatus: options.onStatus });
        runners.set(role, runner);
        log.info('devices.configured', { role, driver: device.printer.driver, connection: device.printer.connection });
        runner.start();
      }
    },
    async stop() {
      await Promise.all([...runners.values()].map((runner) => runner.stop()));
    },
  };
}
