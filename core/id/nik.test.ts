import { describe, expect, it } from 'vitest';
import { crossCheckNik, formatIdIssue, parseNik, type CalendarDate, type IdCheck, type IdIssue, type NikInfo } from './index';

const today: CalendarDate = { year: 2025, month: 6, day: 15 };

/** Builds a NIK from its parts so each test says which field it is about. */
const nik = (area: string, dd: string, mm: string, yy: string, serial = '0001') => `${area}${dd}${mm}${yy}${serial}`;

function valueOf(check: IdCheck<NikInfo>): NikInfo {
  if (!check.ok) throw new Error(`expected a valid NIK, got ${JSON.stringify(check.issues)}`);
  return check.value;
}

function issuesOf(check: IdCheck<NikInfo>): IdIssue[] {
  if (check.ok) throw new Error('expected the NIK to be rejected');
  return check.issues;
}

const codesOf = (check: IdCheck<NikInfo>) => issuesOf(check).map((i) => i.code);

describe('parseNik', () => {
  it("reads a man's NIK: area codes, birth date, sex and serial", () => {
    const result = parseNik('3603031708900001', { today });
    expect(result).toEqual({
      ok: true,
      warnings: [],
      value: {
        nik: '3603031708900001',
        provinceCode: '36',
        regencyCode: '36.03',
        districtCode: '36.03.03',
        birthDate: { year: 1990, month: 8, day: 17 },
        sex: 'male',
        serial: '0001',
      },
    });
  });

  it("reads a woman's NIK by taking 40 off the day", () => {
    const info = valueOf(parseNik('3603035708900002', { today }));
    expect(info.birthDate).toEqual({ year: 1990, month: 8, day: 17 });
    expect(info.sex).toBe('female');
    expect(info.serial).toBe('0002');
  });

  it('accepts every day 41-71 as a woman born on day 1-31', () => {
    for (let written = 41; written <= 71; written++) {
      const info = valueOf(parseNik(nik('360303', String(written), '01', '90'), { today }));
      expect(info.sex).toBe('female');
      expect(info.birthDate).toEqual({ year: 1990, month: 1, day: written - 40 });
    }
  });

  it('rejects day 32-40, which is no date for a man nor a woman, and explains the + 40 rule', () => {
    for (let written = 32; written <= 40; written++) {
      const issues = issuesOf(parseNik(nik('360303', String(written), '01', '90'), { today }));
      expect(issues.map((i) => i.code)).toEqual(['nik.bad_date']);
      const [issue] = issues;
      if (issue === undefined) throw new Error('no issue');
      expect(formatIdIssue(issue, 'id')).toContain('41–71');
      expect(formatIdIssue(issue, 'id')).toContain(`tanggal ${written}`);
      expect(formatIdIssue(issue, 'en')).toContain('plus 40');
    }
  });

  it('rejects day 00 and days above 71', () => {
    for (const dd of ['00', '72', '99']) {
      expect(codesOf(parseNik(nik('360303', dd, '01', '90'), { today }))).toEqual(['nik.bad_date']);
    }
  });

  it('rejects a month outside 01-12', () => {
    for (const mm of ['00', '13', '99']) {
      const issues = issuesOf(parseNik(nik('360303', '17', mm, '90'), { today }));
      expect(issues.map((i) => i.code)).toEqual(['nik.bad_date']);
    }
    const [month13] = issuesOf(parseNik(nik('360303', '17', '13', '90'), { today }));
    if (month13 === undefined) throw new Error('no issue');
    expect(formatIdIssue(month13, 'id')).toBe('Bulan lahir di NIK tidak ada: bulan 13. Bulan ditulis 01–12 (angka ke-9 dan ke-10).');
  });

  it('rejects 31 February in words that name the date', () => {
    const [issue] = issuesOf(parseNik(nik('360303', '31', '02', '90'), { today }));
    if (issue === undefined) throw new Error('no issue');
    expect(issue.code).toBe('nik.bad_date');
    expect(formatIdIssue(issue, 'id')).toBe('Tanggal lahir di NIK tidak ada: 31 Februari.');
    expect(formatIdIssue(issue, 'en')).toBe('The birth date in the NIK does not exist: 31 February.');
  });

  it("explains a woman's impossible date in terms of the number written", () => {
    const [issue] = issuesOf(parseNik(nik('360303', '71', '02', '90'), { today }));
    if (issue === undefined) throw new Error('no issue');
    expect(formatIdIssue(issue, 'id')).toBe(
      'Tanggal lahir di NIK tidak ada: 31 Februari (tertulis 71, untuk perempuan dikurangi 40).',
    );
  });

  it('accepts 29 February in a leap year, for men and women', () => {
    expect(valueOf(parseNik(nik('360303', '29', '02', '00'), { today })).birthDate).toEqual({ year: 2000, month: 2, day: 29 });
    expect(valueOf(parseNik(nik('360303', '69', '02', '00'), { today })).birthDate).toEqual({ year: 2000, month: 2, day: 29 });
  });

  it('rejects 29 February in 2001 and in 1900, and says the year is not a leap year', () => {
    const [in2001] = issuesOf(parseNik(nik('360303', '29', '02', '01'), { today }));
    if (in2001 === undefined) throw new Error('no issue');
    expect(in2001.code).toBe('nik.bad_date');
    expect(formatIdIssue(in2001, 'id')).toBe('Tanggal lahir di NIK tidak ada: 29 Februari 2001 (2001 bukan tahun kabisat).');
    expect(formatIdIssue(in2001, 'en')).toBe('The birth date in the NIK does not exist: 29 February 2001 (2001 is not a leap year).');

    // Only with "today" in the 1900s does a two-digit 00 mean 1900.
    const lastCentury = { year: 1999, month: 12, day: 31 };
    const [in1900] = issuesOf(parseNik(nik('360303', '29', '02', '00'), { today: lastCentury }));
    expect(in1900?.code).toBe('nik.bad_date');
    expect(in1900?.params?.year).toBe(1900);
  });

  it('puts a two-digit year in the latest century that is not in the future', () => {
    expect(valueOf(parseNik(nik('360303', '17', '08', '05'), { today })).birthDate.year).toBe(2005);
    expect(valueOf(parseNik(nik('360303', '17', '08', '26'), { today })).birthDate.year).toBe(1926);
    expect(valueOf(parseNik(nik('360303', '15', '06', '25'), { today })).birthDate).toEqual(today); // born today
  });

  it('rejects a birth date later this year as a future date', () => {
    const [issue] = issuesOf(parseNik(nik('360303', '16', '06', '25'), { today }));
    if (issue === undefined) throw new Error('no issue');
    expect(issue.code).toBe('nik.future_date');
    expect(formatIdIssue(issue, 'id')).toContain('16 Juni 2025');
    expect(formatIdIssue(issue, 'en')).toContain('16 June 2025');
  });

  it('rejects serial 0000, because serials start at 0001', () => {
    expect(codesOf(parseNik(nik('360303', '17', '08', '90', '0000'), { today }))).toEqual(['nik.serial']);
  });

  it('accepts every one of the 38 province codes and nothing else', () => {
    const provinces = ['11', '12', '13', '14', '15', '16', '17', '18', '19', '21', '31', '32', '33', '34', '35', '36', '51', '52', '53', '61', '62', '63', '64', '65', '71', '72', '73', '74', '75', '76', '81', '82', '91', '92', '93', '94', '95', '96'];
    expect(provinces).toHaveLength(38);
    for (let code = 0; code <= 99; code++) {
      const pp = String(code).padStart(2, '0');
      const result = parseNik(nik(`${pp}0303`, '17', '08', '90'), { today });
      expect(result.ok, `province ${pp}`).toBe(provinces.includes(pp));
      if (!result.ok) expect(result.issues).toEqual([{ code: 'nik.area', params: { part: 'province' } }]);
    }
  });

  it('rejects regency 00 and district 00', () => {
    expect(issuesOf(parseNik(nik('360003', '17', '08', '90'), { today }))).toEqual([{ code: 'nik.area', params: { part: 'regency' } }]);
    expect(issuesOf(parseNik(nik('360300', '17', '08', '90'), { today }))).toEqual([{ code: 'nik.area', params: { part: 'district' } }]);
  });

  it('reports every problem it finds at once, so the resident fixes them in one go', () => {
    expect(codesOf(parseNik(nik('990303', '31', '02', '90', '0000'), { today }))).toEqual(['nik.area', 'nik.bad_date', 'nik.serial']);
  });

  it('warns, but accepts, a district that is not in the current list', () => {
    const asked: string[] = [];
    const districtExists = (code: string) => {
      asked.push(code);
      return code === '36.03.01';
    };
    const result = parseNik('3603031708900001', { today, districtExists });
    expect(asked).toEqual(['36.03.03']);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([{ code: 'nik.unknown_district' }]);
    expect(result.value.districtCode).toBe('36.03.03');
    expect(formatIdIssue(result.warnings[0] ?? { code: 'nik.unknown_district' }, 'id')).toContain('pemekaran');

    expect(parseNik('3603011708900001', { today, districtExists })).toMatchObject({ ok: true, warnings: [] });
  });

  it('drops blanks people type between groups, but refuses dots and dashes', () => {
    expect(valueOf(parseNik(' 3603 03 170890 0001 ', { today })).nik).toBe('3603031708900001');
    expect(valueOf(parseNik('3603\u00a00317\u00a00890\u00a00001', { today })).nik).toBe('3603031708900001');
    expect(codesOf(parseNik('36.03.03.170890.0001', { today }))).toEqual(['nik.digits', 'nik.length']);
    expect(codesOf(parseNik('360303-170890-0001', { today }))).toEqual(['nik.digits', 'nik.length']);
  });

  it('rejects a letter in place of a digit, such as O for 0', () => {
    expect(codesOf(parseNik('36O3031708900001', { today }))).toEqual(['nik.digits']);
  });

  it('rejects a wrong length and says how many digits were entered', () => {
    const [issue] = issuesOf(parseNik('360303170890001', { today }));
    expect(issue).toEqual({ code: 'nik.length', params: { length: 15, expected: 16 } });
    if (issue === undefined) return;
    expect(formatIdIssue(issue, 'id')).toBe('NIK harus 16 angka, tetapi yang dimasukkan ada 15.');
    expect(codesOf(parseNik('', { today }))).toEqual(['nik.length']);
    expect(codesOf(parseNik('36030317089000011', { today }))).toEqual(['nik.length']);
  });

  it('never repeats the NIK, or any long run of its digits, in a message', () => {
    const bad = [
      '9903031708900001',
      '3600031708900001',
      '3603033102900001',
      '3603033508900001',
      '3603031713900001',
      '3603031606250001',
      '3603031708900000',
      '360303170890000',
      '36O3031708900001',
    ];
    for (const input of bad) {
      const result = parseNik(input, { today });
      for (const issue of issuesOf(result)) {
        for (const locale of ['id', 'en'] as const) {
          const message = formatIdIssue(issue, locale);
          expect(message).not.toMatch(/\d{5,}/u);
          expect(message).not.toContain(input.slice(0, 6));
        }
      }
    }
  });
});

