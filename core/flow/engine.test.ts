import { describe, expect, test } from 'vitest';
import {
  addGroupEntry,
  answer,
  back,
  buildSubmission,
  clearAnswer,
  currentStep,
  goTo,
  next,
  progress,
  removeGroupEntry,
  reviewItems,
  startSession,
  visibleSteps,
  type Author,
  type AnswerValue,
  type SessionState,
} from './engine';
import { sktmInput } from './fixtures/sktm';
import { ServiceDefinition } from './service-definition';

const definition = ServiceDefinition.parse(sktmInput);
const office = { code: '36.03.03.1001', timeZone: 'Asia/Jakarta' } as const;
// 10:00 WIB on 10 June 2025.
const now = new Date('2025-06-10T03:00:00Z');
const later = new Date('2025-06-10T03:02:00Z');

/** Born 12 May 1985, male, district 36.03.03. */
const NIK_MAN = '3603031205850001';
/** Born 12 May 2010 (15 on the kiosk day), male. */
const NIK_TEEN = '3603031205100001';

const start = () => startSession(definition, { now, locale: 'id', office });
const at = (state: SessionState) => currentStep(state).position.stepId;

/** Answers the current screen (if a value is given) and goes on; the step must pass. */
function go(state: SessionState, value?: AnswerValue, author: Author = 'resident'): SessionState {
  const answered = value === undefined ? state : answer(state, value, author, later);
  const result = next(answered);
  expect(result.issues, `at ${at(answered)}`).toEqual([]);
  return result.state;
}

/** The resident's path up to the purpose question. */
function toPurpose(): SessionState {
  let s = start();
  s = go(s); // intro
  s = go(s, 'agree');
  s = go(s, NIK_MAN);
  s = go(s, 'Budi Santoso');
  s = go(s, '1985-05-12');
  s = go(s, 'male');
  expect(at(s)).toBe('purpose');
  return s;
}

/** From after the branch to the review screen. */
function toReview(state: SessionState): SessionState {
  let s = go(state); // phone, optional: skipped
  s = go(s, '36.03.03.1001');
  s = go(s, true); // documents confirmed
  expect(at(s)).toBe('review');
  return s;
}

describe('starting', () => {
  test('starts on the first screen, with the kiosk day and district of the office', () => {
    const s = start();
    expect(at(s)).toBe('intro');
    expect(s.today).toEqual({ year: 2025, month: 6, day: 10 });
    expect(s.officeDistrictCode).toBe('36.03.03');
    expect(s.status).toBe('active');
  });

  test('the kiosk day follows the office time zone, not UTC', () => {
    // 23:30 UTC on 9 June is 06:30 on 10 June in WIT.
    const s = startSession(definition, { now: new Date('2025-06-09T23:30:00Z'), locale: 'id', office: { code: '91.01.01', timeZone: 'Asia/Jayapura' } });
    expect(s.today).toEqual({ year: 2025, month: 6, day: 10 });
  });

  test('the state is plain data: a stored draft resumes where it was', () => {
    const s = go(go(start()), 'agree');
    const resumed = JSON.parse(JSON.stringify(s)) as SessionState;
    expect(at(resumed)).toBe('nik');
    expect(at(go(resumed, NIK_MAN))).toBe('full-name');
  });
});

