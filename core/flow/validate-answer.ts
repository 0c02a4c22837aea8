/**
 * Checks one answer against its step and rules. Identity numbers are checked by core/id; this file
 * only decides which check applies and turns the results into issues the UI shows and speaks.
 */
import { checkBpjs, crossCheckNik, normalizePhone, parseKk, parseNik } from '../id';
import type { CalendarDate, IdIssue, IdIssueCode, NikInfo } from '../id';
import { missingCase } from '../contract/result';
import { ageOn, compareCalendarDates, formatIsoDate, parseIsoDate, resolveRelativeDate } from './flow-date';
import { DEFAULT_NAME_MAX_LENGTH, keypadLength, type ChoiceOption, type GroupChildStep, type KeypadFormat, type Step } from './step';
import type { ValidationRule } from './validation-rule';

/** Codes the flow itself reports; identity checks add their own `nik.*`, `kk.*`, … codes. */
export type FlowIssueCode =
  | 'required' // no answer where one is needed
  | 'invalidValue' // the stored value has the wrong type for the step (a caller bug, not the resident)
  | 'notAnOption' // a choice value not offered (any more)
  | 'digitsOnly'
  | 'tooShort' // params.min
  | 'tooLong' // params.max
  | 'invalidDate'
  | 'dateTooEarly' // params.min, YYYY-MM-DD
  | 'dateTooLate' // params.max, YYYY-MM-DD
  | 'ageBelow' // params.years
  | 'invalidRegion' // params.level
  | 'nameCharacters' // letters, digits, spaces and . , ' / - only
  | 'groupTooFew' // params.min
  | 'groupTooMany' // params.max
  | 'consentDeclined';

export type StepIssueCode = FlowIssueCode | IdIssueCode;

/** What the UI shows and speaks; `instance` names the group entry for steps inside a group. */
export type StepIssue = {
  stepId: string;
  instance?: string;
  code: StepIssueCode;
  params?: Record<string, string | number>;
};

export type AnswerValue = string | boolean;

export type ValidationContext = {
  today: CalendarDate;
  /** Answers that still count (visible steps), for cross-checks such as matchesNik. */
  lookup: (stepId: string) => { value: AnswerValue } | undefined;
  /** The options shown now on a choice step (after their own conditions). */
  options?: readonly ChoiceOption[];
  /** From the wilayah list; without it a NIK's district is not checked. */
  districtExists?: (districtCode: string) => boolean;
};

export type AnswerCheck = { issues: { code: StepIssueCode; params?: Record<string, string | number> }[]; warnings: IdIssue[] };

type Found = AnswerCheck['issues'];

const VILLAGE = /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/u;
const DISTRICT = /^\d{2}\.\d{2}\.\d{2}$/u;
// Names use letters, spaces and a few marks ("SITI NUR'AINI", "H. ABDUL"); digits are allowed
// because school and business names carry them ("SDN 1 Tigaraksa"). Other symbols are slips on
// the letter keyboard.
const NAME = /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} .,'\/-]*$/u;

const issue = (code: StepIssueCode, params?: Record<string, string | number>): Found[number] =>
  params === undefined ? { code } : { code, params };

/**
 * `value` undefined means "not answered". Rules other than `required` pass on an unanswered
 * step, so an optional question can be skipped without tripping its format checks.
 */
export function validateAnswer(step: Step | GroupChildStep, value: AnswerValue | undefined, context: ValidationContext): AnswerCheck {
  const rules: readonly ValidationRule[] = 'validate' in step ? (step.validate ?? []) : [];
  const required = rules.some((r) => r.rule === 'required');
  switch (step.kind) {
    case 'info':
    case 'review':
    case 'submit':
    case 'done':
    case 'group':
      return { issues: [], warnings: [] };
    case 'checklist':
      // The only way on from a checklist is to confirm it, so it is always required.
      return { issues: value === true ? [] : [issue('required')], warnings: [] };
    case 'consent':
      if (value === undefined) return { issues: [issue('required')], warnings: [] };
      return { issues: value === 'agree' || value === 'decline' ? [] : [issue('invalidValue')], warnings: [] };
    case 'choice':
    case 'keypad':
    case 'date':
    case 'region':
    case 'name':
      if (value === undefined) return { issues: required ? [issue('required')] : [], warnings: [] };
      if (typeof value !== 'string') return { issues: [issue('invalidValue')], warnings: [] };
      return checkText(step, value, rules, context);
    default:
      return missingCase(step);
  }
}