describe('crossCheckNik', () => {
  const man = valueOf(parseNik('3603031708900001', { today }));
  const woman = valueOf(parseNik('3603035708900002', { today }));

  it('finds nothing when the form agrees with the NIK', () => {
    expect(crossCheckNik(man, { birthDate: { year: 1990, month: 8, day: 17 }, sex: 'male' })).toEqual([]);
    expect(crossCheckNik(woman, { birthDate: { year: 1990, month: 8, day: 17 }, sex: 'female' })).toEqual([]);
    expect(crossCheckNik(man, {})).toEqual([]);
  });

  it('reports a different birth date, naming both dates', () => {
    const issues = crossCheckNik(man, { birthDate: { year: 1990, month: 8, day: 18 } });
    expect(issues.map((i) => i.code)).toEqual(['nik.birthdate_mismatch']);
    const [issue] = issues;
    if (issue === undefined) return;
    expect(formatIdIssue(issue, 'id')).toBe(
      'Tanggal lahir yang diisi (18 Agustus 1990) tidak sama dengan tanggal lahir di NIK (17 Agustus 1990).',
    );
    expect(crossCheckNik(man, { birthDate: { year: 1991, month: 8, day: 17 } }).map((i) => i.code)).toEqual(['nik.birthdate_mismatch']);
    expect(crossCheckNik(man, { birthDate: { year: 1990, month: 9, day: 17 } }).map((i) => i.code)).toEqual(['nik.birthdate_mismatch']);
  });

  it('does not blame a resident born a century earlier than the two-digit year suggests', () => {
    const centenarian = valueOf(parseNik('3603031708200001', { today })); // read as 2020
    expect(crossCheckNik(centenarian, { birthDate: { year: 1920, month: 8, day: 17 } })).toEqual([]);
  });

  it("reports a sex that does not match the NIK's day + 40 rule", () => {
    const [womanAsMan] = crossCheckNik(woman, { sex: 'male' });
    expect(womanAsMan?.code).toBe('nik.sex_mismatch');
    if (womanAsMan === undefined) return;
    expect(formatIdIssue(womanAsMan, 'id')).toContain('NIK ini milik perempuan');
    expect(crossCheckNik(man, { sex: 'female' }).map((i) => i.code)).toEqual(['nik.sex_mismatch']);
  });

  it('reports both mismatches together', () => {
    expect(crossCheckNik(woman, { birthDate: { year: 1990, month: 8, day: 57 }, sex: 'male' }).map((i) => i.code)).toEqual([
      'nik.birthdate_mismatch',
      'nik.sex_mismatch',
    ]);
  });
});
