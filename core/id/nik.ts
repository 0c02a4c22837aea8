/**
 * NIK (Nomor Induk Kependudukan): 16 digits, `PP RR DD ddmmyy SSSS`, the birth day + 40 for women
 * (DOMAIN.md §3).
 */
import type { DistrictLookup } from './area-code';
import type { CalendarDate } from './calendar-date';
import { parseCivilNumber, type DayReader } from './civil-number';
import { issue, passed, type IdCheck, type IdIssue } from './id-issue';

export type Sex = 'male' | 'female';

export type NikInfo = {
  nik: string; // 16 digits, blanks removed
  provinceCode: string; // '36'
  regencyCode: string; // '36.03'
  districtCode: string; // '36.03.03'
  birthDate: CalendarDate; // century inferred from the two-digit year, see resolveTwoDigitYear
  sex: Sex;
  serial: string; // '0001'
};

/**
 * An unknown district is a warning, not a rejection: NIKs issued before a district was split keep
 * the old code for life, and refusing them would lock those residents out of the kiosk.
 */
export function parseNik(input: string, options: { today: CalendarDate; districtExists?: DistrictLookup }): IdCheck<NikInfo> {
  const parsed = parseCivilNumber('nik', input, options, readNikDay);
  if (!parsed.ok) return parsed;
  const { number, area, date, extra: sex, serial } = parsed.value;
  return passed({ nik: number, ...area, birthDate: date, sex, serial }, parsed.warnings);
}

/** 01-31 is a man's birth day, 41-71 a woman's plus 40; 32-40 and 72-99 are no one's. */
const readNikDay: DayReader<Sex> = (written) => {
  if (written >= 1 && written <= 31) return { day: written, extra: 'male' };
  if (written >= 41 && written <= 71) return { day: written - 40, extra: 'female' };
  return null;
};

/**
 * Compares what a resident typed or an officer read with what the NIK encodes. Only the last two
 * digits of the year are compared, because that is all a NIK holds: a resident born in 1925 must
 * not be told their NIK says 2025.
 */
export function crossCheckNik(info: NikInfo, given: { birthDate?: CalendarDate; sex?: Sex }): IdIssue[] {
  const issues: IdIssue[] = [];
  const nikDate = info.birthDate;
  const givenDate = given.birthDate;
  if (
    givenDate !== undefined &&
    (givenDate.day !== nikDate.day || givenDate.month !== nikDate.month || mod100(givenDate.year) !== mod100(nikDate.year))
  ) {
    issues.push(
      issue('nik.birthdate_mismatch', {
        nikDay: nikDate.day,
        nikMonth: nikDate.month,
        nikYear: nikDate.year,
        givenDay: givenDate.day,
        givenMonth: givenDate.month,
        givenYear: givenDate.year,
      }),
    );
  }
  if (given.sex !== undefined && given.sex !== info.sex) {
    issues.push(issue('nik.sex_mismatch', { nikSex: info.sex, givenSex: given.sex }));
  }
  return issues;
}

const mod100 = (year: number) => ((year % 100) + 100) % 100;
