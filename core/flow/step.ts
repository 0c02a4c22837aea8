/**
 * The kinds of screen a service flow is made of. One step is one screen with one question
 * (DOMAIN.md §5), so a step never holds two questions; a repeatable `group` is the only nesting.
 */
import { z } from 'zod';
import { IconName } from '../config/icon-name';
import { LocalizedText, ShortLabel } from '../config/locale';
import { missingCase } from '../contract/result';
import { Condition, StepId } from './condition';
import { ChoiceRule, DateRule, KeypadRule, NameRule, RegionRule } from './validation-rule';

const id = StepId;
const when = Condition.optional().describe('Show this step only when the condition holds; without it the step is always shown');
const question = LocalizedText.describe('The one question on this screen, spoken aloud');
const hint = LocalizedText.optional().describe('A short help line under the question, e.g. "Lihat di KTP Anda"');

/** The displayed-choice limit from DOMAIN.md §5; longer lists must opt into paging. */
export const MAX_CHOICES_PER_SCREEN = 6;

export const InfoStep = z
  .strictObject({
    id,
    kind: z.literal('info').describe('A screen that tells something; no answer'),
    when,
    icon: IconName.optional().describe('Large icon above the text'),
    title: LocalizedText.describe('Heading, spoken aloud'),
    body: LocalizedText.describe('The text to read, spoken aloud'),
    reading: z
      .boolean()
      .optional()
      .describe('true for long texts: the kiosk waits longer before the idle warning (readingWarnAfterSeconds)'),
  })
  .describe('An information screen');

export const ChoiceOption = z
  .strictObject({
    value: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/u, 'Use lower-case letters, digits and dashes, e.g. "school"')
      .describe('What is stored and what conditions compare with; never shown'),
    icon: IconName.describe('Icon on the button; every choice has one for residents who read little'),
    label: ShortLabel.describe('Button text: at most three words'),
    when: Condition.optional().describe('Offer this option only when the condition holds'),
  })
  .describe('One answer the resident can touch');
export type ChoiceOption = z.infer<typeof ChoiceOption>;

export const ChoiceStep = z
  .strictObject({
    id,
    kind: z.literal('choice').describe('Pick one of a few large buttons with icons'),
    when,
    question,
    hint,
    options: z.array(ChoiceOption).min(2).describe(`The options, in order; at most ${MAX_CHOICES_PER_SCREEN} unless paged`),
    paged: z
      .boolean()
      .optional()
      .describe(
        `Allow more than ${MAX_CHOICES_PER_SCREEN} options: the kiosk shows them ${MAX_CHOICES_PER_SCREEN} at a time with "Lainnya". Prefer splitting the question`,
      ),
    validate: z.array(ChoiceRule).optional().describe('Rules checked before going on: required, matchesNik'),
  })
  .describe('A single-choice question. The answer is the chosen option value');

export const KeypadFormat = z
  .enum(['nik', 'kk', 'bpjs', 'phone', 'number'])
  .describe('nik: 16-digit NIK; kk: 16-digit Nomor KK; bpjs: 13-digit BPJS Kesehatan; phone: mobile number 08…; number: any digits');
export type KeypadFormat = z.infer<typeof KeypadFormat>;

export const KeypadStep = z
  .strictObject({
    id,
    kind: z.literal('keypad').describe('Digits on a large numeric keypad'),
    when,
    question,
    hint,
    format: KeypadFormat.describe('What the digits are; nik, kk, bpjs and phone are checked as such without a rule'),
    minLength: z
      .number()
      .int()
      .min(1)
      .max(30)
      .optional()
      .describe('Fewest digits; defaults to the format (nik/kk 16, bpjs 13, phone 10, number 1)'),
    maxLength: z
      .number()
      .int()
      .min(1)
      .max(30)
      .optional()
      .describe('Most digits the keypad accepts; defaults to the format (nik/kk 16, bpjs 13, phone 13, number 12)'),
    validate: z
      .array(KeypadRule)
      .optional()
      .describe('Rules checked before going on: required, nik, kk, bpjs, phone, ageAtLeast (nik only), minLength, maxLength'),
  })
  .describe('Numeric entry. The answer is the digits as a string');

export const RelativeDate = z
  .union([
    z.literal('today').describe('The kiosk day in the office time zone'),
    z.strictObject({ yearsAgo: z.number().int().min(0).max(150).describe('Whole years before today') }).describe('Years before today'),
    z.strictObject({ yearsAhead: z.number().int().min(0).max(50).describe('Whole years after today') }).describe('Years after today'),
  ])
  .describe('A date relative to the kiosk day: "today", {"yearsAgo": n} or {"yearsAhead": n}');
