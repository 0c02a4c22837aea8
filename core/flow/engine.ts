/**
 * The step engine: pure functions over an immutable, plain-data session state. No UI, no timers,
 * no clock: the caller passes times in, so a draft can be stored as JSON and resumed, and tests
 * need no fakes.
 *
 * Decisions a reader needs:
 * - The state holds the definition it started with, so a catalog update in the middle of a
 *   session cannot change the questions under the resident.
 * - Answers are never deleted by navigation. An answer to a step that a later change hid stays in
 *   the state (going back to the old choice brings it back) but does not count: conditions,
 *   review, validation and the submission see only answers to steps shown now. The same goes for
 *   a choice whose option is no longer offered.
 * - "Ubah" on the review screen (goTo) remembers the review; the next `next` after the edit goes
 *   to the first later screen that needs attention (newly shown, or no longer valid), else back to
 *   the review.
 * - The caller stores the submission (buildSubmission) durably BEFORE calling `next` on the
 *   submit step; after that the session is locked and only the done screen remains.
 */
import type { CalendarDate, IdIssue } from '../id';
import type { Locale } from '../config/locale';
import type { OfficeConfig } from '../config/office-config';
import { evaluateCondition } from './condition';
import { calendarDateIn } from './flow-date';
import type { ServiceDefinition } from './service-definition';
import { takesAnswer, type ChecklistStep, type ChoiceOption, type GroupChildStep, type GroupStep, type Step } from './step';
import type { Author, Submission, SubmittedAnswer } from './submission';
import { validateAnswer, type AnswerValue, type StepIssue } from './validate-answer';

export type { Author } from './submission';
export type { AnswerValue, StepIssue } from './validate-answer';

export type Answer = {
  readonly value: AnswerValue;
  readonly author: Author;
  readonly at: string; // ISO 8601
  /** Findings for the officer that do not stop the resident, e.g. nik.unknown_district. */
  readonly warnings?: readonly IdIssue[];
};

/** A screen: a top-level step, or a step inside one entry (`instance`) of a group. */
export type Position = { readonly stepId: string; readonly instance?: string };

export type GroupEntry = { readonly key: string; readonly answers: Readonly<Record<string, Answer>> };

export type SessionStatus =
  | 'active'
  | 'declined' // the resident declined consent; the UI says the consent step's `declined` text
  | 'submitted'; // stored; only the done screen remains

export type SessionState = {
  readonly definition: ServiceDefinition;
  readonly locale: Locale;
  /** The kiosk day in the office time zone, for date limits and ages. */
  readonly today: CalendarDate;
  readonly officeCode: string;
  /** Where region pickers start, e.g. '36.03.03'. */
  readonly officeDistrictCode: string;
  readonly startedAt: string;
  readonly answers: Readonly<Record<string, Answer>>;
  readonly groups: Readonly<Record<string, readonly GroupEntry[]>>;
  /** Entry keys are never reused, so answers and "visited" marks cannot leak into a new entry. */
  readonly nextEntryKey: number;
  readonly cursor: Position;
  /** Screens the resident has moved on from with `next`. */
  readonly visited: readonly string[];
  /** Set by "Ubah" on the review screen: where to come back to. */
  readonly returnTo: Position | null;
  readonly status: SessionStatus;
};

/** A screen as the UI needs it. */
export type Screen = {
  readonly position: Position;
  readonly step: Step | GroupChildStep;
  /** The stored answer at this screen, if any (shown pre-selected when coming back). */
  readonly answer?: Answer;
  /** For a step inside a group: which entry, numbered from 0 in display order. */
  readonly entry?: { readonly groupId: string; readonly index: number; readonly key: string };
  /** For a choice: the options offered now (their own conditions applied). */
  readonly options?: readonly ChoiceOption[];
  /** For a checklist: the items listed now. */
  readonly items?: ChecklistStep['items'];
  /** For a group's list screen: its entries and what the buttons may do. */
  readonly hub?: { readonly entries: readonly { key: string; index: number }[]; readonly canAdd: boolean; readonly canRemove: boolean };
};

