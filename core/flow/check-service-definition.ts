/**
 * Checks that span fields of a parsed service definition: what the zod schema cannot see one field
 * at a time. Each problem names the exact field (`steps[3].when.answer`) so IT staff can go straight
 * to it. The loader refuses a service with any problem, so the engine may rely on these rules
 * (conditions only look back, the flow ends review → submit → done).
 */
import { Locale } from '../config/locale';
import { formatPath, missingCase } from '../contract/result';
import { conditionLeaves, type AnswerLiteral, type Condition } from './condition';
import { relativeYears } from './flow-date';
import type { ServiceDefinition } from './service-definition';
import { collectsPersonalData, keypadLength, MAX_CHOICES_PER_SCREEN, takesAnswer, type GroupChildStep, type Step } from './step';
import type { ValidationRule } from './validation-rule';

export type DefinitionProblem = { path: string; message: string };

type Key = string | number;

/** A step with where it sits: flow order (groups' steps right after the group), path, group. */
type Located = { step: Step | GroupChildStep; order: number; path: Key[]; groupId?: string };

export function checkServiceDefinition(definition: ServiceDefinition, options: { locales: readonly Locale[] }): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const report = (path: readonly Key[], message: string) => problems.push({ path: formatPath(path), message });

  const located: Located[] = [];
  definition.steps.forEach((step, i) => {
    located.push({ step, order: located.length, path: ['steps', i] });
    if (step.kind === 'group') {
      step.steps.forEach((child, j) => located.push({ step: child, order: located.length, path: ['steps', i, 'steps', j], groupId: step.id }));
    }
  });

  const byId = new Map<string, Located>();
  for (const at of located) {
    const first = byId.get(at.step.id);
    if (first === undefined) byId.set(at.step.id, at);
    else report([...at.path, 'id'], `Duplicate step id "${at.step.id}" (first used at ${formatPath([...first.path, 'id'])})`);
  }

  checkFlowShape(definition, located, report);
  for (const at of located) {
    checkStep(at, byId, report);
    checkConditions(at, byId, report);
  }
  checkTranslations(definition, options.locales, report);
  return problems;
}

type Report = (path: readonly Key[], message: string) => void;

// ---------------------------------------------------------------------------------------------

function checkFlowShape(definition: ServiceDefinition, located: readonly Located[], report: Report): void {
  const steps = definition.steps;
  const last = steps.length - 1;
  const endMessage = 'The flow must end with a submit step followed by a done step';
  if (steps[last]?.kind !== 'done') report(['steps', last], endMessage);
  if (steps[last - 1]?.kind !== 'submit') report(['steps', last - 1], endMessage);
  steps.forEach((step, i) => {
    if (step.kind === 'submit' && i !== last - 1) report(['steps', i, 'kind'], 'Only one submit step, second to last');
    if (step.kind === 'done' && i !== last) report(['steps', i, 'kind'], 'Only one done step, at the end');
  });

  const reviews = steps.flatMap((step, i) => (step.kind === 'review' ? [i] : []));
  const submitAt = steps.findIndex((s) => s.kind === 'submit');
  if (reviews.length === 0) report(['steps'], 'Add a review step before submit, so the resident can check and change every answer');
  reviews.slice(1).forEach((i) => report(['steps', i, 'kind'], 'Only one review step'));
  const reviewAt = reviews[0];
  if (reviewAt !== undefined && submitAt !== -1) {
    if (reviewAt > submitAt) report(['steps', reviewAt], 'The review step must come before the submit step');
    for (let i = reviewAt + 1; i < submitAt; i++) {
      const step = steps[i] as Step;
      if (takesAnswer(step) && step.kind !== 'consent' && step.kind !== 'checklist') {
        report(['steps', i], 'A question after the review cannot be checked or changed there; move it before the review');
      }
      if (step.kind === 'group') report(['steps', i], 'A group after the review cannot be checked or changed there; move it before the review');
    }
  }

  // UU PDP 27/2022: consent comes before personal data is collected, and cannot be skipped.
  const consent = located.find((l) => l.step.kind === 'consent');
  const personal = located.find((l) => collectsPersonalData(l.step));
  if (personal !== undefined && consent === undefined) {
    report(personal.path, 'This step collects personal data but the flow has no consent step (UU PDP 27/2022)');
  } else if (personal !== undefined && consent !== undefined && personal.order < consent.order) {
    report(personal.path, `This step collects personal data before the consent step (${formatPath(consent.path)}); move the consent earlier`);
  }
  for (const l of located) {
    if (l.step.kind === 'consent' && l.step.when !== undefined) report([...l.path, 'when'], 'The consent step must always be shown; remove its condition');
  }
}

