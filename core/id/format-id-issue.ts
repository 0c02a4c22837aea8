/**
 * Plain words for every IdIssue, in Bahasa Indonesia and English. Each message names the part that
 * is wrong and how it should be written, because the reader is often a resident at a kiosk with no
 * one to ask. Messages are built from params only (counts, date parts), so they never repeat a NIK,
 * KK or phone number, and they can be logged and spoken aloud safely.
 */
import { missingCase } from '../contract/result';
import type { AreaPart } from './area-code';
import { MONTH_NAMES } from './calendar-date';
import type { CivilKind } from './civil-number';
import type { IdIssue } from './id-issue';

type Locale = 'id' | 'en';
type Params = IdIssue['params'];
type CivilPart = 'length' | 'digits' | 'area' | 'bad_date' | 'future_date' | 'serial' | 'unknown_district';

export function formatIdIssue(issue: IdIssue, locale: 'id' | 'en'): string {
  const { code, params } = issue;
  switch (code) {
    case 'nik.length':
      return civil('nik', 'length', params, locale);
    case 'nik.digits':
      return civil('nik', 'digits', params, locale);
    case 'nik.area':
      return civil('nik', 'area', params, locale);
    case 'nik.bad_date':
      return civil('nik', 'bad_date', params, locale);
    case 'nik.future_date':
      return civil('nik', 'future_date', params, locale);
    case 'nik.serial':
      return civil('nik', 'serial', params, locale);
    case 'nik.unknown_district':
      return civil('nik', 'unknown_district', params, locale);
    case 'kk.length':
      return civil('kk', 'length', params, locale);
    case 'kk.digits':
      return civil('kk', 'digits', params, locale);
    case 'kk.area':
      return civil('kk', 'area', params, locale);
    case 'kk.bad_date':
      return civil('kk', 'bad_date', params, locale);
    case 'kk.future_date':
      return civil('kk', 'future_date', params, locale);
    case 'kk.serial':
      return civil('kk', 'serial', params, locale);
    case 'kk.unknown_district':
      return civil('kk', 'unknown_district', params, locale);
    case 'nik.birthdate_mismatch':
      return birthDateMismatch(params, locale);
    case 'nik.sex_mismatch':
      return sexMismatch(params, locale);
    case 'bpjs.length': {
      const n = num(params, 'length');
      if (locale === 'id') return `Nomor kartu BPJS Kesehatan harus 13 angka${n === undefined ? '' : `, tetapi yang dimasukkan ada ${n}`}.`;
      return `A BPJS Kesehatan card number has 13 digits${n === undefined ? '' : `, but ${entered(n)}`}.`;
    }
    case 'bpjs.digits':
      return locale === 'id'
        ? 'Nomor kartu BPJS Kesehatan hanya berisi angka 0–9; hapus huruf atau tanda lain.'
        : 'A BPJS Kesehatan card number has only the digits 0–9; remove any letters or other marks.';
    case 'phone.prefix':
      return locale === 'id' ? 'Nomor HP harus diawali 08 atau +628.' : 'A mobile number starts with 08 or +628.';
    case 'phone.length': {
      const n = num(params, 'length');
      if (locale === 'id') {
        return `Nomor HP harus 10 sampai 13 angka (dihitung dari 08)${n === undefined ? '' : `, tetapi yang dimasukkan ada ${n}`}.`;
      }
      return `A mobile number has 10 to 13 digits (counted from the 08)${n === undefined ? '' : `, but ${entered(n)}`}.`;
    }
    case 'phone.digits':
      return locale === 'id'
        ? 'Nomor HP hanya berisi angka, boleh diawali tanda +.'
        : 'A mobile number has only digits, optionally starting with +.';
    case 'tracking.format':
      return trackingFormat(params, locale);
    case 'tracking.check':
      return locale === 'id'
        ? 'Kode pelacakan tidak cocok; mungkin ada yang salah ketik. Periksa lagi setiap huruf dan angka dengan struk.'
        : 'The tracking code does not check out; a letter or digit is probably mistyped. Compare each one with the receipt.';
    default:
      return missingCase(code);
  }
}

type CivilWords = {
  number: string; // as the subject of a sentence
  inNumber: string; // after "di" / "in"
  date: string;
  day: string;
  month: string;
  old: string;
  card: string;
};

const CIVIL_WORDS: Record<CivilKind, Record<Locale, CivilWords>> = {
  nik: {
    id: {
      number: 'NIK',
      inNumber: 'NIK',
      date: 'tanggal lahir',
      day: 'tanggal lahir',
      month: 'bulan lahir',
      old: 'NIK lama',
      card: 'KTP-el asli',
    },
    en: {
      number: 'A NIK',
      inNumber: 'the NIK',
      date: 'birth date',
      day: 'birth day',
      month: 'birth month',
      old: 'an older NIK',
      card: 'the original KTP-el',
    },
  },
  kk: {
    id: {
      number: 'Nomor KK',
      inNumber: 'Nomor KK',
      date: 'tanggal terbit',
      day: 'tanggal terbit',
      month: 'bulan terbit',
      old: 'Nomor KK lama',
      card: 'Kartu Keluarga asli',
    },
    en: {
      number: 'A KK number',
      inNumber: 'the KK number',
      date: 'issue date',
      day: 'issue day',
      month: 'issue month',
      old: 'an older KK number',
      card: 'the original Kartu Keluarga',
    },
  },
};

