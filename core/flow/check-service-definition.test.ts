import { describe, expect, test } from 'vitest';
import type { Locale } from '../config/locale';
import { checkServiceDefinition, type DefinitionProblem } from './check-service-definition';
import { sktmInput } from './fixtures/sktm';
import { ServiceDefinition } from './service-definition';

// Step indexes in the SKTM sample, so the expected paths below can be read against it.
// 0 intro, 1 consent, 2 nik, 3 full-name, 4 birth-date, 5 sex, 6 purpose, 7 school-name,
// 8 school-level, 9 clinic, 10 household (group), 11 phone, 12 village, 13 documents, 14 review,
// 15 submit, 16 done.

type Json = Record<string, unknown>;
type Draft = Json & { steps: Json[] };

/** The sample, changed by `edit`, parsed (it must still pass the schema) and checked. */
function check(edit: (draft: Draft) => void, locales: Locale[] = ['id', 'en']): DefinitionProblem[] {
  const draft = JSON.parse(JSON.stringify(sktmInput)) as Draft;
  edit(draft);
  return checkServiceDefinition(ServiceDefinition.parse(draft), { locales });
}

const step = (d: Draft, i: number) => d.steps[i] as Json;
const paths = (problems: DefinitionProblem[]) => problems.map((p) => p.path);

