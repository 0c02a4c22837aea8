import { describe, expect, it } from 'vitest';
import { formatIdIssue, parseKk, type CalendarDate } from './index';

const today: CalendarDate = { year: 2025, month: 6, day: 15 };

describe('parseKk', () => {
  it('reads the district, the issue date and the serial', () => {
    expect(parseKk('3603031208150003', { today })).toEqual({
      ok: true,
      warnings: [],
      value: { kk: '3603031208150003', districtCode: '36.03.03', issueDate: { year: 2015, month: 8, day: 12 }, serial: '0003' },
    });
  });

  it('does not add 40 to the day: a KK has no sex, so day 41-71 is simply wrong', () => {
    const result = parseKk('3603035208150003', { today });
    expect(result).toEqual({ ok: false, issues: [{ code: 'kk.bad_date', params: { reason: 'day', day: 52 } }] });
    if (result.ok) return;
    const [issue] = result.issues;
    if (issue === undefined) return;
    expect(formatIdIssue(issue, 'id')).toBe('Tanggal terbit di Nomor KK tidak ada: tanggal 52. Tanggal ditulis 01–31 (angka ke-7 dan ke-8).');
    expect(formatIdIssue(issue, 'id')).not.toContain('40');
  });

  it('rejects an impossible or future issue date', () => {
    const feb30 = parseKk('3603033002150003', { today });
    expect(feb30.ok ? [] : feb30.issues.map((i) => i.code)).toEqual(['kk.bad_date']);
    if (!feb30.ok && feb30.issues[0] !== undefined) {
      expect(formatIdIssue(feb30.issues[0], 'en')).toBe('The issue date in the KK number does not exist: 30 February.');
    }
    const future = parseKk('3603030107250003', { today });
    expect(future.ok ? [] : future.issues.map((i) => i.code)).toEqual(['kk.future_date']);
  });

  it('rejects a bad area, serial 0000, and a wrong length, with KK codes', () => {
    const bad = parseKk('2003031208150000', { today });
    expect(bad.ok ? [] : bad.issues.map((i) => i.code)).toEqual(['kk.area', 'kk.serial']);
    const short = parseKk('36030312081500', { today });
    expect(short.ok ? [] : short.issues).toEqual([{ code: 'kk.length', params: { length: 14, expected: 16 } }]);
    const letters = parseKk('36030312O8150003', { today });
    expect(letters.ok ? [] : letters.issues.map((i) => i.code)).toEqual(['kk.digits']);
  });

  it('warns, but accepts, a district that no longer exists', () => {
    const result = parseKk('3603031208150003', { today, districtExists: () => false });
    expect(result).toMatchObject({ ok: true, warnings: [{ code: 'kk.unknown_district' }] });
  });
});
