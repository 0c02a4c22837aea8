import { describe, expect, it } from 'vitest';
import { checkBpjs, formatIdIssue } from './index';

describe('checkBpjs', () => {
  it('accepts 13 digits, with or without the blanks printed on the card', () => {
    expect(checkBpjs('0001234567890')).toEqual({ ok: true, value: '0001234567890', warnings: [] });
    expect(checkBpjs(' 0001 2345 6789 0 ')).toEqual({ ok: true, value: '0001234567890', warnings: [] });
  });

  it('rejects a wrong length and says how many digits were entered', () => {
    const result = checkBpjs('000123456789');
    expect(result).toEqual({ ok: false, issues: [{ code: 'bpjs.length', params: { length: 12, expected: 13 } }] });
    if (!result.ok && result.issues[0] !== undefined) {
      expect(formatIdIssue(result.issues[0], 'id')).toBe('Nomor kartu BPJS Kesehatan harus 13 angka, tetapi yang dimasukkan ada 12.');
    }
    expect(checkBpjs('00012345678901')).toMatchObject({ ok: false, issues: [{ code: 'bpjs.length' }] });
  });

  it('rejects letters and marks', () => {
    expect(checkBpjs('000123456789O')).toEqual({ ok: false, issues: [{ code: 'bpjs.digits' }] });
    expect(checkBpjs('0001-2345-6789-0')).toMatchObject({ ok: false, issues: [{ code: 'bpjs.digits' }, { code: 'bpjs.length' }] });
  });
});
