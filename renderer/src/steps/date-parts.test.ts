import { describe, expect, test } from 'vitest';
import { dateRange, dayAllowed, daysShown, decades, isoOf, monthAllowed, nextMissing, partsOf, stepPart, withPart, yearsOfDecade } from './date-parts';

const today = { year: 2025, month: 6, day: 10 };
// A birth date: at most 120 years ago, at latest today.
const birth = dateRange({ min: { yearsAgo: 120 }, max: 'today' }, today);

describe('the range', () => {
  test('comes from the step, relative to the kiosk day', () => {
    expect(birth).toEqual({ min: { year: 1905, month: 6, day: 10 }, max: today });
  });

  test('without limits: 120 years back, 10 ahead', () => {
    expect(dateRange({}, today)).toEqual({ min: { year: 1905, month: 6, day: 10 }, max: { year: 2035, month: 6, day: 10 } });
  });
});

describe('picking 17 August 1956 the way a resident does', () => {
  test('decade, year, month, day; the answer exists only at the end', () => {
    expect(decades(birth)).toContain(1950);
    expect(yearsOfDecade(1950, birth)).toEqual([1950, 1951, 1952, 1953, 1954, 1955, 1956, 1957, 1958, 1959]);
    let parts = withPart({}, 'year', 1956);
    expect(nextMissing(parts)).toBe('month');
    expect(isoOf(parts)).toBeUndefined();
    parts = withPart(parts, 'month', 8);
    expect(nextMissing(parts)).toBe('day');
    parts = withPart(parts, 'day', 17);
    expect(nextMissing(parts)).toBeNull();
    expect(isoOf(parts)).toBe('1956-08-17');
  });

  test('every decade with an allowed year is offered, newest first', () => {
    const list = decades(birth);
    expect(list[0]).toBe(2020);
    expect(list.at(-1)).toBe(1900);
    expect(yearsOfDecade(1900, birth)).toEqual([1905, 1906, 1907, 1908, 1909]);
    expect(yearsOfDecade(2020, birth)).toEqual([2020, 2021, 2022, 2023, 2024, 2025]);
  });
});

describe('days and months that do not exist', () => {
  test('29 February is offered until a year shows it does not exist', () => {
    expect(daysShown({ month: 2 })).toBe(29);
    expect(daysShown({ month: 2, year: 1957 })).toBe(28);
    expect(daysShown({ month: 2, year: 1956 })).toBe(29);
  });

  test('a day past the end of a newly chosen month becomes its last day', () => {
    expect(withPart({ day: 31, year: 1990 }, 'month', 4)).toEqual({ day: 30, month: 4, year: 1990 });
    expect(withPart({ day: 29, month: 2 }, 'year', 1957)).toEqual({ day: 28, month: 2, year: 1957 });
  });

  test('days and months after today are not offered for a birth date', () => {
    expect(monthAllowed({ year: 2025 }, 6, birth)).toBe(true);
    expect(monthAllowed({ year: 2025 }, 7, birth)).toBe(false);
    expect(dayAllowed({ year: 2025, month: 6 }, 10, birth)).toBe(true);
    expect(dayAllowed({ year: 2025, month: 6 }, 11, birth)).toBe(false);
    expect(dayAllowed({ month: 6 }, 11, birth)).toBe(true);
  });
});

describe('− and +', () => {
  test('day and month go round like a calendar', () => {
    expect(stepPart({ day: 31, month: 1, year: 2000 }, 'day', 1, birth).day).toBe(1);
    expect(stepPart({ day: 1, month: 3, year: 2000 }, 'day', -1, birth).day).toBe(31);
    expect(stepPart({ month: 12 }, 'month', 1, birth).month).toBe(1);
    expect(stepPart({ month: 1 }, 'month', -1, birth).month).toBe(12);
  });

  test('the year stops at the ends of the range', () => {
    expect(stepPart({ year: 2025 }, 'year', 1, birth).year).toBe(2025);
    expect(stepPart({ year: 1905 }, 'year', -1, birth).year).toBe(1905);
    expect(stepPart({ year: 1956 }, 'year', 1, birth).year).toBe(1957);
  });

  test('a part not chosen yet is left alone', () => {
    expect(stepPart({}, 'day', 1, birth)).toEqual({});
  });

  test('31 March minus a month is the last day of February', () => {
    expect(stepPart({ day: 31, month: 3, year: 2023 }, 'month', -1, birth)).toEqual({ day: 28, month: 2, year: 2023 });
  });
});

test('a stored answer opens with its parts; anything else opens empty', () => {
  expect(partsOf('1956-08-17')).toEqual({ year: 1956, month: 8, day: 17 });
  expect(partsOf('1956-02-30')).toEqual({});
  expect(partsOf(true)).toEqual({});
  expect(partsOf(undefined)).toEqual({});
});