describe('branches', () => {
  test('the purpose decides which questions follow', () => {
    const school = go(toPurpose(), 'school');
    expect(at(school)).toBe('school-name');
    expect(at(go(go(school, 'SDN 1 Tigaraksa'), 'smp'))).toBe('phone');

    expect(at(go(toPurpose(), 'clinic'))).toBe('clinic');
    expect(at(go(toPurpose(), 'social-aid'))).toBe('member-name');
  });

  test('options and checklist items follow their own conditions', () => {
    const s = go(toPurpose(), 'school');
    expect(visibleSteps(s).find((x) => x.step.id === 'school-level')?.options?.map((o) => o.value)).toEqual(['sd', 'smp', 'sma', 'university']);
    const items = (state: SessionState) => visibleSteps(state).find((x) => x.step.id === 'documents')?.items?.map((i) => i.label.id);
    expect(items(s)).toContain('Surat sekolah');
    expect(items(go(toPurpose(), 'clinic'))).not.toContain('Surat sekolah');
  });

  test('progress counts only the screens shown, and changes when a branch hides or shows steps', () => {
    const s = toPurpose();
    // intro, consent, nik, name, birth date, sex, purpose, phone, village, documents, review, submit, done
    expect(progress(s)).toEqual({ index: 7, total: 13 });
    const school = answer(s, 'school', 'resident', later);
    expect(progress(school)).toEqual({ index: 7, total: 15 });
    // One household entry (name, relation) plus the list screen.
    expect(progress(answer(s, 'social-aid', 'resident', later))).toEqual({ index: 7, total: 16 });
    expect(progress(answer(school, 'clinic', 'resident', later))).toEqual({ index: 7, total: 14 });
  });

  test('answers hidden by a changed branch are kept while navigating but left out of the submission', () => {
    let s = go(toPurpose(), 'school');
    s = go(s, 'SDN 1 Tigaraksa');
    s = go(s, 'smp');
    s = toReview(s);

    // "Ubah" the purpose to clinic: the school answers stop counting.
    s = goTo(s, 'purpose');
    s = go(s, 'clinic');
    expect(at(s)).toBe('clinic');
    s = go(s, 'puskesmas');
    expect(at(s)).toBe('review');
    expect(reviewItems(s).map((i) => i.step.id)).not.toContain('school-name');
    const built = buildSubmission(s);
    expect(built.ok && built.value.answers.map((a) => a.stepId)).toEqual([
      'consent', 'nik', 'full-name', 'birth-date', 'sex', 'purpose', 'clinic', 'village', 'documents',
    ]);

    // Back to school: the school answers are there again, nothing to retype.
    s = goTo(s, 'purpose');
    s = answer(s, 'school', 'resident', later);
    expect(visibleSteps(s).find((x) => x.step.id === 'school-name')?.answer?.value).toBe('SDN 1 Tigaraksa');
    s = go(s);
    expect(at(s)).toBe('review');
  });
});

describe('moving back and forward', () => {
  test('back and forward keep every answer', () => {
    let s = go(toPurpose(), 'clinic');
    expect(at(s)).toBe('clinic');
    for (const expected of ['purpose', 'sex', 'birth-date', 'full-name']) {
      s = back(s);
      expect(at(s)).toBe(expected);
    }
    expect(currentStep(s).answer?.value).toBe('Budi Santoso');
    s = go(go(go(go(s)))); // name, birth date, sex, purpose: all still answered and valid
    expect(at(s)).toBe('clinic');
    expect(visibleSteps(s).find((x) => x.step.id === 'purpose')?.answer?.value).toBe('clinic');
  });

  test('back on the first screen stays there; goTo refuses to skip forward', () => {
    const s = start();
    expect(back(s)).toBe(s);
    const onNik = go(go(s), 'agree');
    expect(goTo(onNik, 'village')).toBe(onNik);
    expect(at(goTo(onNik, 'intro'))).toBe('intro');
  });

  test('"Ubah" on the review goes to the answer and returns to the review after it', () => {
    let s = toReview(go(go(toPurpose(), 'clinic'), 'hospital'));
    s = goTo(s, 'full-name');
    expect(at(s)).toBe('full-name');
    s = go(s, 'Budi Santoso Wijaya');
    expect(at(s)).toBe('review');
    expect(reviewItems(s).find((i) => i.step.id === 'full-name')?.answer?.value).toBe('Budi Santoso Wijaya');
    expect(s.returnTo).toBeNull();
  });

  test('after "Ubah", a screen the edit broke is visited before the review', () => {
    let s = toReview(go(go(toPurpose(), 'clinic'), 'hospital'));
    // A different NIK no longer matches the birth date given earlier.
    s = goTo(s, 'nik');
    s = go(s, '3603035501900002'); // born 15 January 1990, female
    expect(at(s)).toBe('birth-date');
    const mismatch = next(s);
    expect(mismatch.issues.map((i) => i.code)).toEqual(['nik.birthdate_mismatch']);
    s = go(s, '1990-01-15');
    expect(at(s)).toBe('sex');
    s = go(s, 'female');
    expect(at(s)).toBe('review');
  });

  test('review items carry the choice labels and leave out confirmations', () => {
    const s = toReview(go(go(toPurpose(), 'clinic'), 'hospital'));
    const items = reviewItems(s);
    expect(items.map((i) => i.step.id)).toEqual(['nik', 'full-name', 'birth-date', 'sex', 'purpose', 'clinic', 'phone', 'village']);
    expect(items.find((i) => i.step.id === 'clinic')?.optionLabel).toEqual({ id: 'Rumah sakit', en: 'Hospital' });
    expect(items.find((i) => i.step.id === 'phone')?.answer).toBeUndefined();
  });
});