describe('checkServiceDefinition', () => {
  test('the SKTM sample has no problems', () => {
    expect(check(() => {})).toEqual([]);
  });

  describe('conditions', () => {
    test('a condition on a missing answer', () => {
      const problems = check((d) => {
        step(d, 7).when = { answer: 'porpose', equals: 'school' };
      });
      expect(problems).toEqual([{ path: 'steps[7].when.answer', message: 'Condition on a missing answer: there is no step "porpose"' }]);
    });

    test('deep inside all/any/not, with the exact path', () => {
      const problems = check((d) => {
        step(d, 8).when = { all: [{ answer: 'purpose', equals: 'school' }, { not: { any: [{ answer: 'nope', answered: true }] } }] };
      });
      expect(paths(problems)).toEqual(['steps[8].when.all[1].not.any[0].answer']);
    });

    test('a condition on a step that comes later (or on itself)', () => {
      const problems = check((d) => {
        step(d, 2).when = { answer: 'purpose', answered: true };
        step(d, 6).when = { answer: 'purpose', answered: true };
      });
      expect(paths(problems)).toEqual(['steps[2].when.answer', 'steps[6].when.answer']);
      expect(problems[0]?.message).toMatch(/does not come before this step/u);
    });

    test('a condition on a step that takes no answer', () => {
      const problems = check((d) => {
        step(d, 7).when = { answer: 'intro', answered: true };
      });
      expect(paths(problems)).toEqual(['steps[7].when.answer']);
      expect(problems[0]?.message).toMatch(/"intro" \(info\), which takes no answer/u);
    });

    test('a condition on a step inside a group, from outside the group', () => {
      const problems = check((d) => {
        step(d, 11).when = { answer: 'member-name', answered: true };
      });
      expect(paths(problems)).toEqual(['steps[11].when.answer']);
      expect(problems[0]?.message).toMatch(/inside group "household"/u);
    });

    test('an unreachable step: a choice value that does not exist', () => {
      const problems = check((d) => {
        step(d, 7).when = { answer: 'purpose', equals: 'work' };
        step(d, 8).when = { answer: 'purpose', in: ['school', 'scool'] };
        step(d, 9).when = { answer: 'purpose', notEquals: 'clinc' };
      });
      expect(paths(problems)).toEqual(['steps[7].when.equals', 'steps[8].when.in[1]', 'steps[9].when.notEquals']);
      expect(problems[0]?.message).toMatch(/has no answer "work".*never shown/u);
    });

    test('conditions on options, checklist items and steps inside a group are checked too', () => {
      const problems = check((d) => {
        const options = step(d, 8).options as Json[];
        (options[3] as Json).when = { answer: 'birth-dat', answered: true };
        const items = step(d, 13).items as Json[];
        (items[3] as Json).when = { answer: 'consent', equals: 'yes' };
        const children = step(d, 10).steps as Json[];
        (children[2] as Json).when = { answer: 'member-relation', equals: 'grandchild' };
      });
      expect(paths(problems)).toEqual(['steps[8].options[3].when.answer', 'steps[10].steps[2].when.equals', 'steps[13].items[3].when.equals']);
    });
  });

  describe('rules', () => {
    test('matchesNik on a missing, later or non-NIK step', () => {
      const problems = check((d) => {
        step(d, 4).validate = [{ rule: 'matchesNik', nikStep: 'nikk' }];
        step(d, 5).validate = [{ rule: 'matchesNik', nikStep: 'full-name' }];
      });
      expect(problems).toEqual([
        { path: 'steps[4].validate[0].nikStep', message: 'matchesNik on a missing answer: there is no step "nikk"' },
        { path: 'steps[5].validate[0].nikStep', message: 'Step "full-name" is not a keypad with format "nik"' },
      ]);
    });

    test('matchesNik on a choice needs male/female options; ageAtLeast on a keypad needs a NIK', () => {
      const problems = check((d) => {
        step(d, 6).validate = [{ rule: 'matchesNik', nikStep: 'nik' }];
        step(d, 11).validate = [{ rule: 'ageAtLeast', years: 17 }];
      });
      expect(paths(problems)).toEqual(['steps[6].validate[0]', 'steps[11].validate[0]']);
    });

    test('a number rule that contradicts the keypad format', () => {
      const problems = check((d) => {
        step(d, 11).validate = [{ rule: 'nik' }];
      });
      expect(paths(problems)).toEqual(['steps[11].validate[0].rule']);
    });
  });

  describe('ids, screens and limits', () => {
    test('duplicate ids, also inside groups', () => {
      const problems = check((d) => {
        step(d, 3).id = 'nik';
        ((step(d, 10).steps as Json[])[0] as Json).id = 'phone';
      });
      expect(problems).toEqual([
        { path: 'steps[3].id', message: 'Duplicate step id "nik" (first used at steps[2].id)' },
        { path: 'steps[11].id', message: 'Duplicate step id "phone" (first used at steps[10].steps[0].id)' },
      ]);
    });

    test('more than six choices need paging', () => {
      const many = Array.from({ length: 7 }, (_, i) => ({ value: `o${i}`, icon: 'star', label: { id: `Pilihan ${i}`, en: `Option ${i}` } }));
      expect(paths(check((d) => void (step(d, 8).options = many)))).toEqual(['steps[8].options']);
      expect(check((d) => Object.assign(step(d, 8), { options: many, paged: true }))).toEqual([]);
    });

    test('impossible limits', () => {
      const problems = check((d) => {
        Object.assign(step(d, 4), { min: 'today', max: { yearsAgo: 1 } });
        (step(d, 10).repeat as Json).min = 9;
      });
      expect(paths(problems)).toEqual(['steps[4].min', 'steps[10].repeat.min']);
    });
  });

  describe('flow shape', () => {
    test('must end with submit then done', () => {
      const problems = check((d) => {
        d.steps.splice(15, 2, d.steps[16] as Json, d.steps[15] as Json);
      });
      expect(problems).toEqual(
        expect.arrayContaining([
          { path: 'steps[16]', message: 'The flow must end with a submit step followed by a done step' },
          { path: 'steps[15]', message: 'The flow must end with a submit step followed by a done step' },
        ]),
      );
    });

    test('review must come before submit', () => {
      const problems = check((d) => {
        const [review] = d.steps.splice(14, 1);
        d.steps.splice(15, 0, review as Json); // ..., submit, review, done
      });
      expect(problems).toContainEqual({ path: 'steps[15]', message: 'The review step must come before the submit step' });
    });

    test('a review is required, and no question may sit between review and submit', () => {
      expect(check((d) => void d.steps.splice(14, 1))).toEqual([
        { path: 'steps', message: 'Add a review step before submit, so the resident can check and change every answer' },
      ]);
      const late = check((d) => {
        const [village] = d.steps.splice(12, 1);
        d.steps.splice(14, 0, village as Json); // ..., documents, review, village, submit
      });
      expect(paths(late)).toEqual(['steps[14]']);
    });

    test('consent comes before any personal data and is always shown (UU PDP)', () => {
      const before = check((d) => {
        const [consent] = d.steps.splice(1, 1);
        d.steps.splice(3, 0, consent as Json); // intro, nik, full-name, consent, ...
      });
      expect(paths(before)).toEqual(['steps[1]']);
      expect(before[0]?.message).toMatch(/personal data before the consent step \(steps\[3\]\)/u);
      expect(paths(check((d) => void d.steps.splice(1, 1)))).toEqual(['steps[1]']);
      expect(paths(check((d) => void (step(d, 1).when = { answer: 'intro', answered: false })))).toContain('steps[1].when');
    });
  });

  describe('translations', () => {
    test('every text needs every enabled language, wherever it is', () => {
      const problems = check((d) => {
        delete ((step(d, 6).options as Json[])[1] as { label: Json }).label.en;
        delete (((step(d, 10).steps as Json[])[0] as Json).question as Json).en;
        delete (d.counter as { name: Json }).name.en;
        delete (d.requirements as Json[])[2]?.en;
      });
      expect(problems).toEqual([
        { path: 'requirements[2].en', message: 'Missing text for enabled language "en"' },
        { path: 'counter.name.en', message: 'Missing text for enabled language "en"' },
        { path: 'steps[6].options[1].label.en', message: 'Missing text for enabled language "en"' },
        { path: 'steps[10].steps[0].question.en', message: 'Missing text for enabled language "en"' },
      ]);
    });

    test('only the enabled languages are required', () => {
      expect(check((d) => void delete (step(d, 0).title as Json).en, ['id'])).toEqual([]);
    });
  });
});
