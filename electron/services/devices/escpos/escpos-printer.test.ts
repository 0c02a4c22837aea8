import { afterEach, describe, expect, it } from 'vitest';
import { EscPosReceiptPrinterConfig } from '../../../../core/config/device-config';
import { submissionReceipt } from '../../../../core/receipt/submission-receipt';
import { startSilentHost } from '../../../../tests/support/silent-host';
import { startVirtualPrinter, type PrinterState, type VirtualPrinter } from '../../../../tests/support/escpos/virtual-printer';
import { escPosPrinter } from './escpos-printer';

/**
 * The ESC/POS driver against the virtual printer on a real TCP socket, one fault at a time: each
 * fault comes back as a condition with a reason and plain words, within the timeouts, never a throw.
 */
const RECEIPT = submissionReceipt({
  locale: 'id',
  office: { name: 'Kecamatan Tigaraksa', timeZone: 'Asia/Jakarta' },
  service: { title: { id: 'KTP-el' }, requirements: [{ id: 'Kartu Keluarga asli' }], processingTime: { id: '14 hari kerja' } },
  trackingCode: '7K4-M2X-9QRV',
  submittedAt: new Date('2026-03-02T01:10:00Z'),
  saved: 'kiosk',
  reprint: false,
});

let printer: VirtualPrinter | undefined;
afterEach(async () => printer?.stop());

const driverFor = (port: number, extra: Record<string, unknown> = {}) =>
  escPosPrinter(
    EscPosReceiptPrinterConfig.parse({ driver: 'escpos', transport: { kind: 'tcp', host: '127.0.0.1', port }, timeouts: { connectMs: 400, statusMs: 300, jobMs: 2000 }, ...extra }),
  );
const soon = () => Date.now() + 5000;

async function printOn(state: Partial<PrinterState>, extra: Record<string, unknown> = {}) {
  printer = await startVirtualPrinter(state);
  const started = Date.now();
  const report = await driverFor(printer.port, extra).print(RECEIPT, soon());
  return { report, elapsed: Date.now() - started, printer };
}

describe('the ESC/POS driver over TCP', () => {
  it('asks, prints, asks again: the receipt arrives whole and the printer is ready', async () => {
    const { report, printer } = await printOn({});
    expect(report).toMatchObject({ delivered: true, condition: { state: 'ready' } });
    await printer.jobsDone(1);
    expect(printer.jobs[0]?.lines()).toContain('7K4-M2X-9QRV');
    expect(printer.jobs[0]?.qrCodes()).toEqual(['7K4-M2X-9QRV']);
    expect(printer.statusQuestions()).toBe(6);
    expect(report.bytes).toBeGreaterThan(500);
  });

  it('prints with paper low, and says so', async () => {
    const { report } = await printOn({ paperLow: true });
    expect(report).toMatchObject({ delivered: true, condition: { state: 'warning', reason: 'paper_low' } });
  });

  it('sends nothing to a printer out of paper, where it would come out later to a stranger', async () => {
    const { report, printer } = await printOn({ paperLines: 0 });
    expect(report).toMatchObject({ delivered: false, condition: { state: 'error', reason: 'paper_out' }, bytes: 0 });
    expect(printer.jobs).toEqual([]);
  });

  it('reports paper that runs out in the middle of a receipt', async () => {
    const { report, printer } = await printOn({ paperLines: 8 });
    expect(report).toMatchObject({ delivered: false, condition: { state: 'error', reason: 'paper_out', detail: expect.stringContaining('stopped part-way') } });
    await printer.jobsDone(1);
    // Eight lines and pictures made it onto the roll, then it ended.
    expect(printer.jobs[0]?.paper.length).toBe(8);
  });

  it('reports an open cover', async () => {
    const { report } = await printOn({ coverOpen: true });
    expect(report).toMatchObject({ delivered: false, condition: { state: 'error', reason: 'cover_open' } });
  });

  it('reports a printer unplugged in the middle of a receipt (the connection closes)', async () => {
    const { report } = await printOn({ dropAfterBytes: 200 });
    expect(report).toMatchObject({ delivered: false, condition: { state: 'error', reason: 'unreachable' } });
  });

  it('reports a printer that never answers its status, within the status timeout, with what to change', async () => {
    const { report, elapsed, printer } = await printOn({ answersStatus: false });
    expect(report).toMatchObject({ delivered: false, condition: { state: 'error', reason: 'no_answer', detail: expect.stringContaining('"readStatus": false') } });
    expect(elapsed).toBeLessThan(1500);
    expect(printer.jobs).toEqual([]);
  });

  it('prints on a one-way printer when readStatus is off', async () => {
    const { report, printer } = await printOn({ answersStatus: false }, { readStatus: false });
    expect(report).toMatchObject({ delivered: true, condition: { state: 'ready', detail: expect.stringContaining('readStatus is off') } });
    await printer.jobsDone(1);
    expect(printer.statusQuestions()).toBe(0);
  });

  it('reports a printer that is not there (connection refused) at once', async () => {
    printer = await startVirtualPrinter();
    const port = printer.port;
    await printer.stop();
    const started = Date.now();
    expect(await driverFor(port).probe(soon())).toMatchObject({ state: 'error', reason: 'unreachable', detail: expect.stringContaining('refused') });
    expect(Date.now() - started).toBeLessThan(400);
  });

  it('gives up on a connection that never completes after the connect timeout', async () => {
    const silent = await startSilentHost();
    try {
      const started = Date.now();
      const report = await driverFor(silent.port).print(RECEIPT, soon());
      expect(report).toMatchObject({ delivered: false, condition: { state: 'error', reason: 'unreachable', detail: expect.stringContaining('within 0.4 s') } });
      expect(Date.now() - started).toBeGreaterThanOrEqual(390);
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      silent.stop();
    }
  });

  it('keeps to the overall deadline whatever the step timeouts say', async () => {
    printer = await startVirtualPrinter({ answersStatus: false });
    const driver = escPosPrinter(
      EscPosReceiptPrinterConfig.parse({ driver: 'escpos', transport: { kind: 'tcp', host: '127.0.0.1', port: printer.port }, timeouts: { statusMs: 5000 } }),
    );
    const started = Date.now();
    expect(await driver.probe(Date.now() + 250)).toMatchObject({ reason: 'no_answer' });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
