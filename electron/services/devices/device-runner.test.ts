import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EscPosReceiptPrinterConfig } from '../../../core/config/device-config';
import type { DeviceStatus } from '../../../core/contract/devices';
import { testPage } from '../../../core/receipt/test-page';
import { manualScheduler, type ManualScheduler } from '../../../tests/support/manual-scheduler';
import { startVirtualPrinter, type VirtualPrinter } from '../../../tests/support/escpos/virtual-printer';
import { createLogger } from '../logs/logger';
import { createRunner, type Runner } from './device-runner';
import { escPosPrinter } from './escpos/escpos-printer';

/**
 * One printer's runner with a real driver on a real socket (the virtual printer) and a scheduler
 * moved by hand: the status stream, the checks while idle, and reconnecting after the printer is
 * switched off and on again, at 1, 2, 4 … s without the test sleeping.
 */
let printer: VirtualPrinter;
let scheduler: ManualScheduler;
let runner: Runner;
let logDir: string;
let seen: DeviceStatus[];

const PAGE = testPage({ locale: 'id', office: { name: 'Kecamatan Tigaraksa', timeZone: 'Asia/Jakarta' }, printedAt: new Date('2026-03-02T01:10:00Z'), device: 'test' });

beforeEach(async () => {
  printer = await startVirtualPrinter();
  scheduler = manualScheduler();
  logDir = await mkdtemp(path.join(tmpdir(), 'tuntun-runner-'));
  seen = [];
  const config = EscPosReceiptPrinterConfig.parse({ driver: 'escpos', transport: { kind: 'tcp', host: '127.0.0.1', port: printer.port }, timeouts: { connectMs: 300, statusMs: 300 } });
  runner = createRunner({
    role: 'receiptPrinter',
    printer: escPosPrinter(config),
    pollMs: 30_000,
    jobBudgetMs: 3000,
    scheduler,
    logger: createLogger({ dir: logDir, level: 'debug', stdout: false }),
    onStatus: (status) => seen.push(status),
  });
});
afterEach(async () => {
  await runner.stop();
  await printer.stop();
  await rm(logDir, { recursive: true, force: true });
});

/** Waits (in real time: the printer answers over a socket) for the runner to show `state`. */
async function until(state: DeviceStatus['state']): Promise<DeviceStatus> {
  for (let i = 0; i < 200; i++) {
    if (runner.status().state === state) return runner.status();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`still ${runner.status().state}: ${runner.status().detail}`);
}

async function logLines(): Promise<Record<string, unknown>[]> {
  return (await readFile(path.join(logDir, 'tuntun.log'), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('the device runner', () => {
  it('checks at start, then every pollMs while the printer is fine', async () => {
    expect(runner.status()).toMatchObject({ state: 'busy', detail: 'Checking the printer' });
    runner.start();
    await until('ready');
    expect(scheduler.pending()).toEqual([30_000]);
    printer.state.paperLow = true;
    scheduler.advance(30_000);
    expect(await until('warning')).toMatchObject({ reason: 'paper_low', since: '2026-03-02T01:00:30.000Z' });
    expect(seen.map((s) => s.state)).toEqual(['ready', 'warning']);
  });

  it('reconnects with backoff after the printer is switched off, and is ready again once it is back', async () => {
    runner.start();
    await until('ready');
    await printer.stop();
    scheduler.advance(30_000);
    expect(await until('error')).toMatchObject({ reason: 'unreachable' });
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      await waitForPending();
      delays.push(scheduler.pending()[0] ?? -1);
      scheduler.advance(delays.at(-1) ?? 0);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000]);
    await printer.restart();
    await waitForPending();
    scheduler.advance(scheduler.pending()[0] ?? 0);
    await until('ready');
    await waitForPending();
    expect(scheduler.pending()).toEqual([30_000]);
    expect(seen.map((s) => s.state)).toEqual(['ready', 'error', 'ready']);
    const changes = (await logLines()).filter((line) => line['event'] === 'device.state_changed');
    expect(changes.map((line) => [line['level'], line['state'], line['code'] ?? null])).toEqual([
      [40, 'error', 'unreachable'],
      [30, 'ready', null],
    ]);
    expect(runner.diagnostics()).toMatchObject({ state: 'ready', lastError: { reason: 'unreachable', detail: expect.stringContaining('refused') } });
  });

  it('is busy while a page prints, one job at a time, and counts what printed', async () => {
    runner.start();
    await until('ready');
    const jobs = await Promise.all([runner.print(PAGE, { reprint: false }), runner.print(PAGE, { reprint: false })]);
    expect(jobs.map((job) => job.ok)).toEqual([true, true]);
    await printer.jobsDone(2);
    expect(seen.map((s) => s.state)).toEqual(['ready', 'busy', 'ready', 'busy', 'ready']);
    expect(runner.diagnostics()).toMatchObject({ printed: 2, failed: 0, lastPrintAt: '2026-03-02T01:00:00.000Z', connection: `tcp 127.0.0.1:${printer.port}` });
  });

  it('answers a failed job with a Result in plain words and tries the printer again in a second', async () => {
    runner.start();
    await until('ready');
    printer.state.paperLines = 0;
    expect(await runner.print(PAGE, { reprint: true })).toEqual({ ok: false, error: { code: 'unavailable', message: 'Paper is out: put in a new roll.' } });
    expect(runner.diagnostics()).toMatchObject({ state: 'error', reason: 'paper_out', failed: 1 });
    expect(scheduler.pending()).toEqual([1000]);
    printer.state.paperLines = undefined;
    scheduler.advance(1000);
    await until('ready');
    expect((await logLines()).find((line) => line['event'] === 'device.print_failed')).toMatchObject({ role: 'receiptPrinter', code: 'paper_out', reprint: true });
  });
});

/** A check in flight schedules the next one when its answer is in. */
async function waitForPending(): Promise<void> {
  for (let i = 0; i < 200 && scheduler.pending().length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
}
