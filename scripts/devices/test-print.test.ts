import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startVirtualPrinter, type VirtualPrinter } from '../../tests/support/escpos/virtual-printer';
import { runKiosk } from '../kiosk';

/** `npm run kiosk -- test-print` as IT staff run it, against the virtual printer on a socket. */
const root = path.resolve(import.meta.dirname, '..', '..');
let dir: string;
let printer: VirtualPrinter;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tuntun-test-print-'));
  printer = await startVirtualPrinter();
  await writeFile(path.join(dir, 'devices.json'), JSON.stringify({ receiptPrinter: { driver: 'escpos', transport: { kind: 'tcp', host: '127.0.0.1', port: printer.port }, timeouts: { connectMs: 500, statusMs: 500 } } }));
});
afterEach(async () => {
  await printer.stop();
  await rm(dir, { recursive: true, force: true });
});

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runKiosk(['test-print', ...args], { env: { KIOSK_DEVICES: path.join(dir, 'devices.json') }, out: (l) => out.push(l), err: (l) => err.push(l), root });
  return { code, out, err };
}

describe('npm run kiosk -- test-print', () => {
  it('prints the test page and says so', async () => {
    const result = await run();
    expect(result.code).toBe(0);
    expect(result.out).toEqual([
      `Devices file: ${path.join(dir, 'devices.json')}`,
      `Receipt printer: escpos, tcp 127.0.0.1:${printer.port} (generic, 80 mm, 48 columns, QR native, cp437)`,
      'State: ready: Ready',
      expect.stringMatching(/^Test page printed \(\d+ bytes\)/u),
    ]);
    await printer.jobsDone(1);
    expect(printer.jobs[0]?.lines()).toContain('TES PRINTER');
    expect(printer.jobs[0]?.qrCodes()).toEqual(['TUNTUN-TES']);
  });

  it('says in plain words why nothing printed, and exits 1', async () => {
    printer.state.paperLines = 0;
    const result = await run();
    expect(result.code).toBe(1);
    expect(result.out.slice(-2)).toEqual(['State: error: Paper is out: put in a new roll.', 'Test page NOT printed: Paper is out: put in a new roll.']);
  });

  it('says when the kiosk has no such printer, and refuses an unknown role', async () => {
    expect((await run('--role', 'documentPrinter')).out.at(-1)).toBe('Document printer: No device is configured for this role');
    expect((await run('--role', 'scanner')).code).toBe(2);
  });
});
