/**
 * A stored answer in the words a resident reads back on the review screen: "17 Agustus 1990", not
 * "1990-08-17"; "Sekolah", not "school"; a NIK in groups of four so it can be checked against the
 * card a block at a time. Pure, so the review, the done screen and tests share one reading.
 */
import { pickText, type Locale, type LocalizedText } from '../../../core/config/locale';
import { missingCase } from '../../../core/contract/result';
import type { AnswerValue } from '../../../core/flow/engine';
import { parseIsoDate } from '../../../core/flow/flow-date';
import type { ChoiceOption, GroupChildStep, KeypadFormat, Step } from '../../../core/flow/step';
import { MONTH_NAMES } from '../../../core/id/calendar-date';
import type { Translate } from '../i18n/messages';

/** The month's name, 1 = January. */
export function monthName(month: number, locale: Locale): string {
  return MONTH_NAMES[locale][month - 1] ?? String(month);
}

/** "1990-08-17" → "17 Agustus 1990" / "17 August 1990"; anything else is returned as it is. */
export function formatDateWords(iso: string, locale: Locale): string {
  const date = parseIsoDate(iso);
  if (date === null) return iso;
  return `${date.day} ${monthName(date.month, locale)} ${date.year}`;
}

/**
 * Group sizes for reading a number aloud or checking it against a card. NIK and KK as printed
 * (4-4-4-4); phone numbers the way Indonesians say them (0812 3456 7890); a plain number is one
 * block, because it may be an amount or a house number and any grouping would misread it.
 */
export function digitGroupSizes(format: KeypadFormat, length: number): number[] {
  switch (format) {
    case 'nik':
    case 'kk':
      return [4, 4, 4, 4];
    case 'bpjs':
    case 'phone':
      return [4, 4, 5];
    case 'number':
      return [Math.max(length, 1)];
    default:
      return missingCase(format);
  }
}

/** The digits cut into groups; digits beyond the sizes join the last group. */
export function digitGroups(digits: string, format: KeypadFormat): string[] {
  const sizes = digitGroupSizes(format, digits.length);
  const groups: string[] = [];
  let at = 0;
  sizes.forEach((size, i) => {
    if (at >= digits.length) return;
    const end = i === sizes.length - 1 ? digits.length : at + size;
    groups.push(digits.slice(at, end));
    at = end;
  });
  return groups;
}

export function formatDigits(digits: string, format: KeypadFormat): string {
  return digitGroups(digits, format).join(' ');
}

export type AnswerWords = {
  locale: Locale;
  t: Translate;
  /** A choice's label when the caller already has it (ReviewItem.optionLabel). */
  optionLabel?: LocalizedText | undefined;
  /** The options offered now; without them the step's full list is searched. */
  options?: readonly ChoiceOption[] | undefined;
  /** A region's name; without it the code is shown. */
  regionName?: string | undefined;
};

/** What the resident answered, in words. */
export function formatAnswer(step: Step | GroupChildStep, value: AnswerValue, words: AnswerWords): string {
  const { locale, t } = words;
  // Only a checklist stores a boolean: true is its one possible confirmation.
  if (typeof value === 'boolean') return value ? t('checklist.ready') : t('review.empty');
  switch (step.kind) {
    case 'choice': {
      const label = words.optionLabel ?? (words.options ?? step.options).find((o) => o.value === value)?.label;
      return label === undefined ? value : pickText(label, locale);
    }
    case 'keypad':
      return formatDigits(value, step.format);
    case 'date':
      return formatDateWords(value, locale);
    case 'region':
      return words.regionName ?? value;
    case 'name':
      return value;
    case 'consent':
      return value === 'agree' ? t('consent.agree') : value === 'decline' ? t('consent.decline') : value;
    case 'checklist':
    case 'info':
    case 'review':
    case 'submit':
    case 'done':
    case 'group':
      return value;
    default:
      return missingCase(step);
  }
}
