/**
 * Nomor KK (Kartu Keluarga): 16 digits, the same area prefix as a NIK, then the issue date as
 * written (no + 40: a family has no sex), then a serial (DOMAIN.md §3).
 */
import type { DistrictLookup } from './area-code';
import type { CalendarDate } from './calendar-date';
import { parseCivilNumber, type DayReader } from './civil-number';
import { passed, type IdCheck } from './id-issue';

export type KkInfo = { kk: string; districtCode: string; issueDate: CalendarDate; serial: string };

export function parseKk(input: string, options: { today: CalendarDate; districtExists?: DistrictLookup }): IdCheck<KkInfo> {
  const parsed = parseCivilNumber('kk', input, options, readKkDay);
  if (!parsed.ok) return parsed;
  const { number, area, date, serial } = parsed.value;
  return passed({ kk: number, districtCode: area.districtCode, issueDate: date, serial }, parsed.warnings);
}

const readKkDay: DayReader<null> = (written) => (written >= 1 && written <= 31 ? { day: written, extra: null } : null);