export type EngineOptions = {
  /** From the wilayah list; lets NIK checks warn about districts that no longer exist. */
  districtExists?: (districtCode: string) => boolean;
};

export type NextResult = { state: SessionState; issues: StepIssue[] };

export type ReviewItem = {
  readonly position: Position;
  readonly step: Step | GroupChildStep;
  readonly entry?: Screen['entry'];
  /** Undefined for an optional question left empty; the UI still offers "Ubah". */
  readonly answer?: Answer;
  /** For a choice: the label of the chosen option. */
  readonly optionLabel?: ChoiceOption['label'];
};

// ---------------------------------------------------------------------------------------------
// Starting

export function startSession(
  definition: ServiceDefinition,
  options: { now: Date; locale: Locale; office: Pick<OfficeConfig, 'code' | 'timeZone'> },
): SessionState {
  let nextEntryKey = 1;
  const groups: Record<string, GroupEntry[]> = {};
  for (const step of definition.steps) {
    if (step.kind !== 'group') continue;
    // The minimum entries exist from the start so the resident is asked, not made to press "add".
    groups[step.id] = Array.from({ length: step.repeat.min }, () => ({ key: `e${nextEntryKey++}`, answers: {} }));
  }
  const base: SessionState = {
    definition,
    locale: options.locale,
    today: calendarDateIn(options.now, options.office.timeZone),
    officeCode: options.office.code,
    officeDistrictCode: options.office.code.slice(0, 8),
    startedAt: options.now.toISOString(),
    answers: {},
    groups,
    nextEntryKey,
    cursor: { stepId: '' },
    visited: [],
    returnTo: null,
    status: 'active',
  };
  const first = walk(base).find((s) => s.visible);
  if (first === undefined) throw new Error(`Service ${definition.id} has no step that is always shown`);
  return { ...base, cursor: first.position };
}

export function setLocale(state: SessionState, locale: Locale): SessionState {
  return { ...state, locale };
}

// ---------------------------------------------------------------------------------------------
// Reading

export function visibleSteps(state: SessionState): Screen[] {
  return visible(state).map(toScreen);
}

export function currentStep(state: SessionState): Screen {
  const screens = visible(state);
  return toScreen(screens[cursorIndex(state, screens)] as Internal);
}

/** For "Langkah n dari N": n counts from 1. Hidden steps are not counted. */
export function progress(state: SessionState): { index: number; total: number } {
  const screens = visible(state);
  return { index: cursorIndex(state, screens) + 1, total: screens.length };
}

/** Everything answered before the review screen, in flow order, for the "Ubah" list. */
export function reviewItems(state: SessionState): ReviewItem[] {
  const screens = visible(state);
  const reviewAt = screens.findIndex((s) => s.step.kind === 'review');
  const before = reviewAt === -1 ? screens : screens.slice(0, reviewAt);
  const items: ReviewItem[] = [];
  for (const screen of before) {
    const { step } = screen;
    // Checklist and consent are confirmations, not answers a resident would want to change.
    if (step.kind !== 'choice' && step.kind !== 'keypad' && step.kind !== 'date' && step.kind !== 'region' && step.kind !== 'name') continue;
    const answer = screen.counts ? screen.answer : undefined;
    const label = step.kind === 'choice' && answer !== undefined ? screen.options?.find((o) => o.value === answer.value)?.label : undefined;
    items.push({
      position: screen.position,
      step,
      ...(screen.entry === undefined ? {} : { entry: screen.entry }),
      ...(answer === undefined ? {} : { answer }),
      ...(label === undefined ? {} : { optionLabel: label }),
    });
  }
  return items;
}

/** Issues of the current screen without moving, e.g. to mark a field as the resident types. */
export function validateCurrent(state: SessionState, options: EngineOptions = {}): StepIssue[] {
  const screens = visible(state);
  return validateScreen(state, screens[cursorIndex(state, screens)] as Internal, options).issues;
}

// ---------------------------------------------------------------------------------------------
// Answering