function civil(kind: CivilKind, part: CivilPart, params: Params, locale: Locale): string {
  const w = CIVIL_WORDS[kind][locale];
  const id = locale === 'id';
  switch (part) {
    case 'length': {
      const n = num(params, 'length');
      if (id) return `${w.number} harus 16 angka${n === undefined ? '' : `, tetapi yang dimasukkan ada ${n}`}.`;
      return `${w.number} has 16 digits${n === undefined ? '' : `, but ${entered(n)}`}.`;
    }
    case 'digits':
      return id
        ? `${w.number} hanya berisi angka 0–9; hapus huruf atau tanda lain.`
        : `${w.number} has only the digits 0–9; remove any letters or other marks.`;
    case 'area':
      return areaMessage(w, areaPart(str(params, 'part')), locale);
    case 'bad_date':
      return badDate(kind, w, params, locale);
    case 'future_date': {
      const when = dateText(locale, num(params, 'day'), num(params, 'month'), num(params, 'year'));
      return id
        ? `${capitalize(w.date)} di ${w.inNumber} belum terjadi${when === '' ? '' : `: ${when}`}. Periksa angka ke-7 sampai ke-12.`
        : `The ${w.date} in ${w.inNumber} is in the future${when === '' ? '' : `: ${when}`}. Check digits 7 to 12.`;
    }
    case 'serial':
      return id
        ? `Nomor urut di ${w.inNumber} (4 angka terakhir) tidak boleh 0000.`
        : `The serial number in ${w.inNumber} (last 4 digits) cannot be 0000.`;
    case 'unknown_district':
      return id
        ? `Kode kecamatan di ${w.inNumber} tidak ada di daftar wilayah sekarang. Ini wajar untuk ${w.old} dari sebelum pemekaran wilayah; cocokkan dengan ${w.card}.`
        : `The district code in ${w.inNumber} is not in the current list of areas. That is normal for ${w.old} issued before a district was split; compare it with ${w.card}.`;
    default:
      return missingCase(part);
  }
}

function areaPart(part: string | undefined): AreaPart | null {
  return part === 'province' || part === 'regency' || part === 'district' ? part : null;
}

function areaMessage(w: CivilWords, part: AreaPart | null, locale: Locale): string {
  const id = locale === 'id';
  if (part === null) {
    // Params arrive over the wire from older or newer builds; say something true rather than fail.
    return id
      ? `Kode wilayah di ${w.inNumber} (6 angka pertama) tidak benar.`
      : `The area code in ${w.inNumber} (first 6 digits) is not valid.`;
  }
  switch (part) {
    case 'province':
      return id
        ? `Dua angka pertama ${w.inNumber} bukan kode provinsi yang ada.`
        : `The first two digits of ${w.inNumber} are not a province code.`;
    case 'regency':
      return id
        ? `Kode kabupaten/kota di ${w.inNumber} (angka ke-3 dan ke-4) tidak boleh 00.`
        : `The regency or city code in ${w.inNumber} (digits 3 and 4) cannot be 00.`;
    case 'district':
      return id
        ? `Kode kecamatan di ${w.inNumber} (angka ke-5 dan ke-6) tidak boleh 00.`
        : `The district code in ${w.inNumber} (digits 5 and 6) cannot be 00.`;
    default:
      return missingCase(part);
  }
}

