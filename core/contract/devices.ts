/**
 * The devices part of the bridge: what a device's state is, what a receipt request carries, and
 * what IT sees in diagnostics. Device trouble (paper out, unplugged) is a state in this stream,
 * never an exception: a print that cannot happen answers a Result with plain words, and the
 * device's state says why.
 */
import { z } from 'zod';
import { DeviceRole } from '../config/device-config';
import { Locale } from '../config/locale';
import { ServiceId } from '../config/office-config';
import { checkTrackingCode } from '../id/tracking-code';

export { DeviceRole };

export const DeviceState = z
  .enum(['absent', 'ready', 'busy', 'warning', 'error'])
  .describe('absent: none configured; ready; busy printing; warning: works but needs care soon; error: cannot work now');
export type DeviceState = z.infer<typeof DeviceState>;

export const DeviceReason = z
  .enum(['paper_low', 'paper_out', 'cover_open', 'offline', 'unreachable', 'no_answer', 'permission', 'config_invalid'])
  .describe(
    'Why a device is in warning or error: paper_low, paper_out, cover_open, offline (the printer reports an error or is paused), ' +
      'unreachable (unplugged, switched off, wrong address), no_answer (connected but silent), permission (the kiosk user may not open it), config_invalid',
  );
export type DeviceReason = z.infer<typeof DeviceReason>;

export const DeviceDriver = z.enum(['escpos', 'simulator']).describe('Which driver runs the device');
export type DeviceDriver = z.infer<typeof DeviceDriver>;

export const DeviceStatus = z.object({
  role: DeviceRole,
  driver: DeviceDriver.nullable().describe('Null when no device is configured for the role'),
  simulated: z.boolean().describe('A simulator, not real hardware: screens mark it "simulasi"'),
  state: DeviceState,
  reason: DeviceReason.nullable().describe('Set in warning and error'),
  detail: z.string().describe('Plain words for officers and IT, e.g. "Paper is out: put in a new roll"'),
  since: z.iso.datetime().describe('When the device entered this state'),
});
export type DeviceStatus = z.infer<typeof DeviceStatus>;

/** Text given in the resident's language and Bahasa Indonesia, bounded so a receipt stays a receipt. */
const ReceiptText = z.strictObject({ id: z.string().trim().min(1).max(2000), en: z.string().trim().min(1).max(2000).optional() });

/**
 * The service as the done screen knows it (from the kiosk's files or the signed catalogue): what
 * the receipt says about it. The office (name, address, time zone) comes from the host's config.
 */
export const ReceiptService = z.strictObject({
  id: ServiceId,
  title: ReceiptText.describe('The service name, e.g. "KTP-el"'),
  requirements: z.array(ReceiptText).max(30).describe('Documents to bring'),
  processingTime: ReceiptText,
  counter: z.strictObject({ code: z.string().regex(/^[A-Z0-9]{1,3}$/u), name: ReceiptText }).optional().describe('The desk (loket) to go to'),
});
export type ReceiptService = z.infer<typeof ReceiptService>;

export const TrackingCodeInput = z
  .string()
  .max(40)
  .transform((text, ctx) => {
    const checked = checkTrackingCode(text);
    if (checked.ok) return checked.value;
    ctx.addIssue({ code: 'custom', message: 'Not a valid tracking code' });
    return z.NEVER;
  })
  .describe('The application code, e.g. 7K4-M2X-9QRT (checked; printed in this form)');

export const PrintReceiptInput = z.strictObject({
  trackingCode: TrackingCodeInput,
  submittedAt: z.iso.datetime({ offset: true }).describe('When the application was saved; printed in the office time zone'),
  locale: Locale.describe("The resident's language"),
  saved: z.enum(['kiosk', 'office']).describe('kiosk: not sent yet; office: the office has received it'),
  reprint: z.boolean().default(false).describe('A second print of the same receipt: marked "CETAK ULANG"'),
  service: ReceiptService,
});
export type PrintReceiptInput = z.input<typeof PrintReceiptInput>;

export const PrinterRole = z.enum(['receiptPrinter', 'documentPrinter']).describe('A role that prints');
export type PrinterRole = z.infer<typeof PrinterRole>;

export const PrintOutcome = z.object({
  printedAt: z.iso.datetime(),
  role: PrinterRole,
  simulated: z.boolean(),
  bytes: z.number().int().describe('How much was sent to the printer'),
  status: DeviceStatus.describe('The printer after the job, e.g. warning paper_low'),
});
export type PrintOutcome = z.infer<typeof PrintOutcome>;

export const DeviceDiagnostics = DeviceStatus.extend({
  connection: z.string().describe('How the kiosk reaches it, e.g. "tcp 192.168.1.50:9100" or "simulasi"'),
  model: z.string().nullable().describe('Printer model and paper, e.g. "generic, 80 mm"'),
  lastError: z
    .object({ at: z.iso.datetime(), reason: DeviceReason, detail: z.string() })
    .nullable()
    .describe('The last problem, in plain words, even after it cleared'),
  lastPrintAt: z.iso.datetime().nullable(),
  printed: z.number().int().describe('Jobs printed since the kiosk started'),
  failed: z.number().int().describe('Jobs that could not be printed since the kiosk started'),
});
export type DeviceDiagnostics = z.infer<typeof DeviceDiagnostics>;

export const DevicesDiagnostics = z.object({
  configFile: z.string().describe('The devices file this kiosk reads'),
  problems: z.array(z.object({ path: z.string(), message: z.string() })).describe('What is wrong in that file; empty when it is valid'),
  devices: z.array(DeviceDiagnostics),
});
export type DevicesDiagnostics = z.infer<typeof DevicesDiagnostics>;

/**
 * One device as the central API's heartbeat carries it: its state only, never a job's content.
 * The state is one of the five every version knows; role, driver and reason are open words, so a
 * kiosk newer than its server (a new role, a new reason) still gets its heartbeat through.
 */
const Word = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/u);
export const HeartbeatDevice = z.strictObject({
  role: Word.describe('e.g. receiptPrinter'),
  driver: Word.nullable().describe('e.g. escpos, simulator; null when none is configured'),
  simulated: z.boolean(),
  state: DeviceState,
  reason: Word.nullable().describe('e.g. paper_out; null unless warning or error'),
  since: z.iso.datetime({ offset: true }).describe('When the device entered this state'),
});
export type HeartbeatDevice = z.infer<typeof HeartbeatDevice>;

export function heartbeatDevices(devices: readonly DeviceStatus[]): HeartbeatDevice[] {
  return devices.map(({ role, driver, simulated, state, reason, since }) => ({ role, driver, simulated, state, reason, since }));
}
