/**
 * The date picker's arithmetic, kept out of the view so it can be tested: a date is picked in three
 * parts (day, month, year) that may be set in any order, and the answer exists only once all three
 * make a real day.
 */
import { missingCase } from '../../../core/contract/result';
import { daysInMonth } from '../../../core/id/calendar-date';
import type { CalendarDate } from '../../../core/id';
import { compareCalendarDates, formatIsoDate, parseIsoDate, resolveRelativeDate } from '../../../core/flow/flow-date';
import type { DateStep } from '../../../core/flow/step';

export type DatePart = 'day' | 'month' | 'year';
export type DateParts = { readonly day?: number; readonly month?: number; readonly year?: number };
export type DateRange = { readonly min: CalendarDate; readonly max: CalendarDate };

/**
 * Without a limit in the config the picker still needs ends: 120 years back covers every living
 * person, 10 years ahead every appointment or expiry a kiosk asks about.
 */
export function dateRange(step: Pick<DateStep, 'min' | 'max'>, today: CalendarDate): DateRange {
  const min = resolveRelativeDate(step.min ?? { yearsAgo: 120 }, today);
  const max = resolveRelativeDate(step.max ?? { yearsAhead: 10 }, today);
  return compareCalendarDates(min, max) <= 0 ? { min, max } : { min: max, max: min };
}

export function partsOf(value: unknown): DateParts {
  if (typeof value !== 'string') return {};
  const date = parseIsoDate(value);
  return date === null ? {} : date;
}

/** YYYY-MM-DD once all three parts make a real day. */
export function isoOf(parts: DateParts): string | undefined {
  const { day, month, year } = parts;
  if (day === undefined || month === undefined || year === undefined) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  return formatIsoDate({ year, month, day });
}

/** Days to offer: 29 February stays possible while the year is not chosen yet. */
export function daysShown(parts: DateParts): number {
  if (parts.month === undefined) return 31;
  return daysInMonth(parts.year ?? 2000, parts.month);
}

/** Decades with at least one allowed year, newest first (the usual birth years come first). */
export function decades(range: DateRange): number[] {
  const out: number[] = [];
  for (let d = Math.floor(range.max.year / 10) * 10; d >= Math.floor(range.min.year / 10) * 10; d -= 10) out.push(d);
  return out;
}

export function yearsOfDecade(decade: number, range: DateRange): number[] {
  const out: number[] = [];
  for (let y = decade; y < decade + 10; y++) if (y >= range.min.year && y <= range.max.year) out.push(y);
  return out;
}

/** A month can be picked when some day of it, in the chosen year, is inside the range. */
export function monthAllowed(parts: DateParts, month: number, range: DateRange): boolean {
  if (parts.year === undefined) return true;
  const first = { year: parts.year, month, day: 1 };
  const last = { year: parts.year, month, day: daysInMonth(parts.year, month) };
  return compareCalendarDates(last, range.min) >= 0 && compareCalendarDates(first, range.max) <= 0;
}

export function dayAllowed(parts: DateParts, day: number, range: DateRange): boolean {
  if (day > daysShown(parts)) return false;
  if (parts.year === undefined || parts.month === undefined) return true;
  const date = { year: parts.year, month: parts.month, day };
  return compareCalendarDates(date, range.min) >= 0 && compareCalendarDates(date, range.max) <= 0;
}

/**
 * Sets one part. A day that no longer exists (31 when February is chosen) becomes the month's last
 * day rather than vanishing, so the resident sees a date close to what they picked.
 */
export function withPart(parts: DateParts, part: DatePart, value: number): DateParts {
  const next = { ...parts, [part]: value };
  if (next.day !== undefined && next.day > daysShown(next)) return { ...next, day: daysShown(next) };
  return next;
}

/**
 * −/+ on a part: day and month go round (31 → 1, Desember → Januari) like a wall calendar; the year
 * stops at the range ends, since going round from 2025 to 1905 would surprise anyone.
 */
export function stepPart(parts: DateParts, part: DatePart, delta: 1 | -1, range: DateRange): DateParts {
  const current = parts[part];
  if (current === undefined) return parts;
  switch (part) {
    case 'day': {
      const count = daysShown(parts);
      return withPart(parts, 'day', ((current - 1 + delta + count) % count) + 1);
    }
    case 'month':
      return withPart(parts, 'month', ((current - 1 + delta + 12) % 12) + 1);
    case 'year':
      return withPart(parts, 'year', Math.min(Math.max(current + delta, range.min.year), range.max.year));
    default:
      return missingCase(part);
  }
}

/** The part to ask for next: the year first (the most work), then the month, then the day. */
export function nextMissing(parts: DateParts): DatePart | null {
  if (parts.year === undefined) return 'year';
  if (parts.month === undefined) return 'month';
  if (parts.day === undefined) return 'day';
  return null;
}