function checkText(
  step: Extract<Step, { kind: 'choice' | 'keypad' | 'date' | 'region' | 'name' }>,
  value: string,
  rules: readonly ValidationRule[],
  context: ValidationContext,
): AnswerCheck {
  const issues: Found = [];
  const warnings: IdIssue[] = [];
  switch (step.kind) {
    case 'choice': {
      const options = context.options ?? step.options;
      if (!options.some((o) => o.value === value)) return { issues: [issue('notAnOption')], warnings };
      for (const rule of rules) {
        if (rule.rule !== 'matchesNik' || (value !== 'male' && value !== 'female')) continue;
        const nik = nikOf(rule.nikStep, context);
        if (nik !== null) issues.push(...crossCheckNik(nik, { sex: value }));
      }
      return { issues, warnings };
    }
    case 'keypad': {
      if (!/^\d+$/u.test(value)) return { issues: [issue('digitsOnly')], warnings };
      const length = keypadLength(step);
      const lengthIssues = checkLength(value, length.min, length.max, rules);
      // A wrong length would make the number checks repeat the same complaint in other words.
      if (lengthIssues.length > 0) return { issues: lengthIssues, warnings };
      const formats = new Set<KeypadFormat>([step.format]);
      for (const rule of rules) if (rule.rule === 'nik' || rule.rule === 'kk' || rule.rule === 'bpjs' || rule.rule === 'phone') formats.add(rule.rule);
      let nik: NikInfo | null = null;
      for (const format of formats) {
        const checked = checkNumber(format, value, context);
        issues.push(...checked.issues);
        warnings.push(...checked.warnings);
        if (checked.nik !== null) nik = checked.nik;
      }
      for (const rule of rules) {
        if (rule.rule === 'ageAtLeast' && nik !== null && ageOn(nik.birthDate, context.today) < rule.years) {
          issues.push(issue('ageBelow', { years: rule.years }));
        }
      }
      return { issues, warnings };
    }
    case 'date': {
      const date = parseIsoDate(value);
      if (date === null) return { issues: [issue('invalidDate')], warnings };
      if (step.min !== undefined) {
        const min = resolveRelativeDate(step.min, context.today);
        if (compareCalendarDates(date, min) < 0) issues.push(issue('dateTooEarly', { min: formatIsoDate(min) }));
      }
      if (step.max !== undefined) {
        const max = resolveRelativeDate(step.max, context.today);
        if (compareCalendarDates(date, max) > 0) issues.push(issue('dateTooLate', { max: formatIsoDate(max) }));
      }
      for (const rule of rules) {
        if (rule.rule === 'ageAtLeast' && ageOn(date, context.today) < rule.years) issues.push(issue('ageBelow', { years: rule.years }));
        if (rule.rule === 'matchesNik') {
          const nik = nikOf(rule.nikStep, context);
          if (nik !== null) issues.push(...crossCheckNik(nik, { birthDate: date }));
        }
      }
      return { issues, warnings };
    }
    case 'region': {
      const pattern = step.level === 'village' ? VILLAGE : DISTRICT;
      return { issues: pattern.test(value) ? [] : [issue('invalidRegion', { level: step.level })], warnings };
    }
    case 'name': {
      if (!NAME.test(value)) issues.push(issue('nameCharacters'));
      issues.push(...checkLength(value, 1, step.maxLength ?? DEFAULT_NAME_MAX_LENGTH, rules));
      return { issues, warnings };
    }
    default:
      return missingCase(step);
  }
}

/** Length limits from the step and from minLength/maxLength rules; the strictest wins. */
function checkLength(value: string, min: number, max: number, rules: readonly ValidationRule[]): Found {
  let lo = min;
  let hi = max;
  for (const rule of rules) {
    if (rule.rule === 'minLength') lo = Math.max(lo, rule.value);
    if (rule.rule === 'maxLength') hi = Math.min(hi, rule.value);
  }
  const length = [...value].length;
  if (length < lo) return [issue('tooShort', { min: lo })];
  if (length > hi) return [issue('tooLong', { max: hi })];
  return [];
}

function checkNumber(format: KeypadFormat, value: string, context: ValidationContext): AnswerCheck & { nik: NikInfo | null } {
  const idOptions = context.districtExists === undefined ? { today: context.today } : { today: context.today, districtExists: context.districtExists };
  switch (format) {
    case 'nik': {
      const parsed = parseNik(value, idOptions);
      return parsed.ok ? { issues: [], warnings: parsed.warnings, nik: parsed.value } : { issues: parsed.issues, warnings: [], nik: null };
    }
    case 'kk': {
      const parsed = parseKk(value, idOptions);
      return parsed.ok ? { issues: [], warnings: parsed.warnings, nik: null } : { issues: parsed.issues, warnings: [], nik: null };
    }
    case 'bpjs': {
      const parsed = checkBpjs(value);
      return parsed.ok ? { issues: [], warnings: parsed.warnings, nik: null } : { issues: parsed.issues, warnings: [], nik: null };
    }
    case 'phone': {
      const parsed = normalizePhone(value);
      return parsed.ok ? { issues: [], warnings: parsed.warnings, nik: null } : { issues: parsed.issues, warnings: [], nik: null };
    }
    case 'number':
      return { issues: [], warnings: [], nik: null };
    default:
      return missingCase(format);
  }
}

/**
 * The NIK a cross-check compares with. Nothing to compare (no answer, or an invalid NIK) is not an
 * error here: the NIK step reports its own problems, and one mistake should be told once.
 */
function nikOf(nikStep: string, context: ValidationContext): NikInfo | null {
  const answer = context.lookup(nikStep);
  if (answer === undefined || typeof answer.value !== 'string') return null;
  const parsed = parseNik(answer.value, { today: context.today });
  return parsed.ok ? parsed.value : null;
}
