/**
 * `npm run kiosk -- test-print [--role receiptPrinter|documentPrinter] [--devices FILE]`: IT
 * staff's test print from the terminal, through the same device layer the kiosk runs: reads the
 * devices file, asks the printer its state, prints the test page, and says what happened in
 * plain words. It can run beside the kiosk: the kiosk opens a printer only for each job.
 */
import path from 'node:path';
import type { DeviceStatus, PrinterRole } from '../../core/contract/devices';
import { PrinterRole as PrinterRoleSchema } from '../../core/contract/devices';
import { loadConfig } from '../../electron/services/config/load-config';
import { DEVICES_FILE } from '../../electron/services/devices/device-config-file';
import { createDevices } from '../../electron/services/devices/devices';
import { createLogger } from '../../electron/services/logs/logger';

export type TestPrintIo = { env: NodeJS.ProcessEnv; out: (line: string) => void; err: (line: string) => void; root: string };

const FIRST_CHECK_MS = 20_000;

export async function testPrintCommand(options: { role: string | undefined; devices: string | undefined }, io: TestPrintIo): Promise<number> {
  const role = PrinterRoleSchema.safeParse(options.role ?? 'receiptPrinter');
  if (!role.success) {
    io.err('kiosk test-print: --role must be receiptPrinter or documentPrinter.');
    return 2;
  }
  const officeDir = path.resolve(io.env['KIOSK_CONFIG'] ?? path.join(io.root, 'kiosk-config', 'offices', 'tigaraksa'));
  const file = path.resolve(options.devices ?? io.env['KIOSK_DEVICES'] ?? path.join(officeDir, DEVICES_FILE));
  const config = await loadConfig(officeDir);
  if (!config.ok) {
    io.err(`kiosk test-print: the office configuration in ${officeDir} is invalid; run npm run config:validate.`);
    return 1;
  }
  let first: (status: DeviceStatus) => void = () => undefined;
  const checked = new Promise<DeviceStatus>((resolve) => {
    first = resolve;
  });
  const devices = createDevices({
    configFile: file,
    logger: createLogger({ level: 'error', stdout: false }),
    office: async () => config.snapshot.office,
    onStatus: (status) => status.role === role.data && first(status),
  });
  try {
    await devices.start();
    const diagnostics = await devices.handlers['devices.diagnostics']({});
    const device = diagnostics.ok ? diagnostics.value.devices.find((d) => d.role === role.data) : undefined;
    if (!diagnostics.ok || device === undefined) return 1;
    io.out(`Devices file: ${file}`);
    if (device.state === 'absent' || device.reason === 'config_invalid') {
      io.out(`${label(role.data)}: ${device.detail}`);
      return 1;
    }
    io.out(`${label(role.data)}: ${device.driver ?? '?'}, ${device.connection} (${device.model ?? '?'})`);
    const status = await Promise.race([checked, new Promise<DeviceStatus>((resolve) => setTimeout(() => resolve(device), FIRST_CHECK_MS).unref())]);
    io.out(`State: ${status.state}${status.simulated ? ' (simulasi)' : ''}: ${status.detail}`);
    const printed = await devices.handlers['devices.testPrint']({ role: role.data });
    if (!printed.ok) {
      io.out(`Test page NOT printed: ${printed.error.message}`);
      return 1;
    }
    io.out(`Test page printed (${printed.value.bytes} bytes). On the paper: the office name, "TES PRINTER", the code 0123-ABCD in large type, é and ñ, and a QR code a phone reads as TUNTUN-TES.`);
    if (printed.value.status.state === 'warning') io.out(`Note: ${printed.value.status.detail}`);
    return 0;
  } finally {
    await devices.stop();
  }
}

const label = (role: PrinterRole) => (role === 'receiptPrinter' ? 'Receipt printer' : 'Document printer');