// ---------------------------------------------------------------------------------------------

function checkStep(at: Located, byId: ReadonlyMap<string, Located>, report: Report): void {
  const { step, path } = at;
  switch (step.kind) {
    case 'choice': {
      if (step.options.length > MAX_CHOICES_PER_SCREEN && step.paged !== true) {
        report([...path, 'options'], `At most ${MAX_CHOICES_PER_SCREEN} choices per screen: split the question, or set "paged": true`);
      }
      const seen = new Set<string>();
      step.options.forEach((o, j) => {
        if (seen.has(o.value)) report([...path, 'options', j, 'value'], `Duplicate option value "${o.value}"`);
        seen.add(o.value);
      });
      break;
    }
    case 'keypad': {
      const { min, max } = keypadLength(step);
      if (min > max) report([...path, 'minLength'], `minLength ${min} is more than maxLength ${max}`);
      break;
    }
    case 'date':
      if (step.min !== undefined && step.max !== undefined && relativeYears(step.min) > relativeYears(step.max)) {
        report([...path, 'min'], 'min is later than max: no date can be chosen');
      }
      break;
    case 'group':
      if (step.repeat.min > step.repeat.max) report([...path, 'repeat', 'min'], `repeat.min ${step.repeat.min} is more than repeat.max ${step.repeat.max}`);
      break;
    case 'info':
    case 'region':
    case 'name':
    case 'checklist':
    case 'consent':
    case 'review':
    case 'submit':
    case 'done':
      break;
    default:
      missingCase(step);
  }

  const rules: readonly ValidationRule[] = 'validate' in step ? (step.validate ?? []) : [];
  rules.forEach((rule, j) => {
    const rulePath = [...path, 'validate', j];
    switch (rule.rule) {
      case 'nik':
      case 'kk':
      case 'bpjs':
      case 'phone':
        if (step.kind === 'keypad' && step.format !== rule.rule) {
          report([...rulePath, 'rule'], `Rule "${rule.rule}" does not fit a keypad with format "${step.format}"; set "format": "${rule.rule}" instead`);
        }
        break;
      case 'ageAtLeast':
        if (step.kind === 'keypad' && step.format !== 'nik') report(rulePath, 'ageAtLeast on a keypad needs format "nik": the age comes from the NIK');
        break;
      case 'matchesNik': {
        if (step.kind === 'choice' && !step.options.every((o) => o.value === 'male' || o.value === 'female')) {
          report(rulePath, 'matchesNik on a choice compares sex: its options must be "male" and "female"');
        }
        const problem = referenceProblem(at, rule.nikStep, byId, 'matchesNik');
        if (problem !== null) report([...rulePath, 'nikStep'], problem);
        else {
          const target = byId.get(rule.nikStep)?.step;
          if (target?.kind !== 'keypad' || target.format !== 'nik') report([...rulePath, 'nikStep'], `Step "${rule.nikStep}" is not a keypad with format "nik"`);
        }
        break;
      }
      case 'minLength':
      case 'maxLength':
      case 'required':
        break;
      default:
        missingCase(rule);
    }
  });
  const min = rules.find((r) => r.rule === 'minLength');
  const max = rules.find((r) => r.rule === 'maxLength');
  if (min !== undefined && max !== undefined && min.value > max.value) {
    report([...path, 'validate', rules.indexOf(min), 'value'], `minLength ${min.value} is more than maxLength ${max.value}`);
  }
}

// ---------------------------------------------------------------------------------------------