function badDate(kind: CivilKind, w: CivilWords, params: Params, locale: Locale): string {
  const id = locale === 'id';
  const reason = str(params, 'reason');
  if (reason === 'day') {
    const written = num(params, 'day');
    const shown = written === undefined ? '' : id ? `: tanggal ${pad2(written)}` : `: day ${pad2(written)}`;
    // Day 32-40 is the usual slip: someone added 40 wrongly or not at all, so explain the rule.
    if (kind === 'nik') {
      return id
        ? `${capitalize(w.day)} di ${w.inNumber} tidak ada${shown}. Laki-laki ditulis 01–31; perempuan ditulis tanggal lahir + 40, yaitu 41–71 (angka ke-7 dan ke-8).`
        : `The ${w.day} in ${w.inNumber} does not exist${shown}. For a man it is written 01–31; for a woman it is the day plus 40, so 41–71 (digits 7 and 8).`;
    }
    return id
      ? `${capitalize(w.day)} di ${w.inNumber} tidak ada${shown}. Tanggal ditulis 01–31 (angka ke-7 dan ke-8).`
      : `The ${w.day} in ${w.inNumber} does not exist${shown}. It is written 01–31 (digits 7 and 8).`;
  }
  if (reason === 'month') {
    const month = num(params, 'month');
    const shown = month === undefined ? '' : id ? `: bulan ${pad2(month)}` : `: month ${pad2(month)}`;
    return id
      ? `${capitalize(w.month)} di ${w.inNumber} tidak ada${shown}. Bulan ditulis 01–12 (angka ke-9 dan ke-10).`
      : `The ${w.month} in ${w.inNumber} does not exist${shown}. Months are written 01–12 (digits 9 and 10).`;
  }
  const day = num(params, 'day');
  const month = num(params, 'month');
  const year = num(params, 'year');
  const writtenDay = num(params, 'writtenDay');
  // The year only matters for 29 February; elsewhere it would be noise in the sentence.
  const leapDay = day === 29 && month === 2 && year !== undefined;
  const when = dateText(locale, day, month, leapDay ? year : undefined);
  const notes: string[] = [];
  if (leapDay) notes.push(id ? `${year} bukan tahun kabisat` : `${year} is not a leap year`);
  if (writtenDay !== undefined) {
    notes.push(id ? `tertulis ${writtenDay}, untuk perempuan dikurangi 40` : `written as ${writtenDay}, less 40 for a woman`);
  }
  const tail = `${when === '' ? '' : `: ${when}`}${notes.length === 0 ? '' : ` (${notes.join('; ')})`}.`;
  return id ? `${capitalize(w.date)} di ${w.inNumber} tidak ada${tail}` : `The ${w.date} in ${w.inNumber} does not exist${tail}`;
}

function birthDateMismatch(params: Params, locale: Locale): string {
  const given = dateText(locale, num(params, 'givenDay'), num(params, 'givenMonth'), num(params, 'givenYear'));
  const nik = dateText(locale, num(params, 'nikDay'), num(params, 'nikMonth'), num(params, 'nikYear'));
  if (locale === 'id') {
    return `Tanggal lahir yang diisi${given === '' ? '' : ` (${given})`} tidak sama dengan tanggal lahir di NIK${nik === '' ? '' : ` (${nik})`}.`;
  }
  return `The birth date entered${given === '' ? '' : ` (${given})`} does not match the birth date in the NIK${nik === '' ? '' : ` (${nik})`}.`;
}

function sexMismatch(params: Params, locale: Locale): string {
  const nikSex = str(params, 'nikSex');
  const id = locale === 'id';
  if (nikSex === 'female') {
    return id
      ? 'Jenis kelamin yang diisi laki-laki, tetapi NIK ini milik perempuan (tanggal lahir di NIK ditambah 40).'
      : "The sex entered is male, but this NIK is a woman's (its birth day has 40 added).";
  }
  if (nikSex === 'male') {
    return id
      ? 'Jenis kelamin yang diisi perempuan, tetapi NIK ini milik laki-laki (NIK perempuan memakai tanggal lahir + 40).'
      : "The sex entered is female, but this NIK is a man's (a woman's NIK has 40 added to the birth day).";
  }
  return id ? 'Jenis kelamin yang diisi tidak sama dengan NIK.' : 'The sex entered does not match the NIK.';
}

function trackingFormat(params: Params, locale: Locale): string {
  const id = locale === 'id';
  if (str(params, 'reason') === 'symbol') {
    const position = num(params, 'position');
    const which = position === undefined ? '' : id ? `; yang ke-${position} bukan salah satunya` : `; character ${position} is not one of them`;
    return id
      ? `Kode pelacakan hanya berisi angka 0–9 dan huruf A–Z selain U${which}.`
      : `A tracking code has only the digits 0–9 and the letters A–Z except U${which}.`;
  }
  const n = num(params, 'length');
  return id
    ? `Kode pelacakan terdiri dari 10 huruf dan angka${n === undefined ? '' : `, tetapi yang dimasukkan ada ${n}`}.`
    : `A tracking code has 10 letters and digits${n === undefined ? '' : `, but ${entered(n)}`}.`;
}

function num(params: Params, key: string): number | undefined {
  const value = params?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function str(params: Params, key: string): string | undefined {
  const value = params?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** '' when the date parts are missing, so callers can leave the clause out. */
function dateText(locale: Locale, day: number | undefined, month: number | undefined, year: number | undefined): string {
  if (day === undefined || month === undefined) return '';
  const name = MONTH_NAMES[locale][month - 1] ?? `${month}`;
  return year === undefined ? `${day} ${name}` : `${day} ${name} ${year}`;
}

const entered = (n: number) => `${n} ${n === 1 ? 'was' : 'were'} entered`;

const pad2 = (n: number) => String(n).padStart(2, '0');

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
