import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, type LogFields } from './logger';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tuntun-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function linesWritten(): Promise<Record<string, unknown>[]> {
  const text = await readFile(path.join(dir, 'tuntun.log'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * Log lines as the code writes them today (electron/, renderer/ through log.report, scripts/),
 * with realistic values: every field must reach the file as given, or IT loses what it needs.
 */
const uuid = '0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b';
const version = 'c0ffee0123456789abcdef0123456789abcdef0123456789abcdef0123456789';
const REALISTIC: [event: string, fields: LogFields][] = [
  ['journal.opened', { entries: 12, dead: 3, bytes: 48_211 }],
  ['journal.line_damaged', { line: 7, reason: 'does not authenticate' }],
  ['journal.other_key', { setAside: '/var/lib/tuntun/journal/submissions.journal.other-key-2025-01-02T03-04-05-000Z', lines: 40 }],
  ['journal.compacted', { entries: 5, removedLines: 70, bytesBefore: 90_000, bytesAfter: 6_000 }],
  ['journal.below_floor', { freeBytes: 512 * 1024 * 1024, floorBytes: 1024 * 1024 * 1024 }],
  ['journal.write_failed', { code: 'ENOSPC' }],
  ['journal.entry_unreadable', { id: uuid }],
  ['event.sink_failed', { eventName: 'device.statusChanged', error: 'socket closed', errorName: 'Error' }],
  ['bridge.handler_failed', { request: 'journal.append', error: "Cannot read properties of undefined (reading 'id')", errorName: 'TypeError' }],
  ['config.recovered', { office: '36.03.03' }],
  ['config.invalid', { problem: 'services/sktm.json: steps[3].options: Required' }],
  ['help.requested', { screen: 'flow:ktp-el', serviceId: 'ktp-el', locale: 'id' }],
  ['help.requested', { screen: 'home', serviceId: null, locale: 'en' }],
  ['secrets.mode_tightened', { file: '/home/kiosk/.local/share/tuntun/secrets/device.json', mode: '644' }],
  ['secrets.resealed', { what: 'store key', store: 'safe-storage' }],
  ['secrets.enrolled', { deviceId: 'dev_loketdepan01', officeCode: '36.03.03', store: 'key-file' }],
  ['data.journal_unavailable', { reason: 'The store key cannot be used: the file is damaged.' }],
  ['bridge.refused', { status: 403, reason: 'origin not allowed' }],
  ['bridge.connected', { clients: 1 }],
  ['web_host.stopping', { signal: 'SIGTERM' }],
  ['browser.exited', { code: 0 }],
  ['app.ready', { version: '0.4.0', packaged: true, displaySleepBlocked: true }],
  ['child_process.gone', { type: 'GPU', reason: 'crashed', exitCode: 139 }],
  ['navigation.blocked', { to: 'https://example.com', frame: 'sub' }],
  ['permission.denied', { permission: 'media', from: 'app://tuntun' }],
  ['asset.refused', { status: 404, reason: 'not found' }],
  ['page.load_failed', { why: 'renderer_gone', code: -3, description: 'ERR_ABORTED' }],
  ['renderer.gone', { reason: 'crashed', exitCode: 1, attempt: 2, reloadInMs: 4000 }],
  ['renderer.gave_up', { reason: 'oom', crashes: 5, action: 'exit for the supervisor to restart' }],
  ['renderer.unresponsive', { killInMs: 10_000 }],
  ['bridge.refused', { from: 'app://tuntun', topFrame: false }],
  // From the renderer, through log.report.
  ['store.write_failed', { reason: 'QuotaExceededError', journaled: true }],
  ['csp.violation', { directive: 'connect-src', blocked: 'https://evil.example/x' }],
  ['speech.missing-clip', { key: 'svc.ktp-el.nik.prompt', locale: 'id' }],
  ['speech.manifest-unavailable', { detail: 'HTTP 404' }],
  ['store.reconciled', { restored: 1, rejournaled: 0, dropped: 2, corrupt: 0, failed: 0 }],
  ['store.purged', { rows: 30, auditEntries: 12 }],
  ['sync.item_held', { id: uuid, reason: 'nik: invalid check digit' }],
  ['sync.conflict', { trackingCode: '7K4-M2X-9QRT' }],
  ['sync.catalogue_applied', { version }],
  ['sync.catalogue_refused', { problem: 'signature', reason: 'the signature does not verify' }],
  ['sync.sent_from_store', { count: 3 }],
  ['sync.audit_relinked', { serverThrough: 41, relinked: 9 }],
  ['sync.recovered', { after: 'network' }],
  ['sync.failed', { code: 'clock_skew', reason: 'the server refused the timestamp', skewSeconds: -420 }],
  ['catalogue.other_office', { catalogueOffice: '36.03.04', kioskOffice: '36.03.03', version }],
  ['bridge.listener_failed', { eventName: 'scanner.scanned' }],
];

describe('logger', () => {
  it('writes every field of the realistic set as given', async () => {
    const log = createLogger({ dir, level: 'debug', stdout: false }).child('test');
    for (const [event, fields] of REALISTIC) log.info(event, fields);
    const lines = await linesWritten();
    expect(lines).toHaveLength(REALISTIC.length);
    lines.forEach((line, index) => {
      const [event, fields] = REALISTIC[index] ?? ['', {}];
      expect(line).toEqual({ level: 30, time: expect.any(String), scope: 'test', event, ...fields });
    });
  });

  it('never writes a name under a key it does not know: the key stays, its value does not', async () => {
    const log = createLogger({ dir, stdout: false }).child('test');
    log.warn('help.requested', { h: 'Siti Aminah', screen: 'home', namaIbu: 'Wartini' });
    log.info('resident.answered', { Name: 'Budi Santoso', nama: 'Budi Santoso', nik: '3603031708900001' });
    const written = await readFile(path.join(dir, 'tuntun.log'), 'utf8');
    expect(written).not.toMatch(/Siti|Aminah|Wartini|Budi|Santoso|3603031708900001/u);
    const [first, second] = await linesWritten();
    expect(first).toMatchObject({ event: 'help.requested', h: '[unlisted]', namaIbu: '[unlisted]', screen: 'home' });
    expect(second).toMatchObject({ Name: '[unlisted]', nama: '[unlisted]', nik: '[unlisted]' });
  });

  it('writes a listed key whose value is not its kind as "[invalid]", and masks identity-like numbers in text', async () => {
    const log = createLogger({ dir, stdout: false }).child('test');
    log.error('store.purged', { rows: 'Siti' as unknown as number, screen: 'Siti Aminah', deviceId: '3603031708900001' });
    log.error('sync.item_held', { reason: 'NIK 3603031708900001 / HP 0812-3456-7890 ditolak', id: uuid });
    log.error('printer.failed for 081234567890');
    const [invalid, masked, event] = await linesWritten();
    expect(invalid).toMatchObject({ rows: '[invalid]', screen: '[invalid]', deviceId: '[number]' });
    expect(masked).toMatchObject({ reason: 'NIK [number] / HP [number] ditolak', id: uuid });
    expect(event).toMatchObject({ event: 'printer.failed for [number]' });
    expect(JSON.stringify([invalid, masked, event])).not.toMatch(/Siti|3603031708900001|7890/u);
  });
});