function checkConditions(at: Located, byId: ReadonlyMap<string, Located>, report: Report): void {
  const { step, path } = at;
  const where: { condition: Condition; path: Key[]; what: string }[] = [];
  if ('when' in step && step.when !== undefined) where.push({ condition: step.when, path: [...path, 'when'], what: 'this step is never shown' });
  if (step.kind === 'choice') {
    step.options.forEach((o, j) => {
      if (o.when !== undefined) where.push({ condition: o.when, path: [...path, 'options', j, 'when'], what: 'this option is never offered' });
    });
  }
  if (step.kind === 'checklist') {
    step.items.forEach((item, j) => {
      if (item.when !== undefined) where.push({ condition: item.when, path: [...path, 'items', j, 'when'], what: 'this item is never listed' });
    });
  }

  for (const { condition, path: conditionPath, what } of where) {
    for (const { leaf, path: leafPath } of conditionLeaves(condition, conditionPath)) {
      const problem = referenceProblem(at, leaf.answer, byId, 'Condition');
      if (problem !== null) {
        report([...leafPath, 'answer'], problem);
        continue;
      }
      const target = (byId.get(leaf.answer) as Located).step;
      const allowed = answersOf(target);
      if (allowed === null) continue;
      const known = (value: AnswerLiteral) => allowed.includes(value);
      const list = allowed.map((v) => JSON.stringify(v)).join(', ');
      if ('equals' in leaf && !known(leaf.equals)) {
        report([...leafPath, 'equals'], `Step "${leaf.answer}" has no answer ${JSON.stringify(leaf.equals)} (it has ${list}), so ${what}`);
      }
      if ('in' in leaf) {
        leaf.in.forEach((value, k) => {
          if (!known(value)) report([...leafPath, 'in', k], `Step "${leaf.answer}" has no answer ${JSON.stringify(value)} (it has ${list}); this value never matches`);
        });
      }
      if ('notEquals' in leaf && !known(leaf.notEquals)) {
        report([...leafPath, 'notEquals'], `Step "${leaf.answer}" has no answer ${JSON.stringify(leaf.notEquals)} (it has ${list}), so this test is always true`);
      }
    }
  }
}

/**
 * Why `from` may not use the answer of `targetId`, or null when it may. Only earlier answers, so
 * the engine can decide what is shown in one pass and a resident never sees a screen appear
 * because of something they have not been asked yet.
 */
function referenceProblem(from: Located, targetId: string, byId: ReadonlyMap<string, Located>, subject: string): string | null {
  const target = byId.get(targetId);
  if (target === undefined) return `${subject} on a missing answer: there is no step "${targetId}"`;
  if (target.order >= from.order) return `${subject} on step "${targetId}", which does not come before this step; only earlier answers can be used`;
  if (target.groupId !== undefined && target.groupId !== from.groupId) {
    return `${subject} on step "${targetId}" inside group "${target.groupId}"; only steps of the same group can use its answers`;
  }
  if (!takesAnswer(target.step)) return `${subject} on step "${targetId}" (${target.step.kind}), which takes no answer`;
  return null;
}

/** The only answers a step can have, or null when any text is possible. */
function answersOf(step: Step | GroupChildStep): AnswerLiteral[] | null {
  switch (step.kind) {
    case 'choice':
      return step.options.map((o) => o.value);
    case 'consent':
      return ['agree', 'decline'];
    case 'checklist':
      return [true];
    case 'keypad':
    case 'date':
    case 'region':
    case 'name':
    case 'info':
    case 'review':
    case 'submit':
    case 'done':
    case 'group':
      return null;
    default:
      return missingCase(step);
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * Walks the whole definition rather than listing text fields by hand, so a text field added to a
 * step later is checked without anyone remembering to add it here. A LocalizedText is recognised
 * as an object whose keys are all language codes (steps and options always have other keys).
 */
function checkTranslations(definition: ServiceDefinition, locales: readonly Locale[], report: Report): void {
  const languages: readonly string[] = Locale.options;
  const visit = (node: unknown, path: Key[]): void => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => visit(child, [...path, i]));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const entries = Object.entries(node);
    const isText = typeof (node as { id?: unknown }).id === 'string' && entries.every(([k, v]) => languages.includes(k) && typeof v === 'string');
    if (isText) {
      for (const locale of locales) {
        if (!(locale in node)) report([...path, locale], `Missing text for enabled language "${locale}"`);
      }
      return;
    }
    for (const [key, child] of entries) visit(child, [...path, key]);
  };
  visit(definition, []);
}