export type RelativeDate = z.infer<typeof RelativeDate>;

export const DateStep = z
  .strictObject({
    id,
    kind: z.literal('date').describe('A day, picked with large day/month/year controls'),
    when,
    question,
    hint,
    min: RelativeDate.optional().describe('Earliest day allowed, e.g. {"yearsAgo": 120} for a birth date'),
    max: RelativeDate.optional().describe('Latest day allowed, e.g. "today" for a birth date'),
    validate: z.array(DateRule).optional().describe('Rules checked before going on: required, ageAtLeast, matchesNik'),
  })
  .describe('A date. The answer is YYYY-MM-DD');

export const RegionStep = z
  .strictObject({
    id,
    kind: z.literal('region').describe("Pick an area from the list, starting at the office's district"),
    when,
    question,
    hint,
    level: z
      .enum(['village', 'district'])
      .describe('village: a kelurahan/desa (code 36.03.03.1001); district: a kecamatan (code 36.03.03)'),
    validate: z.array(RegionRule).optional().describe('Rules checked before going on: required'),
  })
  .describe('An administrative area. The answer is its Kemendagri code');

export const NameStep = z
  .strictObject({
    id,
    kind: z.literal('name').describe('A name on the large letter keyboard: the only free text a resident types'),
    when,
    question,
    hint,
    maxLength: z.number().int().min(1).max(100).optional().describe('Most letters the keyboard accepts; default 60'),
    validate: z.array(NameRule).optional().describe('Rules checked before going on: required, minLength, maxLength'),
  })
  .describe('A person or business name. The answer is the text, spaces trimmed');

export const ChecklistItem = z
  .strictObject({
    icon: IconName.describe('Icon for the document'),
    label: ShortLabel.describe('The document, in at most three words, e.g. "Pengantar RT/RW"'),
    note: LocalizedText.optional().describe('A detail, e.g. "asli dan fotokopi"'),
    when: Condition.optional().describe('List this item only when the condition holds'),
  })
  .describe('A document to bring');

export const ChecklistStep = z
  .strictObject({
    id,
    kind: z.literal('checklist').describe('Documents to bring; the resident confirms they have them'),
    when,
    title: LocalizedText.describe('Heading, e.g. "Siapkan dokumen ini"'),
    hint,
    items: z.array(ChecklistItem).min(1).describe('The documents, in order'),
  })
  .describe('A document checklist. The answer is true once confirmed');

export const ConsentStep = z
  .strictObject({
    id,
    kind: z.literal('consent').describe('Permission to process personal data (UU PDP 27/2022)'),
    when,
    title: LocalizedText.describe('Heading, e.g. "Izin penggunaan data"'),
    data: LocalizedText.describe('What personal data is collected, e.g. "NIK, nama, alamat"'),
    purpose: LocalizedText.describe('Why it is collected and who sees it'),
    retention: LocalizedText.describe('How long it is kept and when it is deleted'),
    declined: LocalizedText.describe('Said when the resident declines: polite, and where to get help without the kiosk'),
  })
  .describe('Consent. The answer is "agree" or "decline"; decline ends the session politely');

export const ReviewStep = z
  .strictObject({
    id,
    kind: z.literal('review').describe('Every answer so far, each with "Ubah" (change)'),
    title: LocalizedText.describe('Heading, e.g. "Periksa jawaban Anda"'),
  })
  .describe('The review screen; always shown, so it has no condition');

export const SubmitStep = z
  .strictObject({
    id,
    kind: z.literal('submit').describe('The resident sends the application'),
    title: LocalizedText.describe('Heading, e.g. "Kirim permohonan?"'),
    body: LocalizedText.optional().describe('What sending means'),
    buttonLabel: ShortLabel.optional().describe('Button text; default "Kirim"'),
  })
  .describe('The submit screen; always shown');

export const DoneStep = z
  .strictObject({
    id,
    kind: z.literal('done').describe('What happens next; the kiosk adds the tracking code and QR'),
    title: LocalizedText.describe('Heading, e.g. "Permohonan terkirim"'),
    body: LocalizedText.describe('What happens next: where to go, when to come back, what to bring'),
  })
  .describe('The last screen; always shown');

/** Steps allowed inside a group: one person's or item's questions, never flow control. */
export const GroupChildStep = z
  .discriminatedUnion('kind', [InfoStep, ChoiceStep, KeypadStep, DateStep, RegionStep, NameStep])
  .describe('A step inside a group: info, choice, keypad, date, region or name');
