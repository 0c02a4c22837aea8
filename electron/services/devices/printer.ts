import type { DeviceDriver } from '../../../core/contract/devices';
import type { ReceiptDocument } from '../../../core/receipt/receipt-document';
import type { Condition } from './escpos/status';

/**
 * The port every printer driver implements, real or simulated. Neither call throws: whatever
 * happens to the printer comes back as its Condition (paper out, unplugged, silent), which the
 * device runner turns into the status stream and the bridge's Result.
 */
export type JobReport = {
  /** Whether the printer took the whole job and reported no problem after it. */
  delivered: boolean;
  /** The printer's state after the job (or why the job could not start). */
  condition: Condition;
  bytes: number;
};

export interface Printer {
  readonly driver: DeviceDriver;
  readonly simulated: boolean;
  /** How it is reached, for IT: "tcp 192.168.1.50:9100", "usb /dev/usb/lp0", "simulasi". */
  readonly connection: string;
  /** Model and paper, e.g. "generic, 80 mm". */
  readonly model: string;
  /** Asks the printer how it is; gives up at `deadline` (ms since the epoch). */
  probe(deadline: number): Promise<Condition>;
  print(document: ReceiptDocument, deadline: number): Promise<JobReport>;
}

/** How long to wait from `deadline` for a step that may take `stepMs` at most. */
export const within = (stepMs: number, deadline: number): number => Math.max(1, Math.min(stepMs, deadline - Date.now()));
