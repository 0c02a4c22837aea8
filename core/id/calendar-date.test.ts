import { describe, expect, it } from 'vitest';
import { compareDates, isLeapYear, isRealDate } from './calendar-date';

describe('calendar dates', () => {
  it('knows the Gregorian leap years, including the century rule', () => {
    expect([2000, 2024, 1996, 2400].map(isLeapYear)).toEqual([true, true, true, true]);
    expect([1900, 2001, 2100, 2023].map(isLeapYear)).toEqual([false, false, false, false]);
  });

  it('accepts 29 February only in leap years', () => {
    expect(isRealDate({ year: 2000, month: 2, day: 29 })).toBe(true);
    expect(isRealDate({ year: 1900, month: 2, day: 29 })).toBe(false);
    expect(isRealDate({ year: 2001, month: 2, day: 29 })).toBe(false);
  });

  it('rejects days past the end of the month, day 0 and months outside 1-12', () => {
    expect(isRealDate({ year: 1990, month: 2, day: 31 })).toBe(false);
    expect(isRealDate({ year: 1990, month: 4, day: 31 })).toBe(false);
    expect(isRealDate({ year: 1990, month: 12, day: 31 })).toBe(true);
    expect(isRealDate({ year: 1990, month: 8, day: 0 })).toBe(false);
    expect(isRealDate({ year: 1990, month: 13, day: 1 })).toBe(false);
    expect(isRealDate({ year: 1990, month: 0, day: 1 })).toBe(false);
  });

  it('orders dates by year, then month, then day', () => {
    expect(compareDates({ year: 2025, month: 6, day: 15 }, { year: 2025, month: 6, day: 16 })).toBeLessThan(0);
    expect(compareDates({ year: 2025, month: 7, day: 1 }, { year: 2025, month: 6, day: 30 })).toBeGreaterThan(0);
    expect(compareDates({ year: 1990, month: 8, day: 17 }, { year: 1990, month: 8, day: 17 })).toBe(0);
  });
});