describe('repeatable groups', () => {
  test('entries are added and removed within repeat.min and repeat.max, each with its own answers', () => {
    let s = go(toPurpose(), 'social-aid');
    expect(at(s)).toBe('member-name');
    s = go(s, 'Sri Wahyuni');
    s = go(s, 'spouse');
    expect(at(s)).toBe('household');
    const hub = currentStep(s).hub;
    expect(hub).toEqual({ entries: [{ key: 'e1', index: 0 }], canAdd: true, canRemove: false });

    // At repeat.min the only entry cannot be removed.
    expect(removeGroupEntry(s, 'household', 'e1')).toBe(s);

    s = addGroupEntry(s, 'household');
    expect(currentStep(s).position).toEqual({ stepId: 'member-name', instance: 'e2' });
    expect(currentStep(s).entry).toEqual({ groupId: 'household', index: 1, key: 'e2' });
    s = go(s, 'Andi');
    s = go(s, 'child');
    expect(at(s)).toBe('member-in-school'); // only for a child, in this entry
    s = go(s, 'yes');
    expect(at(s)).toBe('household');
    expect(progress(s)).toEqual({ index: 13, total: 19 });

    s = removeGroupEntry(s, 'household', 'e1');
    expect(currentStep(s).hub?.entries).toEqual([{ key: 'e2', index: 0 }]);
    s = toReview(go(s));
    const built = buildSubmission(s);
    expect(built.ok).toBe(true);
    const members = built.ok ? built.value.answers.filter((a) => a.group !== undefined) : [];
    expect(members.map((a) => [a.stepId, a.group?.index, a.value])).toEqual([
      ['member-name', 0, 'Andi'],
      ['member-relation', 0, 'child'],
      ['member-in-school', 0, 'yes'],
    ]);
  });

  test('no entry beyond repeat.max', () => {
    let s = go(toPurpose(), 'social-aid');
    for (let i = 0; i < 10; i++) s = addGroupEntry(s, 'household');
    expect(s.groups.household).toHaveLength(8);
    expect(visibleSteps(s).find((x) => x.step.id === 'household')?.hub?.canAdd).toBe(false);
  });

  test('"Kembali" from a new, empty entry cancels adding it', () => {
    let s = go(toPurpose(), 'social-aid');
    s = go(s, 'Sri Wahyuni');
    s = go(s, 'spouse');
    s = addGroupEntry(s, 'household');
    expect(currentStep(s).entry?.key).toBe('e2');
    s = back(s);
    expect(at(s)).toBe('household');
    expect(s.groups.household?.map((e) => e.key)).toEqual(['e1']);
    // Within the first entry (kept at repeat.min), back is just the previous screen.
    expect(at(back(back(s)))).toBe('member-name');
    expect(back(back(back(s))).groups.household).toHaveLength(1);
  });
});

