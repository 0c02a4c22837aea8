import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMON_PINS_FILE, commonPins, pinProblem, weakPinReason, type WeakPinReason } from './pin-policy';

describe('officer PIN policy', () => {
  it('refuses about a tenth of all 6-digit PINs: every pattern, date and listed PIN, and lets the rest through', () => {
    const refused: Partial<Record<WeakPinReason, number>> = {};
    for (let n = 0; n < 1_000_000; n += 1) {
      const reason = weakPinReason(String(n).padStart(6, '0'));
      if (reason !== null) refused[reason] = (refused[reason] ?? 0) + 1;
    }
    const total = Object.values(refused).reduce((sum, count) => sum + count, 0);
    // Figures of this rule set and data file; a change to either shows here.
    expect(refused).toEqual({ 'one-digit': 10, sequence: 90, repeated: 1_070, mirrored: 900, doubled: 990, date: 89_480, common: 481 });
    expect(total).toBe(93_021);
    // Markert et al. found about 10 % the best balance; well over 1,000 without the dates.
    expect(total - (refused.date ?? 0)).toBeGreaterThan(1_000);
  }, 60_000);

  it('refuses every PIN of the data file, which credits its sources', () => {
    const text = readFileSync(COMMON_PINS_FILE, 'utf8');
    expect(text).toMatch(/zxcvbn 4\.4\.2 \(Dropbox, MIT/u);
    expect(commonPins().size).toBe(743);
    for (const pin of commonPins()) expect(weakPinReason(pin), pin).not.toBeNull();
  });

  it('names the pattern', () => {
    const cases: [string, WeakPinReason][] = [
      ['000000', 'one-digit'],
      ['123456', 'sequence'],
      ['567890', 'sequence'],
      ['987654', 'sequence'],
      ['135791', 'sequence'],
      ['12345678', 'sequence'],
      ['121212', 'repeated'],
      ['123123', 'repeated'],
      ['49174917', 'repeated'],
      ['123321', 'mirrored'],
      ['112233', 'doubled'],
      ['777888', 'doubled'],
      ['170845', 'date'], // 17 August 1945, DDMMYY
      ['570890', 'date'], // a woman born 17 August 1990, as her NIK writes it
      ['900817', 'date'], // YYMMDD
      ['081990', 'date'], // MMYYYY
      ['199008', 'date'], // YYYYMM
      ['17081945', 'date'],
      ['19450817', 'date'],
      ['159753', 'common'],
      ['147258', 'common'],
    ];
    for (const [pin, reason] of cases) expect(weakPinReason(pin), pin).toBe(reason);
  });

  it('takes 6 to 12 digits without a pattern, and nothing else', () => {
    for (const pin of ['730591', '307158', '824639', '59382714', '730591824639']) expect(pinProblem(pin), pin).toBeNull();
    for (const pin of ['73059', '7305918246391', '73059a', ' 730591', '７３０５９１', '']) expect(weakPinReason(pin), pin).toBe('shape');
  });

  it('never repeats the PIN in its message', () => {
    for (const pin of ['123456', '121212', '123321', '112233', '170845', '159753', '000000']) {
      const message = pinProblem(pin) ?? '';
      expect(message.length, pin).toBeGreaterThan(20);
      expect(message, pin).not.toContain(pin);
    }
  });
});
