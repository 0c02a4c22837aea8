/**
 * The NIK and the KK number share one layout, `PP RR DD ddmmyy SSSS` (area, a date, a serial), and
 * so share one reader. They differ only in how the day is written, which each passes in as a
 * `DayReader`: day + 40 for women in a NIK, the issue day as is in a KK number.
 */
import { readAreaPrefix, type AreaCodes, type DistrictLookup } from './area-code';
import { compareDates, isRealDate, type CalendarDate } from './calendar-date';
import { failed, issue, passed, type IdCheck, type IdIssue } from './id-issue';

export type CivilKind = 'nik' | 'kk';

export type CivilNumberOptions = { today: CalendarDate; districtExists?: DistrictLookup };

export type CivilNumber<Extra> = {
  number: string;
  area: AreaCodes;
  date: CalendarDate;
  extra: Extra; // what the written day says beyond the day itself (a NIK's sex)
  serial: string;
};

/** Turns the two written day digits into a calendar day, or null if no day is written that way. */
export type DayReader<Extra> = (written: number) => { day: number; extra: Extra } | null;

const LENGTH = 16;

/**
 * Only the last two digits of the year are written. Choosing the latest century not after `today`'s
 * year keeps a two-digit year from landing more than a century back; a date later this year is then
 * reported as a future date (a typo far more often than a resident about to turn 100).
 */
export function resolveTwoDigitYear(yy: number, today: CalendarDate): number {
  const century = Math.floor(today.year / 100) * 100;
  return yy > today.year - century ? century - 100 + yy : century + yy;
}

/**
 * Spaces (and other blanks such as a pasted no-break space) are dropped because people copy numbers
 * in groups from a card. Any other mark is refused rather than guessed around: a stray dot or dash
 * in a NIK more often means a digit was mistyped than that it was meant as a separator.
 */
export function parseCivilNumber<Extra>(
  kind: CivilKind,
  input: string,
  options: CivilNumberOptions,
  readDay: DayReader<Extra>,
): IdCheck<CivilNumber<Extra>> {
  const number = input.replace(/\s+/gu, '');
  const shapeIssues: IdIssue[] = [];
  if (!/^[0-9]*$/u.test(number)) shapeIssues.push(issue(`${kind}.digits`));
  if (number.length !== LENGTH) shapeIssues.push(issue(`${kind}.length`, { length: number.length, expected: LENGTH }));
  // With the wrong length every field after the slip is shifted, so reading them would report
  // problems the resident did not make.
  if (shapeIssues.length > 0) return failed(shapeIssues);

  const issues: IdIssue[] = [];
  const { codes: area, invalidParts } = readAreaPrefix(number.slice(0, 6));
  for (const part of invalidParts) issues.push(issue(`${kind}.area`, { part }));

  const writtenDay = Number(number.slice(6, 8));
  const month = Number(number.slice(8, 10));
  const year = resolveTwoDigitYear(Number(number.slice(10, 12)), options.today);
  const decoded = readDay(writtenDay);
  if (decoded === null) issues.push(issue(`${kind}.bad_date`, { reason: 'day', day: writtenDay }));
  if (month < 1 || month > 12) issues.push(issue(`${kind}.bad_date`, { reason: 'month', month }));

  let date: CalendarDate | null = null;
  if (decoded !== null && month >= 1 && month <= 12) {
    const candidate = { year, month, day: decoded.day };
    if (!isRealDate(candidate)) {
      // `writtenDay` lets the message explain a woman's 71 as "31 after taking away 40".
      issues.push(
        issue(`${kind}.bad_date`, {
          reason: 'calendar',
          day: candidate.day,
          month,
          year,
          ...(writtenDay === candidate.day ? {} : { writtenDay }),
        }),
      );
    } else if (compareDates(candidate, options.today) > 0) {
      issues.push(issue(`${kind}.future_date`, { day: candidate.day, month, year }));
    } else {
      date = candidate;
    }
  }

  const serial = number.slice(12, 16);
  // Serials are counted from 0001; 0000 is never issued.
  if (serial === '0000') issues.push(issue(`${kind}.serial`));

  if (issues.length > 0 || date === null || decoded === null) return failed(issues);

  const warnings: IdIssue[] = [];
  if (options.districtExists !== undefined && !options.districtExists(area.districtCode)) {
    warnings.push(issue(`${kind}.unknown_district`));
  }
  return passed({ number, area, date, extra: decoded.extra, serial }, warnings);
}
