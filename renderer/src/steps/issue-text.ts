/**
 * An issue in plain words. Identity-number issues use core/id's formatIdIssue, which names the
 * wrong part and how to write it; the flow's own issues use the `issue.<code>` message plus, where
 * a limit matters, a detail with the number ("Paling sedikit 3 huruf"). The spoken clip is the
 * `issue.<code>` text alone, because a recorded clip cannot contain the number.
 */
import type { Locale } from '../../../core/config/locale';
import { missingCase } from '../../../core/contract/result';
import type { StepIssue } from '../../../core/flow/engine';
import type { GroupChildStep, Step } from '../../../core/flow/step';
import type { FlowIssueCode, StepIssueCode } from '../../../core/flow/validate-answer';
import { formatIdIssue, type IdIssueCode } from '../../../core/id';
import type { MessageKey, Translate } from '../i18n/messages';
import { formatDateWords } from './format-answer';

/** The locale key with the issue's spoken text; typed so a new issue code without words fails to compile. */
export const issueKey = (code: StepIssueCode): MessageKey => `issue.${code}` satisfies MessageKey;

const isIdIssue = (code: StepIssueCode): code is IdIssueCode => code.includes('.');

/**
 * `step` (the screen the issue is about) lets a length limit say "angka" for a number and "huruf"
 * for a name; without it the words cover both.
 */
export function issueText(issue: StepIssue, t: Translate, locale: Locale, step?: Step | GroupChildStep): string {
  const { code, params } = issue;
  if (isIdIssue(code)) return formatIdIssue(params === undefined ? { code } : { code, params }, locale);
  const detail = flowDetail(code, params ?? {}, t, locale, step?.kind);
  return detail === undefined ? t(issueKey(code)) : `${t(issueKey(code))} ${detail}`;
}

function flowDetail(
  code: FlowIssueCode,
  params: Readonly<Record<string, string | number>>,
  t: Translate,
  locale: Locale,
  kind: (Step | GroupChildStep)['kind'] | undefined,
): string | undefined {
  const has = (name: string) => params[name] !== undefined;
  const unit = kind === 'keypad' ? 'digits' : kind === 'name' ? 'letters' : 'any';
  switch (code) {
    case 'tooShort': {
      if (!has('min')) return undefined;
      const key = unit === 'digits' ? 'issueDetail.tooShort.digits' : unit === 'letters' ? 'issueDetail.tooShort.letters' : 'issueDetail.tooShort';
      return t(key, { min: params.min ?? '' });
    }
    case 'tooLong': {
      if (!has('max')) return undefined;
      const key = unit === 'digits' ? 'issueDetail.tooLong.digits' : unit === 'letters' ? 'issueDetail.tooLong.letters' : 'issueDetail.tooLong';
      return t(key, { max: params.max ?? '' });
    }
    case 'dateTooEarly':
      return has('min') ? t('issueDetail.dateTooEarly', { min: formatDateWords(String(params.min), locale) }) : undefined;
    case 'dateTooLate':
      return has('max') ? t('issueDetail.dateTooLate', { max: formatDateWords(String(params.max), locale) }) : undefined;
    case 'ageBelow':
      return has('years') ? t('issueDetail.ageBelow', { years: params.years ?? '' }) : undefined;
    case 'groupTooFew':
      return has('min') ? t('issueDetail.groupTooFew', { min: params.min ?? '' }) : undefined;
    case 'groupTooMany':
      return has('max') ? t('issueDetail.groupTooMany', { max: params.max ?? '' }) : undefined;
    case 'required':
    case 'invalidValue':
    case 'notAnOption':
    case 'digitsOnly':
    case 'invalidDate':
    case 'invalidRegion':
    case 'nameCharacters':
    case 'consentDeclined':
      return undefined;
    default:
      return missingCase(code);
  }
}
