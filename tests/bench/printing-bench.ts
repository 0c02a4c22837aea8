/**
 * Printing: ESC/POS encoding of a full receipt (target p95 ≤ 20 ms), and the host's own part of
 * "tap Kirim → receipt on the printer": the `printer.printReceipt` input parsed against the bridge
 * contract and handled by the host's device layer, to the first receipt byte on a printer socket
 * (the virtual printer on 127.0.0.1), and to the answer (status asked before and after, as on a
 * real printer). The screen's part belongs with the done screen, in Chromium. (The device layer
 * rather than createHost: the host's journal code does not type-check against this folder's DOM
 * lib.) `runPrintingBench()` returns printable lines.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bridgeRequests } from '../../core/contract/bridge';
import type { PrintReceiptInput } from '../../core/contract/devices';
import { submissionReceipt } from '../../core/receipt/submission-receipt';
import { encodeReceipt, type EscPosProfile } from '../../electron/services/devices/escpos/encode-receipt';
import { createDevices } from '../../electron/services/devices/devices';
import { createLogger } from '../../electron/services/logs/logger';
import { OfficeConfig } from '../../core/config/office-config';
import { startVirtualPrinter } from '../support/escpos/virtual-printer';

const root = path.resolve(import.meta.dirname, '..', '..');
const ENCODE_RUNS = Number(process.env['PRINT_BENCH_RUNS'] ?? 500);
const HOST_RUNS = Number(process.env['PRINT_BENCH_HOST_RUNS'] ?? 50);

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
};
const ms = (value: number) => `${value.toFixed(2)} ms`;
const figures = (times: number[]) => `p50 ${ms(percentile(times, 0.5))}  p95 ${ms(percentile(times, 0.95))}  max ${ms(Math.max(...times))}`;

/** The longest receipt the shipped config makes: KTP-el, all five requirements, a reprint. */
async function fullReceipt(): Promise<PrintReceiptInput> {
  const service = JSON.parse(await readFile(path.join(root, 'kiosk-config', 'services', 'ktp-el.json'), 'utf8')) as PrintReceiptInput['service'];
  return {
    trackingCode: '7K4-M2X-9QRV',
    submittedAt: '2026-03-02T01:10:00.000Z',
    locale: 'id',
    saved: 'kiosk',
    reprint: true,
    service: { id: service.id, title: service.title, requirements: service.requirements, processingTime: service.processingTime, counter: service.counter },
  };
}

export async function runPrintingBench(): Promise<string[]> {
  const input = await fullReceipt();
  const document = submissionReceipt({
    ...input,
    reprint: true,
    submittedAt: new Date(input.submittedAt),
    office: { name: 'Kecamatan Tigaraksa', address: 'Jl. Aria Jaya Santika No. 1, Tigaraksa, Kabupaten Tangerang, Banten', timeZone: 'Asia/Jakarta' },
  });
  const lines = [`Printing (full KTP-el receipt, ${ENCODE_RUNS} encodings after 50 warm-up; host path ${HOST_RUNS} receipts)`];
  const profiles: [string, EscPosProfile][] = [
    ['80 mm, native QR', { paperWidth: 80, model: 'generic', qr: 'native', codepage: 'cp437', cutter: true }],
    ['58 mm, raster QR', { paperWidth: 58, model: 'generic', qr: 'raster', codepage: 'cp437', cutter: true }],
  ];
  for (const [name, profile] of profiles) {
    let bytes = 0;
    for (let i = 0; i < 50; i++) bytes = encodeReceipt(document, profile).length;
    const times: number[] = [];
    for (let i = 0; i < ENCODE_RUNS; i++) {
      const started = performance.now();
      encodeReceipt(document, profile);
      times.push(performance.now() - started);
    }
    lines.push(`  ESC/POS encoding, ${name.padEnd(17)} ${figures(times)}  (${bytes} bytes; target p95 ≤ 20 ms)`);
  }

  const dir = await mkdtemp(path.join(tmpdir(), 'tuntun-print-bench-'));
  let firstByteAt: number | undefined;
  const printer = await startVirtualPrinter({}, {
    onData: (chunk) => {
      // ESC @ opens every receipt; the DLE EOT questions before it are not the receipt.
      if (firstByteAt === undefined && chunk.includes(Buffer.from([0x1b, 0x40]))) firstByteAt = performance.now();
    },
  });
  const devicesFile = path.join(dir, 'devices.json');
  await writeFile(devicesFile, JSON.stringify({ receiptPrinter: { driver: 'escpos', transport: { kind: 'tcp', host: '127.0.0.1', port: printer.port } } }));
  const office = OfficeConfig.parse(JSON.parse(await readFile(path.join(root, 'kiosk-config', 'offices', 'tigaraksa', 'office.json'), 'utf8')));
  const devices = createDevices({ configFile: devicesFile, logger: createLogger({ dir: path.join(dir, 'logs'), stdout: false }), office: async () => office, onStatus: () => undefined });
  const print = (request: PrintReceiptInput) => devices.handlers['printer.printReceipt'](bridgeRequests['printer.printReceipt'].input.parse(request));
  try {
    await devices.start();
    const toFirstByte: number[] = [];
    const toAnswer: number[] = [];
    for (let i = 0; i < HOST_RUNS + 5; i++) {
      firstByteAt = undefined;
      const started = performance.now();
      const answer = await print(input);
      const answered = performance.now();
      if (!answer.ok) throw new Error(`printReceipt failed: ${answer.error.message}`);
      if (i < 5) continue;
      toFirstByte.push((firstByteAt ?? answered) - started);
      toAnswer.push(answered - started);
    }
    lines.push(`  printReceipt → first receipt byte on the socket  ${figures(toFirstByte)}`);
    lines.push(`  printReceipt → answer (status asked after)       ${figures(toAnswer)}`);
  } finally {
    await devices.stop();
    await printer.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return lines;
}
