import type { Locale } from '../config/locale';
import type { OfficeConfig } from '../config/office-config';

/** The zone's name residents know, printed after the time; never "GMT+7". */
const ZONE_NAMES: Readonly<Record<OfficeConfig['timeZone'], string>> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

const INTL_LOCALES: Readonly<Record<Locale, string>> = { id: 'id-ID', en: 'en-GB' };
const AT: Readonly<Record<Locale, string>> = { id: 'pukul', en: 'at' };

/**
 * "Senin, 2 Maret 2026 pukul 08.10 WIB": the office's wall clock, whatever zone the kiosk's
 * operating system is set to (a kiosk imaged in Jakarta may stand in Makassar).
 */
export function receiptTime(at: Date, timeZone: OfficeConfig['timeZone'], locale: Locale): string {
  const intl = INTL_LOCALES[locale];
  const date = new Intl.DateTimeFormat(intl, { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(at);
  const time = new Intl.DateTimeFormat(intl, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  return `${date} ${AT[locale]} ${time} ${ZONE_NAMES[timeZone]}`;
}
