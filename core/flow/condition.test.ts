import { describe, expect, test } from 'vitest';
import { Condition, evaluateCondition, type AnswerLookup } from './condition';

const answers = (values: Record<string, string | boolean>): AnswerLookup => (id) => (id in values ? { value: values[id] as string | boolean } : undefined);

describe('evaluateCondition', () => {
  const given = answers({ purpose: 'school', consent: 'agree', documents: true });

  test('compares one answer', () => {
    expect(evaluateCondition({ answer: 'purpose', equals: 'school' }, given)).toBe(true);
    expect(evaluateCondition({ answer: 'purpose', equals: 'clinic' }, given)).toBe(false);
    expect(evaluateCondition({ answer: 'purpose', in: ['clinic', 'school'] }, given)).toBe(true);
    expect(evaluateCondition({ answer: 'documents', equals: true }, given)).toBe(true);
    expect(evaluateCondition({ answer: 'purpose', answered: true }, given)).toBe(true);
    expect(evaluateCondition({ answer: 'phone', answered: false }, given)).toBe(true);
  });

  test('an unanswered step equals nothing and differs from everything', () => {
    expect(evaluateCondition({ answer: 'phone', equals: '' }, given)).toBe(false);
    expect(evaluateCondition({ answer: 'phone', in: ['x'] }, given)).toBe(false);
    expect(evaluateCondition({ answer: 'phone', notEquals: 'x' }, given)).toBe(true);
  });

  test('combines with all, any and not', () => {
    const schoolAndAgreed: Condition = { all: [{ answer: 'purpose', equals: 'school' }, { answer: 'consent', equals: 'agree' }] };
    expect(evaluateCondition(schoolAndAgreed, given)).toBe(true);
    expect(evaluateCondition({ not: schoolAndAgreed }, given)).toBe(false);
    expect(evaluateCondition({ any: [{ answer: 'purpose', equals: 'clinic' }, { not: { answer: 'phone', answered: true } }] }, given)).toBe(true);
  });

  test('the schema refuses anything that is not one of the shapes', () => {
    expect(Condition.safeParse({ all: [{ answer: 'a', equals: 'x' }, { not: { answer: 'b', answered: true } }] }).success).toBe(true);
    expect(Condition.safeParse({ answer: 'a', equals: 'x', in: ['y'] }).success).toBe(false);
    expect(Condition.safeParse({ answer: 'a', equals: 3 }).success).toBe(false);
    expect(Condition.safeParse({ expr: "answers.purpose == 'school'" }).success).toBe(false);
    expect(Condition.safeParse({ all: [] }).success).toBe(false);
  });
});
