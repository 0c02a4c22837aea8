/**
 * Validation rules, by name with parameters. Each step kind accepts only the rules that make sense
 * for it, so a rule on the wrong kind of step is refused at load with its path instead of being
 * silently ignored on the kiosk.
 */
import { z } from 'zod';
import { StepId } from './condition';

export const RequiredRule = z
  .strictObject({ rule: z.literal('required').describe('The resident cannot go on without answering') })
  .describe('An answer is needed');

const formatRule = <R extends 'nik' | 'kk' | 'bpjs' | 'phone'>(rule: R, what: string) =>
  z
    .strictObject({ rule: z.literal(rule).describe(what) })
    .describe(`${what}. A keypad with format "${rule}" already checks this; listing it again is allowed`);

export const NikRule = formatRule('nik', 'A valid NIK (16 digits, real birth date, known province)');
export const KkRule = formatRule('kk', 'A valid Nomor KK (16 digits, real issue date)');
export const BpjsRule = formatRule('bpjs', 'A BPJS Kesehatan card number (13 digits)');
export const PhoneRule = formatRule('phone', 'An Indonesian mobile number (08…, 10 to 13 digits)');

export const AgeAtLeastRule = z
  .strictObject({
    rule: z.literal('ageAtLeast').describe('A minimum age on the kiosk day'),
    years: z.number().int().min(1).max(120).describe('Minimum age in whole years, e.g. 17 for a first KTP-el'),
  })
  .describe('On a date step: the date is a birth date at least this many years ago. On a NIK keypad: the birth date in the NIK');

export const MatchesNikRule = z
  .strictObject({
    rule: z.literal('matchesNik').describe('Cross-check with the birth date and sex encoded in a NIK'),
    nikStep: StepId.describe('Id of an EARLIER keypad step with format "nik"'),
  })
  .describe(
    'On a date step: the birth date must match the NIK. On a choice step with options "male" and "female": the sex must match the NIK',
  );

const lengthRule = <R extends 'minLength' | 'maxLength'>(rule: R, what: string) =>
  z
    .strictObject({
      rule: z.literal(rule).describe(what),
      value: z.number().int().min(1).max(200).describe('Number of characters (digits on a keypad)'),
    })
    .describe(what);

export const MinLengthRule = lengthRule('minLength', 'At least this many characters');
export const MaxLengthRule = lengthRule('maxLength', 'At most this many characters');

export const ChoiceRule = z.discriminatedUnion('rule', [RequiredRule, MatchesNikRule]).describe('A rule for a choice step');
export const KeypadRule = z
  .discriminatedUnion('rule', [RequiredRule, NikRule, KkRule, BpjsRule, PhoneRule, AgeAtLeastRule, MinLengthRule, MaxLengthRule])
  .describe('A rule for a keypad step');
export const DateRule = z.discriminatedUnion('rule', [RequiredRule, AgeAtLeastRule, MatchesNikRule]).describe('A rule for a date step');
export const RegionRule = z.discriminatedUnion('rule', [RequiredRule]).describe('A rule for a region step');
export const NameRule = z.discriminatedUnion('rule', [RequiredRule, MinLengthRule, MaxLengthRule]).describe('A rule for a name step');

export type ValidationRule =
  | z.infer<typeof ChoiceRule>
  | z.infer<typeof KeypadRule>
  | z.infer<typeof DateRule>
  | z.infer<typeof RegionRule>
  | z.infer<typeof NameRule>;
