/**
 * Calendar days for the flow: the kiosk day in the office's time zone, date answers (YYYY-MM-DD),
 * relative limits and ages. Days, not instants: a birth date read from a UTC `Date` lands on the
 * wrong day for seven hours of every WIB evening.
 */
import type { CalendarDate } from '../id';
import { missingCase } from '../contract/result';
import type { RelativeDate } from './step';

/** The calendar day at `now` in `timeZone` (an IANA name such as Asia/Makassar). */
export function calendarDateIn(now: Date, timeZone: string): CalendarDate {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(now);
  const part = (type: 'year' | 'month' | 'day') => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS[month - 1] ?? 0);
}

/** A date answer, or null when it is not a real YYYY-MM-DD day. */
export function parseIsoDate(text: string): CalendarDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(text);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  return { year, month, day };
}

export function formatIsoDate(date: CalendarDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

export function compareCalendarDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** 29 February plus a year is 28 February: the limit must stay a real day. */
function addYears(date: CalendarDate, years: number): CalendarDate {
  const year = date.year + years;
  return { year, month: date.month, day: Math.min(date.day, daysIn(year, date.month)) };
}

export function resolveRelativeDate(relative: RelativeDate, today: CalendarDate): CalendarDate {
  if (relative === 'today') return today;
  if ('yearsAgo' in relative) return addYears(today, -relative.yearsAgo);
  if ('yearsAhead' in relative) return addYears(today, relative.yearsAhead);
  return missingCase(relative);
}

/** Signed years from today, so the checker can compare a min with a max without a real day. */
export function relativeYears(relative: RelativeDate): number {
  if (relative === 'today') return 0;
  if ('yearsAgo' in relative) return -relative.yearsAgo;
  if ('yearsAhead' in relative) return relative.yearsAhead;
  return missingCase(relative);
}

/** Whole years lived on `today`; someone born on 29 February turns a year older on 1 March. */
export function ageOn(birth: CalendarDate, today: CalendarDate): number {
  const birthdayPassed = today.month > birth.month || (today.month === birth.month && today.day >= birth.day);
  return today.year - birth.year - (birthdayPassed ? 0 : 1);
}
