import { describe, expect, it } from 'vitest';
import { formatIdIssue, normalizePhone } from './index';

const normalized = (input: string) => {
  const result = normalizePhone(input);
  return result.ok ? result.value : result.issues.map((i) => i.code).join(',');
};

describe('normalizePhone', () => {
  it('gives one +628 form for every way the same number is written', () => {
    for (const input of [
      '081234567890',
      '+6281234567890',
      '6281234567890',
      '0812-3456-7890',
      '0812 3456 7890',
      '(0812) 3456-7890',
      '0812.3456.7890',
      '+62 812-3456-7890',
    ]) {
      expect(normalized(input), input).toBe('+6281234567890');
    }
  });

  it('accepts 10 to 13 digits counted in the 08 form', () => {
    expect(normalized('0812345678')).toBe('+62812345678'); // 10
    expect(normalized('0812345678901')).toBe('+62812345678901'); // 13
    expect(normalized('+62812345678901')).toBe('+62812345678901'); // 13 as 08…
  });

  it('rejects too few or too many digits and says how many there were', () => {
    const short = normalizePhone('081234567');
    expect(short).toEqual({ ok: false, issues: [{ code: 'phone.length', params: { length: 9, min: 10, max: 13 } }] });
    if (!short.ok && short.issues[0] !== undefined) {
      expect(formatIdIssue(short.issues[0], 'id')).toBe('Nomor HP harus 10 sampai 13 angka (dihitung dari 08), tetapi yang dimasukkan ada 9.');
      expect(formatIdIssue(short.issues[0], 'en')).toBe('A mobile number has 10 to 13 digits (counted from the 08), but 9 were entered.');
    }
    expect(normalized('08123456789012')).toBe('phone.length');
    expect(normalized('+628123456789012')).toBe('phone.length');
  });

  it('rejects numbers that are not Indonesian mobiles', () => {
    for (const input of ['0211234567', '+62211234567', '812345678901', '+0812345678901', '0062812345678', '+1 415 555 0100', '']) {
      expect(normalized(input), input).toBe('phone.prefix');
    }
  });

  it('rejects letters and a + anywhere but the start', () => {
    expect(normalized('0812-3456-78ab')).toBe('phone.digits');
    expect(normalized('0812+34567890')).toBe('phone.digits');
    expect(normalized('++6281234567890')).toBe('phone.digits');
  });
});
