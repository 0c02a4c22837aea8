import { describe, expect, test } from 'vitest';
import { ServiceDefinition } from '../../../core/flow/service-definition';
import { sktmInput } from '../../../core/flow/fixtures/sktm';
import type { Step } from '../../../core/flow/step';
import { translator } from '../i18n/messages';
import { digitGroups, formatAnswer, formatDateWords, formatDigits } from './format-answer';

const definition = ServiceDefinition.parse(sktmInput);
const step = (id: string): Step => {
  const found = definition.steps.find((s) => s.id === id);
  if (found === undefined) throw new Error(id);
  return found;
};
const id = { locale: 'id' as const, t: translator('id') };
const en = { locale: 'en' as const, t: translator('en') };

describe('dates in words', () => {
  test('Indonesian and English month names, no leading zero on the day', () => {
    expect(formatDateWords('1990-08-17', 'id')).toBe('17 Agustus 1990');
    expect(formatDateWords('1956-03-05', 'en')).toBe('5 March 1956');
  });

  test('a value that is not a real day is shown as stored rather than invented', () => {
    expect(formatDateWords('1990-02-30', 'id')).toBe('1990-02-30');
    expect(formatDateWords('kemarin', 'id')).toBe('kemarin');
  });
});

describe('digits in groups', () => {
  test('NIK and KK as printed: four groups of four', () => {
    expect(formatDigits('3603035708900001', 'nik')).toBe('3603 0357 0890 0001');
    expect(formatDigits('3603031201090004', 'kk')).toBe('3603 0312 0109 0004');
  });

  test('a partly typed NIK keeps its groups', () => {
    expect(digitGroups('360303570', 'nik')).toEqual(['3603', '0357', '0']);
    expect(digitGroups('', 'nik')).toEqual([]);
  });

  test('phone numbers as they are said: 0812 3456 7890, the rest in the last group', () => {
    expect(formatDigits('081234567890', 'phone')).toBe('0812 3456 7890');
    expect(formatDigits('0812345678901', 'phone')).toBe('0812 3456 78901');
    expect(formatDigits('0001234567890', 'bpjs')).toBe('0001 2345 67890');
  });

  test('a plain number is never split: it may be an amount or a house number', () => {
    expect(formatDigits('1500000', 'number')).toBe('1500000');
  });
});

describe('formatAnswer', () => {
  test('a choice by its label in the screen language, not its stored value', () => {
    expect(formatAnswer(step('purpose'), 'social-aid', id)).toBe('Bantuan sosial');
    expect(formatAnswer(step('purpose'), 'social-aid', en)).toBe('Social aid');
  });

  test("the review's own label wins (the option offered at the time)", () => {
    expect(formatAnswer(step('purpose'), 'school', { ...id, optionLabel: { id: 'Untuk sekolah' } })).toBe('Untuk sekolah');
  });

  test('an option no longer in the service is shown as stored', () => {
    expect(formatAnswer(step('purpose'), 'retired-option', id)).toBe('retired-option');
  });

  test('dates, numbers, names and regions', () => {
    expect(formatAnswer(step('birth-date'), '1990-08-17', id)).toBe('17 Agustus 1990');
    expect(formatAnswer(step('nik'), '3603035708900001', id)).toBe('3603 0357 0890 0001');
    expect(formatAnswer(step('full-name'), "SITI NUR'AINI", id)).toBe("SITI NUR'AINI");
    expect(formatAnswer(step('village'), '36.03.03.1001', { ...id, regionName: 'Tigaraksa' })).toBe('Tigaraksa');
    expect(formatAnswer(step('village'), '36.03.03.1001', id)).toBe('36.03.03.1001');
  });

  test('confirmations in words', () => {
    expect(formatAnswer(step('documents'), true, id)).toBe('Sudah disiapkan');
    expect(formatAnswer(step('consent'), 'agree', id)).toBe('Setuju');
    expect(formatAnswer(step('consent'), 'decline', en)).toBe('I disagree');
  });
});
