import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../core/contract/bridge';
import type { DeviceStatus, PrintReceiptInput } from '../../core/contract/devices';
import { createHost, type Host } from '../../electron/services/host';
import { createLogger } from '../../electron/services/logs/logger';
import { startVirtualPrinter, type VirtualPrinter } from '../support/escpos/virtual-printer';

/**
 * The whole path through the real host, as the page calls it: `printer.printReceipt` over the
 * bridge dispatcher → the receipt model → ESC/POS → a TCP socket → the virtual printer, whose
 * decoder reads back the tracking code, the QR code, the time in Asia/Jakarta and the words.
 */
const repo = path.resolve(import.meta.dirname, '..', '..');
const officeDir = path.join(repo, 'kiosk-config', 'offices', 'tigaraksa');
let dir: string;
let host: Host | undefined;
let printer: VirtualPrinter | undefined;
let events: DeviceStatus[];

afterEach(async () => {
  await host?.stop();
  await printer?.stop();
  host = undefined;
  printer = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function startHost(devices: unknown): Promise<Host> {
  dir = await mkdtemp(path.join(tmpdir(), 'tuntun-printing-'));
  const devicesFile = path.join(dir, 'devices.json');
  if (devices !== undefined) await writeFile(devicesFile, typeof devices === 'string' ? devices : JSON.stringify(devices));
  events = [];
  host = createHost({ shell: 'web', runtime: 'test', version: '0.0.0-test', officeDir, dataDir: path.join(dir, 'data'), devicesFile, logger: createLogger({ dir: path.join(dir, 'logs'), stdout: false }) });
  host.subscribe(<E extends EventName>(name: E, payload: EventPayload<E>) => {
    if (name === 'device.statusChanged') events.push(payload as DeviceStatus);
  });
  await host.start();
  return host;
}

const tcpPrinter = (port: number, extra: Record<string, unknown> = {}) => ({
  receiptPrinter: { driver: 'escpos', transport: { kind: 'tcp', host: '127.0.0.1', port }, paperWidth: 80, timeouts: { connectMs: 500, statusMs: 400 }, ...extra },
});

async function ktpReceipt(overrides: Partial<PrintReceiptInput> = {}): Promise<PrintReceiptInput> {
  const service = JSON.parse(await readFile(path.join(repo, 'kiosk-config', 'services', 'ktp-el.json'), 'utf8')) as PrintReceiptInput['service'] & { steps: unknown };
  return {
    trackingCode: '7k4 m2x 9qrv',
    // 17:55 UTC on 1 March is 00:55 on 2 March in Jakarta: the receipt must show the office's day.
    submittedAt: '2026-03-01T17:55:00.000Z',
    locale: 'id',
    saved: 'kiosk',
    service: { id: service.id, title: service.title, requirements: service.requirements, processingTime: service.processingTime, counter: service.counter },
    ...overrides,
  };
}

async function statuses(): Promise<DeviceStatus[]> {
  const answer = await host?.dispatch('devices.status', {});
  if (answer?.ok !== true) throw new Error('devices.status failed');
  return (answer.value as { devices: DeviceStatus[] }).devices;
}

async function until(check: (devices: DeviceStatus[]) => boolean): Promise<DeviceStatus[]> {
  for (let i = 0; i < 300; i++) {
    const now = await statuses();
    if (check(now)) return now;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(JSON.stringify(await statuses()));
}

describe('printing a receipt through the host', () => {
  it('puts the code, its QR code, the Jakarta time and Indonesian text on the paper', async () => {
    printer = await startVirtualPrinter();
    await startHost(tcpPrinter(printer.port));
    await until((devices) => devices[0]?.state === 'ready');
    const answer = await host?.dispatch('printer.printReceipt', await ktpReceipt());
    expect(answer).toMatchObject({ ok: true, value: { role: 'receiptPrinter', simulated: false, status: { state: 'ready' } } });
    await printer.jobsDone(1);
    const paper = printer.jobs[0];
    expect(paper?.unknown).toEqual([]);
    expect(paper?.qrCodes()).toEqual(['7K4-M2X-9QRV']);
    expect(paper?.lines()).toEqual(
      expect.arrayContaining([
        'Kecamatan Tigaraksa',
        'BUKTI PERMOHONAN',
        'KTP-el',
        '7K4-M2X-9QRV',
        'Senin, 2 Maret 2026 pukul 00.55 WIB',
        'Silakan ke',
        'Loket 1 Kependudukan',
        'Bawa dokumen berikut',
        '- Kartu Keluarga asli',
        'Tersimpan di kiosk, belum terkirim',
      ]),
    );
    expect(paper?.cuts()).toBe(1);
    expect(events.map((e) => e.state)).toEqual(['ready', 'busy', 'ready']);
  });

  it('marks a reprint CETAK ULANG and prints English for an English-speaking resident', async () => {
    printer = await startVirtualPrinter();
    await startHost(tcpPrinter(printer.port));
    expect(await host?.dispatch('printer.printReceipt', await ktpReceipt({ reprint: true, locale: 'en', saved: 'office' }))).toMatchObject({ ok: true });
    await printer.jobsDone(1);
    const lines = printer.jobs[0]?.lines() ?? [];
    expect(lines.filter((line) => line === 'CETAK ULANG / REPRINT')).toHaveLength(2);
    expect(lines).toEqual(expect.arrayContaining(['APPLICATION RECEIPT', 'Desk 1 Civil Registration', 'Received by the office', 'Monday, 2 March 2026 at 00:55 WIB']));
  });

  it('refuses a tracking code whose check character is wrong, before anything reaches the printer', async () => {
    printer = await startVirtualPrinter();
    await startHost(tcpPrinter(printer.port));
    expect(await host?.dispatch('printer.printReceipt', await ktpReceipt({ trackingCode: '7K4-M2X-9QRT' }))).toMatchObject({
      ok: false,
      error: { code: 'bad_request', issues: [{ path: 'trackingCode', message: 'Not a valid tracking code' }] },
    });
    expect(printer.connections()).toBeLessThanOrEqual(1);
    expect(printer.jobs).toEqual([]);
  });

  it('says plainly when paper runs out, keeps the state, and prints once paper is back', async () => {
    printer = await startVirtualPrinter({ paperLines: 5 });
    await startHost(tcpPrinter(printer.port));
    const failed = await host?.dispatch('printer.printReceipt', await ktpReceipt());
    expect(failed).toEqual({ ok: false, error: { code: 'unavailable', message: 'Paper is out: put in a new roll. The receipt stopped part-way: print it again.' } });
    expect((await statuses())[0]).toMatchObject({ state: 'error', reason: 'paper_out' });
    printer.state.paperLines = undefined;
    expect(await host?.dispatch('printer.printReceipt', await ktpReceipt({ reprint: true }))).toMatchObject({ ok: true, value: { status: { state: 'ready' } } });
  });

  it('starts with the printer absent, reports it unreachable, and never blocks a caller', async () => {
    printer = await startVirtualPrinter();
    const port = printer.port;
    await printer.stop();
    await startHost(tcpPrinter(port));
    expect((await until((devices) => devices[0]?.state === 'error'))[0]).toMatchObject({ reason: 'unreachable', driver: 'escpos' });
    const started = Date.now();
    expect(await host?.dispatch('printer.printReceipt', await ktpReceipt())).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('refused') } });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await host?.dispatch('health.check', {})).toMatchObject({ ok: true, value: { status: 'degraded', checks: expect.arrayContaining([expect.objectContaining({ name: 'devices', status: 'degraded' })]) } });
  });

  it('gives IT a test print and diagnostics: state, connection, last error in plain words, counts', async () => {
    printer = await startVirtualPrinter({ coverOpen: true });
    await startHost(tcpPrinter(printer.port));
    expect(await host?.dispatch('devices.testPrint', { role: 'receiptPrinter' })).toMatchObject({ ok: false, error: { message: 'The printer cover is open: close it firmly.' } });
    printer.state.coverOpen = false;
    expect(await host?.dispatch('devices.testPrint', { role: 'receiptPrinter' })).toMatchObject({ ok: true });
    await printer.jobsDone(1);
    expect(printer.jobs[0]?.lines()).toContain('TES PRINTER');
    expect(printer.jobs[0]?.lines().join(' ')).toContain(`tcp 127.0.0.1:${printer.port}, generic, 80 mm, 48 columns, QR native, cp437`);
    expect(printer.jobs[0]?.qrCodes()).toEqual(['TUNTUN-TES']);
    const diagnostics = await host?.dispatch('devices.diagnostics', {});
    expect(diagnostics).toMatchObject({
      ok: true,
      value: {
        configFile: path.join(dir, 'devices.json'),
        problems: [],
        devices: [
          { role: 'receiptPrinter', state: 'ready', connection: `tcp 127.0.0.1:${printer.port}`, printed: 1, failed: 1, lastError: { reason: 'cover_open', detail: 'The printer cover is open: close it firmly.' } },
          { role: 'documentPrinter', state: 'absent', connection: '', printed: 0 },
        ],
      },
    });
    expect(await host?.dispatch('devices.testPrint', { role: 'documentPrinter' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('the devices file', () => {
  it("runs the office's shipped simulator: the whole path, marked simulasi", async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tuntun-printing-'));
    host = createHost({ shell: 'web', runtime: 'test', version: '0.0.0-test', officeDir, dataDir: path.join(dir, 'data'), logger: createLogger({ dir: path.join(dir, 'logs'), stdout: false }) });
    await host.start();
    const devices = await until((all) => all.every((d) => d.state === 'ready'));
    expect(devices.map((d) => [d.role, d.driver, d.simulated, d.detail])).toEqual([
      ['receiptPrinter', 'simulator', true, 'Simulasi: ready (no real printer is attached)'],
      ['documentPrinter', 'simulator', true, 'Simulasi: ready (no real printer is attached)'],
    ]);
    expect(await host.dispatch('printer.printReceipt', await ktpReceipt())).toMatchObject({ ok: true, value: { simulated: true, bytes: expect.any(Number) } });
  });

  it('without a file, has no printer, and says so instead of waiting', async () => {
    await startHost(undefined);
    expect((await statuses()).map((d) => [d.role, d.state])).toEqual([
      ['receiptPrinter', 'absent'],
      ['documentPrinter', 'absent'],
    ]);
    expect(await host?.dispatch('printer.printReceipt', await ktpReceipt())).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses an invalid file with its field, and the kiosk runs on without devices', async () => {
    await startHost({ receiptPrinter: { driver: 'escpos', transport: { kind: 'tcp', host: '192.168.1.50', port: 99_100 } } });
    expect((await statuses())[0]).toMatchObject({ state: 'error', reason: 'config_invalid', detail: expect.stringContaining('devices.json: receiptPrinter.transport.port') });
    expect(await host?.dispatch('printer.printReceipt', await ktpReceipt())).toMatchObject({
      ok: false,
      error: { code: 'config_invalid', issues: [{ path: 'devices.json: receiptPrinter.transport.port', message: expect.stringContaining('65535') }] },
    });
    expect(await host?.dispatch('app.info', {})).toMatchObject({ ok: true });
  });
});
