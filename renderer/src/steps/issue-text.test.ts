import { describe, expect, test } from 'vitest';
import { translator } from '../i18n/messages';
import { issueKey, issueText } from './issue-text';

const t = translator('id');

describe('issues in plain words', () => {
  test('identity-number issues use core/id wording, which says what is wrong and how', () => {
    expect(issueText({ stepId: 'nik', code: 'nik.length', params: { length: 8 } }, t, 'id')).toBe('NIK harus 16 angka, tetapi yang dimasukkan ada 8.');
  });

  test('flow issues: the spoken sentence, then the limit', () => {
    expect(issueText({ stepId: 'name', code: 'tooShort', params: { min: 3 } }, t, 'id')).toBe(
      'Jawaban ini terlalu pendek. Periksa lagi. Paling sedikit 3 angka atau huruf.',
    );
    expect(issueText({ stepId: 'birth', code: 'dateTooLate', params: { max: '2025-06-10' } }, translator('en'), 'en')).toBe(
      'This date is too late. Choose an earlier date. The latest is 10 June 2025.',
    );
    expect(issueText({ stepId: 'sex', code: 'required' }, t, 'id')).toBe('Pertanyaan ini perlu dijawab.');
  });

  test('with the step, a limit counts digits for a number and letters for a name', () => {
    const keypad = { id: 'nik', kind: 'keypad', format: 'nik', question: { id: 'NIK?' } } as const;
    const name = { id: 'name', kind: 'name', question: { id: 'Nama?' } } as const;
    expect(issueText({ stepId: 'nik', code: 'tooShort', params: { min: 16 } }, t, 'id', keypad)).toBe('Jawaban ini terlalu pendek. Periksa lagi. Paling sedikit 16 angka.');
    expect(issueText({ stepId: 'name', code: 'tooLong', params: { max: 60 } }, t, 'id', name)).toBe('Jawaban ini terlalu panjang. Periksa lagi. Paling banyak 60 huruf.');
  });

  test('a missing param leaves the detail out instead of showing "{min}"', () => {
    expect(issueText({ stepId: 'name', code: 'tooShort' }, t, 'id')).toBe('Jawaban ini terlalu pendek. Periksa lagi.');
  });

  test('the spoken clip is the locale key of the code', () => {
    expect(issueKey('nik.length')).toBe('issue.nik.length');
    expect(issueKey('required')).toBe('issue.required');
  });
});