describe('validation', () => {
  const onNik = () => go(go(start()), 'agree');

  test('required: no way on without an answer; optional steps can be skipped', () => {
    expect(next(onNik()).issues).toEqual([{ stepId: 'nik', code: 'required' }]);
    const phone = go(go(toPurpose(), 'clinic'), 'puskesmas');
    expect(at(phone)).toBe('phone');
    expect(at(go(phone))).toBe('village');
  });

  test('an emptied answer is no answer', () => {
    const s = answer(onNik(), '', 'resident', later);
    expect(currentStep(s).answer).toBeUndefined();
    expect(next(s).issues).toEqual([{ stepId: 'nik', code: 'required' }]);
    expect(currentStep(clearAnswer(answer(onNik(), NIK_MAN, 'resident', later))).answer).toBeUndefined();
  });

  test('nik: length, then the NIK rules from core/id', () => {
    expect(next(answer(onNik(), '360303', 'resident', later)).issues).toEqual([{ stepId: 'nik', code: 'tooShort', params: { min: 16 } }]);
    const badDate = next(answer(onNik(), '3603033505850001', 'resident', later));
    expect(badDate.issues.map((i) => i.code)).toEqual(['nik.bad_date']);
    expect(at(badDate.state)).toBe('nik');
  });

  test('ageAtLeast on a NIK uses the birth date in the NIK', () => {
    expect(next(answer(onNik(), NIK_TEEN, 'resident', later)).issues).toEqual([{ stepId: 'nik', code: 'ageBelow', params: { years: 17 } }]);
  });

  test('matchesNik cross-checks the birth date and the sex', () => {
    let s = go(go(onNik(), NIK_MAN), 'Budi Santoso');
    expect(next(answer(s, '1985-05-13', 'resident', later)).issues.map((i) => i.code)).toEqual(['nik.birthdate_mismatch']);
    s = go(s, '1985-05-12');
    expect(next(answer(s, 'female', 'resident', later)).issues.map((i) => i.code)).toEqual(['nik.sex_mismatch']);
  });

  test('date limits', () => {
    const onDate = go(go(onNik(), NIK_MAN), 'Budi Santoso');
    expect(next(answer(onDate, '2025-06-11', 'resident', later)).issues.map((i) => i.code)).toContain('dateTooLate');
    expect(next(answer(onDate, '2025-02-30', 'resident', later)).issues).toEqual([{ stepId: 'birth-date', code: 'invalidDate' }]);
  });

  test('an unknown district is a warning kept on the answer for the officer, not an error', () => {
    const s = answer(onNik(), NIK_MAN, 'resident', later);
    const result = next(s, { districtExists: () => false });
    expect(result.issues).toEqual([]);
    expect(at(result.state)).toBe('full-name');
    expect(result.state.answers.nik?.warnings?.map((w) => w.code)).toEqual(['nik.unknown_district']);
  });

  test('review and submit check every earlier answer again', () => {
    let s = toReview(go(go(toPurpose(), 'clinic'), 'hospital'));
    // An answer that went stale behind the resident's back (e.g. a draft from an older kiosk day).
    s = { ...s, answers: { ...s.answers, 'birth-date': { value: '1985-05-13', author: 'resident', at: later.toISOString() } } };
    expect(next(s).issues).toEqual([expect.objectContaining({ stepId: 'birth-date', code: 'nik.birthdate_mismatch' })]);
  });
});

describe('consent, submit and done', () => {
  test('declining consent ends the session politely; back lets the resident reconsider', () => {
    let s = go(start());
    s = answer(s, 'decline', 'resident', later);
    const declined = next(s).state;
    expect(declined.status).toBe('declined');
    expect(at(declined)).toBe('consent');
    expect(buildSubmission(declined).ok).toBe(false);
    const again = back(declined);
    expect(again.status).toBe('active');
    expect(at(go(again, 'agree'))).toBe('nik');
  });

  test('submission: every counted answer with its author and time; then the session is locked on done', () => {
    let s = go(toPurpose(), 'clinic');
    s = go(s, 'hospital', 'officer:op-17');
    s = toReview(s);
    s = go(s); // review
    expect(at(s)).toBe('submit');
    const built = buildSubmission(s);
    if (!built.ok) throw new Error(JSON.stringify(built.issues));
    expect(built.value).toMatchObject({ serviceId: 'sktm', serviceVersion: 1, locale: 'id', officeCode: '36.03.03.1001', startedAt: now.toISOString() });
    expect(built.value.answers.find((a) => a.stepId === 'clinic')).toEqual({ stepId: 'clinic', value: 'hospital', author: 'officer:op-17', at: later.toISOString() });
    expect(built.value.answers.find((a) => a.stepId === 'consent')?.value).toBe('agree');

    s = go(s); // submit, after the caller stored the submission
    expect(at(s)).toBe('done');
    expect(s.status).toBe('submitted');
    expect(back(s)).toBe(s);
    expect(goTo(s, 'purpose')).toBe(s);
    expect(answer(s, 'x', 'resident', later)).toBe(s);
  });

  test('buildSubmission refuses while answers are missing, naming the steps', () => {
    const built = buildSubmission(toPurpose());
    expect(built.ok).toBe(false);
    expect(!built.ok && built.issues.map((i) => i.stepId)).toEqual(['purpose', 'village', 'documents']);
  });
});