export type GroupChildStep = z.infer<typeof GroupChildStep>;

export const GroupStep = z
  .strictObject({
    id,
    kind: z.literal('group').describe('A set of steps asked once per entry, e.g. per family member'),
    when,
    title: LocalizedText.describe('Heading of the list screen, e.g. "Anggota keluarga"'),
    itemLabel: LocalizedText.describe('Heading of one entry; "{n}" becomes its number, e.g. "Anggota {n}"'),
    steps: z.array(GroupChildStep).min(1).describe('The steps asked for each entry; conditions may use answers of the same entry'),
    repeat: z
      .strictObject({
        min: z.number().int().min(0).max(20).describe('Entries required; this many are started for the resident'),
        max: z.number().int().min(1).max(20).describe('Most entries allowed'),
        addLabel: ShortLabel.describe('The add button, e.g. "Tambah anggota"'),
      })
      .describe('How many entries'),
  })
  .describe('A repeatable group. After its entries the kiosk shows a list screen with add, remove and continue');

export const Step = z
  .discriminatedUnion('kind', [
    InfoStep,
    ChoiceStep,
    KeypadStep,
    DateStep,
    RegionStep,
    NameStep,
    ChecklistStep,
    ConsentStep,
    ReviewStep,
    SubmitStep,
    DoneStep,
    GroupStep,
  ])
  .describe('One screen of the flow, by kind');

export type InfoStep = z.infer<typeof InfoStep>;
export type ChoiceStep = z.infer<typeof ChoiceStep>;
export type KeypadStep = z.infer<typeof KeypadStep>;
export type DateStep = z.infer<typeof DateStep>;
export type RegionStep = z.infer<typeof RegionStep>;
export type NameStep = z.infer<typeof NameStep>;
export type ChecklistStep = z.infer<typeof ChecklistStep>;
export type ConsentStep = z.infer<typeof ConsentStep>;
export type ReviewStep = z.infer<typeof ReviewStep>;
export type SubmitStep = z.infer<typeof SubmitStep>;
export type DoneStep = z.infer<typeof DoneStep>;
export type GroupStep = z.infer<typeof GroupStep>;
export type Step = z.infer<typeof Step>;
export type StepInput = z.input<typeof Step>;
export type StepKind = Step['kind'];

/** Steps a resident answers; the rest only show, navigate or send. */
export type AnsweringStep = Extract<Step, { kind: 'choice' | 'keypad' | 'date' | 'region' | 'name' | 'checklist' | 'consent' }>;

export function takesAnswer(step: Step): step is AnsweringStep {
  switch (step.kind) {
    case 'choice':
    case 'keypad':
    case 'date':
    case 'region':
    case 'name':
    case 'checklist':
    case 'consent':
      return true;
    case 'info':
    case 'review':
    case 'submit':
    case 'done':
    case 'group':
      return false;
    default:
      return missingCase(step);
  }
}

/** Steps whose answer is personal data, which UU PDP says needs consent first. */
export function collectsPersonalData(step: Step): boolean {
  return step.kind === 'keypad' || step.kind === 'name' || step.kind === 'date' || step.kind === 'region';
}

/**
 * Screens with a lot to read get the longer idle warning (OfficeConfig.idle.readingWarnAfterSeconds),
 * so a slow reader is not warned away in the middle of the consent text.
 */
export function isReadingStep(step: Step): boolean {
  switch (step.kind) {
    case 'info':
      return step.reading === true;
    case 'consent':
    case 'checklist':
    case 'review':
    case 'done':
      return true;
    case 'choice':
    case 'keypad':
    case 'date':
    case 'region':
    case 'name':
    case 'submit':
    case 'group':
      return false;
    default:
      return missingCase(step);
  }
}

/** Digits a keypad accepts when the config does not say: what each number actually has. */
export function keypadLength(step: KeypadStep): { min: number; max: number } {
  const byFormat = ((): { min: number; max: number } => {
    switch (step.format) {
      case 'nik':
      case 'kk':
        return { min: 16, max: 16 };
      case 'bpjs':
        return { min: 13, max: 13 };
      case 'phone':
        return { min: 10, max: 13 };
      case 'number':
        return { min: 1, max: 12 };
      default:
        return missingCase(step.format);
    }
  })();
  return { min: step.minLength ?? byFormat.min, max: step.maxLength ?? byFormat.max };
}

export const DEFAULT_NAME_MAX_LENGTH = 60;