/**
 * Records the answer to the current screen. An empty string (all digits deleted, a blank name)
 * removes the answer, so "not answered" has one meaning. Screens that take no answer ignore it.
 */
export function answer(state: SessionState, value: AnswerValue, author: Author, at: Date): SessionState {
  if (state.status !== 'active') return state;
  const screen = currentInternal(state);
  if (!takesAnswer(screen.step)) return state;
  const cleaned = typeof value === 'string' && screen.step.kind === 'name' ? value.trim().replace(/\s+/gu, ' ') : value;
  const stored: Answer | undefined = cleaned === '' ? undefined : { value: cleaned, author, at: at.toISOString() };
  return setAnswer(state, screen.position, stored);
}

export function clearAnswer(state: SessionState): SessionState {
  if (state.status !== 'active') return state;
  return setAnswer(state, currentInternal(state).position, undefined);
}

// ---------------------------------------------------------------------------------------------
// Moving

/**
 * Validates the current screen and moves on. On the review and submit screens it validates every
 * earlier screen, so nothing invalid is sent even if an earlier change broke a cross-check. With
 * issues, the state stays on the same screen (NIK warnings are still recorded on the answer).
 */
export function next(state: SessionState, options: EngineOptions = {}): NextResult {
  if (state.status !== 'active') return { state, issues: [] };
  const screens = visible(state);
  const at = cursorIndex(state, screens);
  const current = screens[at] as Internal;
  const kind = current.step.kind;

  const own = validateScreen(state, current, options);
  let updated = withWarnings(state, current, own.warnings);
  const issues = kind === 'review' || kind === 'submit' ? validateAll(updated, screens.slice(0, at), options) : own.issues;
  if (issues.length > 0) return { state: updated, issues };

  updated = { ...updated, visited: markVisited(updated.visited, current.position) };
  if (kind === 'consent' && current.answer?.value === 'decline') return { state: { ...updated, status: 'declined' }, issues: [] };

  const following = screens[at + 1];
  if (kind === 'submit') {
    return { state: { ...updated, status: 'submitted', returnTo: null, cursor: following?.position ?? current.position }, issues: [] };
  }
  if (kind === 'review' || updated.returnTo === null) {
    return { state: { ...updated, returnTo: null, cursor: following?.position ?? current.position }, issues: [] };
  }

  // Back from "Ubah": stop at anything the edit made relevant, else return to the review.
  const after = visible(updated);
  const from = cursorIndex(updated, after);
  const reviewAt = after.findIndex((s) => samePosition(s.position, updated.returnTo as Position));
  const end = reviewAt === -1 ? after.length : reviewAt;
  for (let i = from + 1; i < end; i++) {
    const screen = after[i] as Internal;
    if (!isVisited(updated, screen.position) || validateScreen(updated, screen, options).issues.length > 0) {
      return { state: { ...updated, cursor: screen.position }, issues: [] };
    }
  }
  const target = after[end] ?? after[from + 1];
  return { state: { ...updated, returnTo: null, cursor: target?.position ?? current.position }, issues: [] };
}

/**
 * "Kembali": the previous screen shown now. Answers stay. From a declined consent, back to it.
 * From the first screen of a new, still empty group entry: back to the list, without the entry.
 */
export function back(state: SessionState): SessionState {
  if (state.status === 'submitted') return state;
  if (state.status === 'declined') return { ...state, status: 'active' };
  const screens = visible(state);
  const from = cursorIndex(state, screens);
  const current = screens[from] as Internal;
  const previous = screens[from - 1];
  // "Kembali" right after "Tambah" means "I did not mean to add one": without this the resident
  // would land in the previous entry and could not get past the new entry's required questions.
  const entry = current.entry;
  if (entry !== undefined && previous?.entry?.key !== entry.key) {
    const group = groupStep(state, entry.groupId);
    const entries = state.groups[entry.groupId] ?? [];
    const empty = Object.keys(entries.find((e) => e.key === entry.key)?.answers ?? {}).length === 0;
    if (group !== undefined && empty && entries.length > group.repeat.min) {
      return removeGroupEntry({ ...state, cursor: { stepId: entry.groupId } }, entry.groupId, entry.key);
    }
  }
  return previous === undefined ? state : { ...state, cursor: previous.position };
}

