import { execFileSync } from 'node:child_process';
import { constants, openSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EscPosReceiptPrinterConfig } from '../../core/config/device-config';
import { submissionReceipt } from '../../core/receipt/submission-receipt';
import { escPosPrinter } from '../../electron/services/devices/escpos/escpos-printer';
import { EscPosDecoder } from '../support/escpos/escpos-decoder';
import { servePrinter, type PrinterState } from '../support/escpos/virtual-printer';
import { startPtyPair, type PtyPair } from '../support/pty-pair';

/**
 * The USB and serial transports on real Linux files. A FIFO (mkfifo) stands in for a one-way
 * `/dev/usb/lp0`: the kiosk writes it as it writes the usblp device. A pseudo-terminal pair (socat)
 * stands in for a two-way device and for a serial cable: the virtual printer answers status on the
 * other end. Real USB hardware cannot exist here; these are the same system calls the kiosk makes.
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
const FINE: PrinterState = { paperLines: undefined, paperLow: false, coverOpen: false, answersStatus: true, dropAfterBytes: undefined };
const TIMEOUTS = { connectMs: 500, statusMs: 500, jobMs: 3000 };
const soon = () => Date.now() + 8000;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tuntun-usb-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const usbPrinter = (device: string, readStatus: boolean) =>
  escPosPrinter(EscPosReceiptPrinterConfig.parse({ driver: 'escpos', transport: { kind: 'usb', device }, paperWidth: 58, readStatus, timeouts: TIMEOUTS }));

/** The reading end of a FIFO, as a stream that ends when the kiosk closes its end. */
function readFifo(fifo: string): Promise<EscPosDecoder> & { reader: net.Socket } {
  const reader = new net.Socket({ fd: openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK), readable: true, writable: false });
  const decoder = new EscPosDecoder();
  reader.on('data', (chunk: Buffer) => decoder.push(chunk));
  const done = new Promise<EscPosDecoder>((resolve) => reader.once('end', () => resolve(decoder)));
  return Object.assign(done, { reader });
}

describe('the USB printer device (a FIFO standing in for /dev/usb/lp0)', () => {
  it('prints a receipt that decodes whole: code, raster QR code, cut', async () => {
    const fifo = path.join(dir, 'lp0');
    execFileSync('mkfifo', [fifo]);
    const paper = readFifo(fifo);
    const report = await usbPrinter(fifo, false).print(RECEIPT, soon());
    expect(report).toMatchObject({ delivered: true, condition: { state: 'ready' } });
    const decoded = await paper;
    expect(decoded.unknown).toEqual([]);
    expect(decoded.lines()).toEqual(expect.arrayContaining(['7K4-M2X-9QRV', 'Senin, 2 Maret 2026 pukul 08.10']));
    expect(decoded.qrCodes()).toEqual(['7K4-M2X-9QRV']);
    expect(decoded.cuts()).toBe(1);
  });

  it('reports an unplugged printer: the device file is gone, or nothing is on the other end', async () => {
    expect(await usbPrinter(path.join(dir, 'lp9'), false).probe(soon())).toMatchObject({
      state: 'error',
      reason: 'unreachable',
      detail: `${path.join(dir, 'lp9')} does not exist: is the printer plugged in and switched on?`,
    });
    const fifo = path.join(dir, 'lp1');
    execFileSync('mkfifo', [fifo]);
    expect(await usbPrinter(fifo, false).print(RECEIPT, soon())).toMatchObject({ delivered: false, condition: { reason: 'unreachable', detail: expect.stringContaining('Nothing answers') } });
  });

  it('gives up on a device that takes no more data, within the job timeout', async () => {
    const fifo = path.join(dir, 'lp2');
    execFileSync('mkfifo', [fifo]);
    // A reader that never reads: the pipe fills (64 KiB) and the printer "stalls".
    const stalled = new net.Socket({ fd: openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK), readable: true, writable: false });
    stalled.pause();
    const big = { ...RECEIPT, blocks: Array.from({ length: 40 }, () => RECEIPT.blocks).flat() };
    const started = Date.now();
    const printer = escPosPrinter(EscPosReceiptPrinterConfig.parse({ driver: 'escpos', transport: { kind: 'usb', device: fifo }, qr: 'raster', readStatus: false, timeouts: { jobMs: 600 } }));
    expect(await printer.print(big, soon())).toMatchObject({ delivered: false, condition: { reason: 'no_answer', detail: expect.stringContaining('took no more data') } });
    expect(Date.now() - started).toBeLessThan(2000);
    stalled.destroy();
  });
});

describe('two-way devices on a pseudo-terminal pair (socat)', () => {
  let pty: PtyPair | undefined;
  let printerEnd: SerialPort | undefined;
  const state: PrinterState = { ...FINE };
  let decoder: EscPosDecoder;

  beforeEach(async (context) => {
    pty = await startPtyPair();
    if (pty === undefined) return context.skip('socat is not installed (Debian package socat; .ci/run installs it)');
    Object.assign(state, FINE);
    printerEnd = new SerialPort({ path: pty.printer, baudRate: 9600 });
    await new Promise((resolve) => printerEnd?.once('open', resolve));
    decoder = servePrinter(printerEnd, state, { questions: 0 });
  });
  afterEach(async () => {
    await new Promise((resolve) => (printerEnd?.isOpen === true ? printerEnd.close(resolve) : resolve(undefined)));
    pty?.stop();
  });

  it('USB with status: asks, prints, asks again, and sees paper out', async () => {
    const printer = usbPrinter(pty?.kiosk ?? '', true);
    expect(await printer.print(RECEIPT, soon())).toMatchObject({ delivered: true, condition: { state: 'ready' } });
    await expect.poll(() => decoder.qrCodes()).toEqual(['7K4-M2X-9QRV']);
    state.paperLines = 0;
    expect(await printer.print(RECEIPT, soon())).toMatchObject({ delivered: false, condition: { reason: 'paper_out' } });
  });

  it('serial at 9600 8N1: the receipt arrives and the printer is read', async () => {
    const printer = escPosPrinter(
      EscPosReceiptPrinterConfig.parse({ driver: 'escpos', transport: { kind: 'serial', device: pty?.kiosk, baudRate: 9600 }, paperWidth: 58, timeouts: TIMEOUTS }),
    );
    expect(printer.connection).toBe(`serial ${pty?.kiosk ?? ''} 9600 8N1`);
    state.paperLow = true;
    expect(await printer.print(RECEIPT, soon())).toMatchObject({ delivered: true, condition: { state: 'warning', reason: 'paper_low' } });
    await expect.poll(() => decoder.lines()).toContain('7K4-M2X-9QRV');
    expect(decoder.qrCodes()).toEqual(['7K4-M2X-9QRV']);
  });

  it('serial: a port that does not exist is unreachable, in plain words', async () => {
    const printer = escPosPrinter(EscPosReceiptPrinterConfig.parse({ driver: 'escpos', transport: { kind: 'serial', device: path.join(dir, 'ttyUSB7') }, timeouts: TIMEOUTS }));
    expect(await printer.probe(soon())).toMatchObject({ state: 'error', reason: 'unreachable', detail: expect.stringContaining('does not exist') });
  });
});
