/**
 * What a finished flow hands over: the answers that count, each with who gave it and when. The
 * caller adds the submission id and the tracking code (core/id), stores it durably, then sends it.
 * zod schemas so the central API can parse the same shape it is sent.
 */
import { z } from 'zod';
import { Locale } from '../config/locale';

/** Every answer carries its author (DESIGN.md §4): the resident, or the officer who keyed it. */
export const Author = z
  .union([z.literal('resident'), z.templateLiteral(['officer:', z.string().regex(/^[A-Za-z0-9._-]{1,64}$/u)])])
  .describe('"resident", or "officer:<officer id>" when an officer entered or changed the answer');
export type Author = z.infer<typeof Author>;

const IssueParams = z.record(z.string(), z.union([z.string(), z.number()]));

export const SubmittedAnswer = z.strictObject({
  stepId: z.string().describe('The step in the service definition of serviceVersion'),
  group: z
    .strictObject({
      id: z.string().describe('The group step'),
      index: z.number().int().min(0).describe('Entry number, from 0, in the order the resident sees them'),
    })
    .optional()
    .describe('Set for answers inside a repeatable group'),
  value: z.union([z.string(), z.boolean()]).describe('The answer: choice value, digits, YYYY-MM-DD, area code, name, "agree", true'),
  author: Author,
  at: z.iso.datetime({ offset: true }).describe('When the answer was given, ISO 8601'),
  warnings: z
    .array(z.strictObject({ code: z.string(), params: IssueParams.optional() }))
    .optional()
    .describe('Findings for the officer that did not stop the resident, e.g. nik.unknown_district'),
});
export type SubmittedAnswer = z.infer<typeof SubmittedAnswer>;

export const Submission = z.strictObject({
  serviceId: z.string(),
  serviceVersion: z.number().int().min(1),
  locale: Locale.describe('Language the resident used'),
  officeCode: z.string().describe('Area code of the office whose kiosk took the submission'),
  startedAt: z.iso.datetime({ offset: true }).describe('When the session began'),
  answers: z.array(SubmittedAnswer).describe('Answers to the steps that were shown, in flow order'),
});
export type Submission = z.infer<typeof Submission>;
