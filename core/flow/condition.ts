/**
 * Conditions decide whether a step, a choice option or a checklist item is shown. They are data,
 * never code: a config file that could run code would let anyone who edits a service file run it
 * on every kiosk, and a data condition can be checked at load (checkServiceDefinition) for
 * references to missing or later answers.
 */
import { z } from 'zod';
import { missingCase } from '../contract/result';

/** Step ids are slugs so they read well in conditions, submissions and audio keys. */
export const StepId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/u, 'Use lower-case letters, digits and dashes, e.g. "purpose" or "school-name"')
  .describe('Step identifier, unique in the service: lower-case letters, digits and dashes');
export type StepId = z.infer<typeof StepId>;

/**
 * What a condition compares an answer with. Answers are strings (choice values, digits, dates as
 * YYYY-MM-DD, area codes, names, "agree"/"decline") or `true` (a confirmed checklist). Numbers are
 * refused on purpose: keypad answers are digit strings, and `3` would never equal `"3"`.
 */
export const AnswerLiteral = z
  .union([z.string(), z.boolean()])
  .describe('A choice value such as "school", "agree"/"decline" for consent, true for a confirmed checklist');
export type AnswerLiteral = z.infer<typeof AnswerLiteral>;

export type Condition =
  | { answer: string; equals: AnswerLiteral }
  | { answer: string; in: AnswerLiteral[] }
  | { answer: string; notEquals: AnswerLiteral }
  | { answer: string; answered: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

const answerRef = StepId.describe('Id of an EARLIER step whose answer is tested');

// The explicit annotation is what lets the getters below refer to Condition itself (zod 4's way
// of writing recursive schemas that still turn into JSON Schema with a $ref).
export const Condition: z.ZodType<Condition> = z
  .union(
    [
      z
        .strictObject({ answer: answerRef, equals: AnswerLiteral.describe('Shown when the answer is exactly this') })
        .describe('True when the answer equals a value'),
      z
        .strictObject({
          answer: answerRef,
          in: z.array(AnswerLiteral).min(1).describe('Shown when the answer is one of these'),
        })
        .describe('True when the answer is one of several values'),
      z
        .strictObject({
          answer: answerRef,
          notEquals: AnswerLiteral.describe('Shown when the answer is anything else, or not given'),
        })
        .describe('True when the answer differs from a value (also when the step was not answered or is hidden)'),
      z
        .strictObject({
          answer: answerRef,
          answered: z.boolean().describe('true: shown when the step has an answer; false: when it has none'),
        })
        .describe('True when the step was (or was not) answered'),
      z
        .strictObject({
          get all() {
            return z.array(Condition).min(1).describe('Every condition must be true');
          },
        })
        .describe('True when every listed condition is true'),
      z
        .strictObject({
          get any() {
            return z.array(Condition).min(1).describe('At least one condition must be true');
          },
        })
        .describe('True when at least one listed condition is true'),
      z
        .strictObject({
          // Condition itself, not a described copy: a copy would appear as a second, anonymous
          // definition in the JSON Schema.
          get not() {
            return Condition;
          },
        })
        .describe('True when the inner condition is false'),
    ],
    {
      error:
        'Expected a condition: {answer, equals}, {answer, in}, {answer, notEquals}, {answer, answered}, {all: [...]}, {any: [...]} or {not: {...}}',
    },
  )
  .meta({ id: 'Condition', description: 'When to show this: a test on earlier answers, combined with all/any/not. Never code.' });

/** A stored answer as conditions see it; undefined when not answered or hidden. */
export type AnswerLookup = (stepId: string) => { value: AnswerLiteral } | undefined;

/**
 * Unanswered and hidden steps look the same to a condition (the caller passes only answers that
 * still count), so a stale answer to a step that a later change hid can never show another step.
 */
export function evaluateCondition(condition: Condition, lookup: AnswerLookup): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, lookup));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, lookup));
  if ('not' in condition) return !evaluateCondition(condition.not, lookup);
  const given = lookup(condition.answer);
  if ('equals' in condition) return given !== undefined && given.value === condition.equals;
  if ('in' in condition) return given !== undefined && condition.in.includes(given.value);
  if ('notEquals' in condition) return given === undefined || given.value !== condition.notEquals;
  if ('answered' in condition) return (given !== undefined) === condition.answered;
  return missingCase(condition);
}

/** A test on one answer, with the path of the object that holds it. */
export type ConditionLeaf = Extract<Condition, { answer: string }>;

/** Every leaf of a condition tree with its path (for checks that name the exact field). */
export function conditionLeaves(
  condition: Condition,
  path: readonly (string | number)[],
): { leaf: ConditionLeaf; path: (string | number)[] }[] {
  if ('all' in condition) return condition.all.flatMap((c, i) => conditionLeaves(c, [...path, 'all', i]));
  if ('any' in condition) return condition.any.flatMap((c, i) => conditionLeaves(c, [...path, 'any', i]));
  if ('not' in condition) return conditionLeaves(condition.not, [...path, 'not']);
  return [{ leaf: condition, path: [...path] }];
}
