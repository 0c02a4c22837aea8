import { describe, expect, it } from 'vitest';
import { formatIdIssue, type IdIssue, type IdIssueCode } from './index';

/** A Record forces a sample for every code: adding a code without words fails to compile here. */
const SAMPLES: Record<IdIssueCode, IdIssue['params']> = {
  'nik.length': { length: 15, expected: 16 },
  'nik.digits': undefined,
  'nik.area': { part: 'province' },
  'nik.bad_date': { reason: 'calendar', day: 31, month: 2, year: 1990 },
  'nik.future_date': { day: 16, month: 6, year: 2025 },
  'nik.serial': undefined,
  'nik.unknown_district': undefined,
  'nik.birthdate_mismatch': { nikDay: 17, nikMonth: 8, nikYear: 1990, givenDay: 18, givenMonth: 8, givenYear: 1990 },
  'nik.sex_mismatch': { nikSex: 'female', givenSex: 'male' },
  'kk.length': { length: 1, expected: 16 },
  'kk.digits': undefined,
  'kk.area': { part: 'regency' },
  'kk.bad_date': { reason: 'month', month: 13 },
  'kk.future_date': { day: 1, month: 7, year: 2025 },
  'kk.serial': undefined,
  'kk.unknown_district': undefined,
  'bpjs.length': { length: 12, expected: 13 },
  'bpjs.digits': undefined,
  'phone.prefix': undefined,
  'phone.length': { length: 9, min: 10, max: 13 },
  'phone.digits': undefined,
  'tracking.format': { reason: 'length', length: 9, expected: 10 },
  'tracking.check': undefined,
};

const codes = Object.keys(SAMPLES) as IdIssueCode[];

describe('formatIdIssue', () => {
  it('has a sentence for every code in both languages', () => {
    for (const code of codes) {
      const params = SAMPLES[code];
      const issue: IdIssue = params === undefined ? { code } : { code, params };
      const id = formatIdIssue(issue, 'id');
      const en = formatIdIssue(issue, 'en');
      expect(id, code).toMatch(/^[A-Z].*\.$/u);
      expect(en, code).toMatch(/^[A-Z].*\.$/u);
      expect(id, code).not.toBe(en);
    }
  });

  it('still says something true when params are missing or malformed', () => {
    for (const code of codes) {
      const variants: Array<IdIssue['params']> = [undefined, {}, { day: 'x', month: 'y', length: 'z', reason: 7, part: 3 }];
      for (const params of variants) {
        const issue: IdIssue = params === undefined ? { code } : { code, params };
        for (const locale of ['id', 'en'] as const) {
          const message = formatIdIssue(issue, locale);
          expect(message.length, code).toBeGreaterThan(10);
          expect(message, code).not.toMatch(/undefined|NaN|null|\[object/u);
        }
      }
    }
  });

  it('names months in Indonesian and in English', () => {
    const indonesian = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
    const english = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    for (let month = 1; month <= 12; month++) {
      const issue: IdIssue = { code: 'nik.future_date', params: { day: 1, month, year: 2030 } };
      expect(formatIdIssue(issue, 'id')).toContain(`1 ${indonesian[month - 1]} 2030`);
      expect(formatIdIssue(issue, 'en')).toContain(`1 ${english[month - 1]} 2030`);
    }
  });

  it('uses singular English for a count of one', () => {
    expect(formatIdIssue({ code: 'kk.length', params: { length: 1, expected: 16 } }, 'en')).toBe('A KK number has 16 digits, but 1 was entered.');
  });
});
