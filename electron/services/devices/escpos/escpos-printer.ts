import type { z } from 'zod';
import type { EscPosReceiptPrinterConfig } from '../../../../core/config/device-config';
import { missingCase } from '../../../../core/contract/result';
import type { ReceiptDocument } from '../../../../core/receipt/receipt-document';
import { deviceFileLink } from '../links/device-file-link';
import { linkErrorOf, type Link, type LinkOpener } from '../links/link';
import { serialLink } from '../links/serial-link';
import { tcpLink } from '../links/tcp-link';
import { within, type JobReport, type Printer } from '../printer';
import { columnsOf, encodeReceipt, type EscPosProfile } from './encode-receipt';
import { conditionOf, READY, STATUS_ANSWER_BYTES, STATUS_QUESTIONS, type Condition } from './status';

type Config = z.output<typeof EscPosReceiptPrinterConfig>;

export function linkFor(config: Config): LinkOpener {
  const { transport } = config;
  switch (transport.kind) {
    case 'tcp':
      return tcpLink(transport.host, transport.port);
    case 'usb':
      return deviceFileLink(transport.device, { readStatus: config.readStatus });
    case 'serial':
      return serialLink(transport);
    default:
      return missingCase(transport);
  }
}

const UNCHECKED: Condition = { ...READY, detail: 'Ready (this printer is set not to report paper or cover: readStatus is off)' };
const SILENT_HINT = ' A printer that prints but never answers can be set to "readStatus": false in devices.json.';

/**
 * An ESC/POS receipt printer on any link. Each job: open, ask its state (DLE EOT), send the
 * receipt, ask again, close. Asking first means a receipt is never sent into a printer with no
 * paper, where it would come out (to whoever stands there) once someone refills it; asking after
 * catches paper that ran out during the job. The answer after is the printer's word that it took
 * the job; a printer that prints from its buffer after answering can still jam, which no kiosk
 * can see.
 */
export function escPosPrinter(config: Config, link: LinkOpener = linkFor(config)): Printer {
  const profile: EscPosProfile = {
    paperWidth: config.paperWidth,
    model: config.model,
    columns: config.columns,
    qr: config.qr,
    codepage: config.codepage,
    cutter: config.cutter,
  };
  const { connectMs, statusMs, jobMs } = config.timeouts;

  async function ask(open: Link, deadline: number): Promise<Condition> {
    open.discard();
    await open.write(STATUS_QUESTIONS, within(statusMs, deadline));
    return conditionOf(await open.read(STATUS_ANSWER_BYTES, within(statusMs, deadline)));
  }

  /** Opens the link for one piece of work; whatever fails becomes the printer's condition. */
  async function session(deadline: number, work: (open: Link) => Promise<JobReport>): Promise<JobReport> {
    let open: Link | undefined;
    try {
      open = await link.open(within(connectMs, deadline));
      return await work(open);
    } catch (error) {
      const failure = linkErrorOf(error, link.connection);
      const detail = failure.reason === 'no_answer' && config.readStatus ? failure.message + SILENT_HINT : failure.message;
      return { delivered: false, condition: { state: 'error', reason: failure.reason, detail }, bytes: 0 };
    } finally {
      await open?.close();
    }
  }

  return {
    driver: 'escpos',
    simulated: false,
    connection: link.connection,
    model: `${config.model}, ${config.paperWidth} mm, ${columnsOf(profile)} columns, QR ${config.qr}, ${config.codepage}`,
    async probe(deadline) {
      const report = await session(deadline, async (open) => ({ delivered: true, condition: config.readStatus ? await ask(open, deadline) : UNCHECKED, bytes: 0 }));
      return report.condition;
    },
    async print(document: ReceiptDocument, deadline) {
      const bytes = encodeReceipt(document, profile);
      return session(deadline, async (open) => {
        if (config.readStatus) {
          const before = await ask(open, deadline);
          if (before.state === 'error') return { delivered: false, condition: before, bytes: 0 };
        }
        await open.write(bytes, within(jobMs, deadline));
        if (!config.readStatus) return { delivered: true, condition: UNCHECKED, bytes: bytes.length };
        const after = await ask(open, deadline);
        if (after.state !== 'error') return { delivered: true, condition: after, bytes: bytes.length };
        return { delivered: false, condition: { ...after, detail: `${after.detail} The receipt stopped part-way: print it again.` }, bytes: bytes.length };
      });
    },
  };
}
