import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, scrub } from './logger';

describe('logger', () => {
  it('censors personal keys and masks identity-like numbers in values', () => {
    expect(scrub({ nik: '3603031708900001', Name: 'Siti', screen: 'home', note: 'NIK 3603031708900001 ditolak', phone: '081234567890', count: 3 })).toEqual({
      nik: '[redacted]',
      Name: '[redacted]',
      screen: 'home',
      note: 'NIK [number] ditolak',
      phone: '[redacted]',
      count: 3,
    });
  });

  it('writes JSON lines to the log file with no personal data in them', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tuntun-log-'));
    try {
      const log = createLogger({ dir, stdout: false }).child('test');
      log.info('resident.answered', { step: 'nik', nik: '3603035708900002', detail: 'got 3603035708900002 from keypad' });
      log.error('printer.failed for 081234567890');
      const lines = (await readFile(path.join(dir, 'tuntun.log'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatchObject({ event: 'resident.answered', scope: 'test', step: 'nik', nik: '[redacted]', detail: 'got [number] from keypad' });
      expect(JSON.stringify(lines)).not.toMatch(/3603035708900002|081234567890/u);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