/**
 * Jumps to an earlier screen ("Ubah" on the review). Forward jumps are refused (returns the same
 * state) because they would skip validation. From the review screen, the review is remembered.
 */
export function goTo(state: SessionState, stepId: string, instance?: string): SessionState {
  if (state.status !== 'active') return state;
  const screens = visible(state);
  const from = cursorIndex(state, screens);
  const target = screens.findIndex((s) => s.position.stepId === stepId && s.position.instance === instance);
  if (target === -1 || target > from) return state;
  const current = screens[from] as Internal;
  const returnTo = current.step.kind === 'review' ? current.position : state.returnTo;
  return { ...state, cursor: (screens[target] as Internal).position, returnTo };
}

// ---------------------------------------------------------------------------------------------
// Groups

/** "Tambah …": a new entry, and the resident goes to its first screen. Refused beyond repeat.max. */
export function addGroupEntry(state: SessionState, groupId: string): SessionState {
  if (state.status !== 'active') return state;
  const group = groupStep(state, groupId);
  const entries = state.groups[groupId] ?? [];
  if (group === undefined || entries.length >= group.repeat.max) return state;
  const key = `e${state.nextEntryKey}`;
  const added: SessionState = {
    ...state,
    groups: { ...state.groups, [groupId]: [...entries, { key, answers: {} }] },
    nextEntryKey: state.nextEntryKey + 1,
  };
  const first = visible(added).find((s) => s.entry?.key === key);
  return first === undefined ? added : { ...added, cursor: first.position };
}

/** "Hapus": removes an entry and its answers. Refused at repeat.min. */
export function removeGroupEntry(state: SessionState, groupId: string, key: string): SessionState {
  if (state.status !== 'active') return state;
  const group = groupStep(state, groupId);
  const entries = state.groups[groupId] ?? [];
  if (group === undefined || entries.length <= group.repeat.min || !entries.some((e) => e.key === key)) return state;
  const removed: SessionState = { ...state, groups: { ...state.groups, [groupId]: entries.filter((e) => e.key !== key) } };
  return state.cursor.instance === key ? { ...removed, cursor: { stepId: groupId } } : removed;
}

// ---------------------------------------------------------------------------------------------
// Submitting

export type SubmissionResult = { ok: true; value: Submission } | { ok: false; issues: StepIssue[] };

/**
 * The answers that count, in flow order, after validating every screen again. Ids and tracking
 * codes are the caller's (core/id); it must store the result before calling `next` on submit.
 */
export function buildSubmission(state: SessionState, options: EngineOptions = {}): SubmissionResult {
  const screens = visible(state);
  const issues = validateAll(state, screens, options);
  for (const screen of screens) {
    if (screen.step.kind === 'consent' && screen.answer?.value === 'decline') issues.push({ stepId: screen.step.id, code: 'consentDeclined' });
  }
  if (issues.length > 0) return { ok: false, issues };

  const answers: SubmittedAnswer[] = [];
  for (const screen of screens) {
    if (!screen.counts || screen.answer === undefined) continue;
    const { warnings } = validateScreen(state, screen, options);
    const { value, author, at } = screen.answer;
    answers.push({
      stepId: screen.position.stepId,
      ...(screen.entry === undefined ? {} : { group: { id: screen.entry.groupId, index: screen.entry.index } }),
      value,
      author,
      at,
      ...(warnings.length === 0 ? {} : { warnings: warnings.map((w) => ({ ...w })) }),
    });
  }
  const { definition } = state;
  return {
    ok: true,
    value: {
      serviceId: definition.id,
      serviceVersion: definition.version,
      locale: state.locale,
      officeCode: state.officeCode,
      startedAt: state.startedAt,
      answers,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The walk: which screens are shown, and which answers count, in one pass in flow order. One pass
// is enough because conditions may only use EARLIER answers (checkServiceDefinition enforces it).

type Internal = Screen & {
  readonly visible: boolean;
  /** The stored answer counts (the step is shown and, for a choice, the option is still offered). */
  readonly counts: boolean;
  readonly lookup: (stepId: string) => Answer | undefined;
};

function walk(state: SessionState): Internal[] {
  const counted = new Map<string, Answer>();
  const topLookup = (id: string) => counted.get(id);
  const out: Internal[] = [];

  const emit = (step: Step | GroupChildStep, position: Position, stored: Answer | undefined, lookup: Internal['lookup'], shown: boolean, entry?: Screen['entry']) => {
    const options = step.kind === 'choice' ? step.options.filter((o) => o.when === undefined || evaluateCondition(o.when, lookup)) : undefined;
    const items = step.kind === 'checklist' ? step.items.filter((i) => i.when === undefined || evaluateCondition(i.when, lookup)) : undefined;
    const counts = shown && stored !== undefined && (options === undefined || options.some((o) => o.value === stored.value));
    out.push({
      position,
      step,
      visible: shown,
      counts,
      lookup,
      ...(stored === undefined ? {} : { answer: stored }),
      ...(entry === undefined ? {} : { entry }),
      ...(options === undefined ? {} : { options }),
      ...(items === undefined ? {} : { items }),
    });
    return counts;
  };

  for (const step of state.definition.steps) {
    const shown = step.kind === 'review' || step.kind === 'submit' || step.kind === 'done' || step.when === undefined || evaluateCondition(step.when, topLookup);
    if (step.kind !== 'group') {
      const stored = state.answers[step.id];
      if (emit(step, { stepId: step.id }, stored, topLookup, shown) && stored !== undefined) counted.set(step.id, stored);
      continue;
    }
    const entries = state.groups[step.id] ?? [];
    if (shown) {
      entries.forEach((groupEntry, index) => {
        const own = new Map<string, Answer>();
        const lookup = (id: string) => own.get(id) ?? counted.get(id);
        for (const child of step.steps) {
          const childShown = child.when === undefined || evaluateCondition(child.when, lookup);
          const stored = groupEntry.answers[child.id];
          const entry = { groupId: step.id, index, key: groupEntry.key };
          if (emit(child, { stepId: child.id, instance: groupEntry.key }, stored, lookup, childShown, entry) && stored !== undefined) own.set(child.id, stored);
        }
      });
    }
    out.push({
      position: { stepId: step.id },
      step,
      visible: shown,
      counts: false,
      lookup: topLookup,
      hub: {
        entries: entries.map((e, index) => ({ key: e.key, index })),
        canAdd: entries.length < step.repeat.max,
        canRemove: entries.length > step.repeat.min,
      },
    });
  }
  return out;
}

function visible(state: SessionState): Internal[] {
  return walk(state).filter((s) => s.visible);
}

/**
 * Where the cursor is among the visible screens. If its screen is no longer shown (it cannot
 * happen through the API, but a stored draft may be odd), the next shown screen after it.
 */
function cursorIndex(state: SessionState, screens: readonly Internal[]): number {
  const direct = screens.findIndex((s) => samePosition(s.position, state.cursor));
  if (direct !== -1) return direct;
  const all = walk(state);
  let at = all.findIndex((s) => samePosition(s.position, state.cursor));
  if (at === -1 && state.cursor.instance !== undefined) {
    const groupId = state.definition.steps.find((s) => s.kind === 'group' && s.steps.some((c) => c.id === state.cursor.stepId))?.id;
    at = all.findIndex((s) => s.position.stepId === groupId && s.position.instance === undefined);
  }
  for (let i = Math.max(at, 0); i < all.length; i++) {
    const found = screens.findIndex((s) => samePosition(s.position, (all[i] as Internal).position));
    if (found !== -1) return found;
  }
  return Math.max(screens.length - 1, 0);
}

function currentInternal(state: SessionState): Internal {
  const screens = visible(state);
  return screens[cursorIndex(state, screens)] as Internal;
}

function toScreen(s: Internal): Screen {
  return {
    position: s.position,
    step: s.step,
    ...(s.answer === undefined ? {} : { answer: s.answer }),
    ...(s.entry === undefined ? {} : { entry: s.entry }),
    ...(s.options === undefined ? {} : { options: s.options }),
    ...(s.items === undefined ? {} : { items: s.items }),
    ...(s.hub === undefined ? {} : { hub: s.hub }),
  };
}

function validateScreen(state: SessionState, screen: Internal, options: EngineOptions): { issues: StepIssue[]; warnings: IdIssue[] } {
  const { step } = screen;
  const tag = (found: { code: StepIssue['code']; params?: StepIssue['params'] }): StepIssue => ({
    stepId: step.id,
    ...(screen.position.instance === undefined ? {} : { instance: screen.position.instance }),
    ...found,
  });
  if (step.kind === 'group') {
    const count = (state.groups[step.id] ?? []).length;
    if (count < step.repeat.min) return { issues: [tag({ code: 'groupTooFew', params: { min: step.repeat.min } })], warnings: [] };
    if (count > step.repeat.max) return { issues: [tag({ code: 'groupTooMany', params: { max: step.repeat.max } })], warnings: [] };
    return { issues: [], warnings: [] };
  }
  const checked = validateAnswer(step, screen.counts ? screen.answer?.value : undefined, {
    today: state.today,
    lookup: screen.lookup,
    ...(screen.options === undefined ? {} : { options: screen.options }),
    ...(options.districtExists === undefined ? {} : { districtExists: options.districtExists }),
  });
  return { issues: checked.issues.map(tag), warnings: checked.warnings };
}

function validateAll(state: SessionState, screens: readonly Internal[], options: EngineOptions): StepIssue[] {
  return screens.flatMap((s) => validateScreen(state, s, options).issues);
}

/** NIK warnings stay on the answer, for the officer; they never block the resident. */
function withWarnings(state: SessionState, screen: Internal, warnings: readonly IdIssue[]): SessionState {
  const stored = screen.answer;
  if (stored === undefined || !screen.counts) return state;
  if (JSON.stringify(stored.warnings ?? []) === JSON.stringify(warnings)) return state;
  const plain: Answer = { value: stored.value, author: stored.author, at: stored.at };
  return setAnswer(state, screen.position, warnings.length === 0 ? plain : { ...plain, warnings: [...warnings] });
}

function setAnswer(state: SessionState, position: Position, stored: Answer | undefined): SessionState {
  const put = (answers: Readonly<Record<string, Answer>>): Record<string, Answer> => {
    const rest = Object.fromEntries(Object.entries(answers).filter(([id]) => id !== position.stepId));
    return stored === undefined ? rest : { ...rest, [position.stepId]: stored };
  };
  if (position.instance === undefined) return { ...state, answers: put(state.answers) };
  const groupId = state.definition.steps.find((s) => s.kind === 'group' && s.steps.some((c) => c.id === position.stepId))?.id;
  if (groupId === undefined) return state;
  const entries = (state.groups[groupId] ?? []).map((e) => (e.key === position.instance ? { ...e, answers: put(e.answers) } : e));
  return { ...state, groups: { ...state.groups, [groupId]: entries } };
}

function groupStep(state: SessionState, groupId: string): GroupStep | undefined {
  const step = state.definition.steps.find((s) => s.id === groupId);
  return step?.kind === 'group' ? step : undefined;
}

const positionKey = (p: Position) => (p.instance === undefined ? p.stepId : `${p.stepId}#${p.instance}`);

export function samePosition(a: Position, b: Position): boolean {
  return a.stepId === b.stepId && a.instance === b.instance;
}

function isVisited(state: SessionState, position: Position): boolean {
  return state.visited.includes(positionKey(position));
}

function markVisited(visited: readonly string[], position: Position): readonly string[] {
  const key = positionKey(position);
  return visited.includes(key) ? visited : [...visited, key];
}
