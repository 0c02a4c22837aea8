import { beforeAll, describe, expect, it } from 'vitest';
import { tigapanahOffice } from '../../../core/config/fixtures/office';
import { OfficeConfig } from '../../../core/config/office-config';
import { startSession } from '../../../core/flow/engine';
import { sktmInput } from '../../../core/flow/fixtures/sktm';
import { ServiceDefinition } from '../../../core/flow/service-definition';
import tigaraksaJson from '../../../kiosk-config/offices/tigaraksa/office.json';
import type { AreaRows } from './area-asset';
import { buildAreaIndex, normalizeAreaName, shortRegencyName, type AreaIndex, type AreaPlace } from './area-search';
import { realAreas } from './real-areas.fixture';

const TIGARAKSA = '36.03.03'; // Kec. Tigaraksa, Kab. Tangerang, Banten

/**
 * The code the region step searches near, found the way the kiosk finds it: the office config's
 * `code`, through the session the flow engine starts (FlowRunner hands `officeDistrictCode` to
 * RegionStepView, which hands it to `search` as `near`).
 */
const nearOf = (office: OfficeConfig) =>
  startSession(ServiceDefinition.parse(sktmInput), { now: new Date('2026-11-22T03:00:00Z'), locale: 'id', office }).officeDistrictCode;

let index: AreaIndex;
beforeAll(() => {
  index = buildAreaIndex(realAreas().rows);
});

const names = (query: string, near = TIGARAKSA, limit = 6) => index.search(query, { level: 'village', near, limit }).map((p) => p.name);
/** 0 the office's district, 1 its regency, 2 its province, 3 elsewhere. */
const nearness = (place: AreaPlace, near: string) =>
  place.code.startsWith(`${near}.`) ? 0 : place.code.startsWith(`${near.slice(0, 5)}.`) ? 1 : place.code.startsWith(`${near.slice(0, 2)}.`) ? 2 : 3;
/** Whether the name or one of its words starts with the query (tier 1 of the ranking). */
const startsAWord = (place: AreaPlace, query: string) => ` ${normalizeAreaName(place.name)}`.includes(` ${normalizeAreaName(query)}`);
const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);

describe('normalizeAreaName', () => {
  it('folds case, accents, apostrophes and quotes, and turns other marks into single spaces', () => {
    expect(normalizeAreaName('Soka"an')).toBe('sokaan');
    expect(normalizeAreaName("Ma'rang")).toBe('marang');
    expect(normalizeAreaName('Regapu’u')).toBe('regapuu');
    expect(normalizeAreaName('Tiga-puluh-lima  Ilir')).toBe('tiga puluh lima ilir');
    expect(normalizeAreaName('Lubuk Pakam I,II')).toBe('lubuk pakam i ii');
    expect(normalizeAreaName(' Désa (Baru) ')).toBe('desa baru');
  });
});

describe('village search over all 83,762 villages', () => {
  it('finds Tigaraksa first for "tiga" at the Tigaraksa office, with its district and regency', () => {
    const [first] = index.search('tiga', { level: 'village', near: TIGARAKSA });
    expect(first).toEqual({
      level: 'village',
      code: '36.03.03.1001',
      name: 'Tigaraksa',
      districtName: 'Tigaraksa',
      regencyName: 'Kabupaten Tangerang',
      provinceName: 'Banten',
    });
  });

  it('with no office nearby, ranks exact name > starts with > a word starts with > contains', () => {
    // An office code the data does not know: every village is equally far, so the text alone decides.
    const jaya = names('jaya', '99.99.99', 8);
    expect(jaya.slice(0, 4)).toEqual(['Jaya', 'Jaya', 'Jaya', 'Jaya']);
    expect(jaya.slice(4).every((n) => normalizeAreaName(n).startsWith('jaya'))).toBe(true);
    const ranked = index.search('mekar', { level: 'village', near: '99.99.99', limit: 2000 }).map((p) => normalizeAreaName(p.name));
    const rank = (n: string) => (n === 'mekar' ? 0 : n.startsWith('mekar') ? 1 : ` ${n}`.includes(' mekar') ? 2 : 3);
    const ranks = ranked.map(rank);
    expect(ranks).toEqual(sorted(ranks));
    expect(new Set(ranks)).toEqual(new Set([0, 1, 2, 3]));
  });

  it('at Tigaraksa, "kadu" gives the district, then Kab. Tangerang, then Banten, then the rest', () => {
    const near = nearOf(OfficeConfig.parse(tigaraksaJson));
    expect(near).toBe(TIGARAKSA);
    const results = index.search('kadu', { level: 'village', near, limit: 400 });
    expect(results.slice(0, 4).map((p) => `${p.name}, Kec. ${p.districtName}`)).toEqual(['Kadu Agung, Kec. Tigaraksa', 'Kadu, Kec. Curug', 'Kadu Jaya, Kec. Curug', 'Kadu Sirung, Kec. Pagedangan']);
    const prefixed = results.filter((p) => startsAWord(p, 'kadu'));
    const levels = prefixed.map((p) => nearness(p, near));
    expect(levels).toEqual(sorted(levels));
    expect(new Set(levels)).toEqual(new Set([0, 1, 2, 3]));
    // Same nearness, same kind of match: alphabetical.
    const banten = prefixed.filter((p) => nearness(p, near) === 2 && !normalizeAreaName(p.name).startsWith('kadu ')).map((p) => normalizeAreaName(p.name));
    expect(banten).toEqual([...banten].sort());
  });

  it('at Tigaraksa, "suka" gives the Sukamulya of Kab. Tangerang before the "Suka" of Kab. Karo', () => {
    const near = nearOf(OfficeConfig.parse(tigaraksaJson));
    const results = index.search('suka', { level: 'village', near, limit: 200 });
    const at = (name: string, regency: string) => results.findIndex((p) => p.name === name && p.regencyName === regency);
    expect(at('Sukamulya', 'Kabupaten Tangerang')).toBeGreaterThanOrEqual(0);
    expect(at('Suka', 'Kabupaten Karo')).toBeGreaterThan(at('Sukamulya', 'Kabupaten Tangerang'));
    // The six on screen are all the regency's own, A to Z.
    const shown = results.slice(0, 6);
    expect(shown.map((p) => p.regencyName)).toEqual(Array(6).fill('Kabupaten Tangerang'));
    expect(shown.map((p) => p.name)).toEqual(['Suka Asih', 'Sukabakti', 'Sukadamai', 'Sukadiri', 'Sukaharja', 'Sukamanah']);
    const levels = results.map((p) => nearness(p, near));
    expect(levels).toEqual(sorted(levels));
  });

  it('at an office in Kab. Karo, Sumatera Utara, the same letters give its own villages first', () => {
    const near = nearOf(tigapanahOffice());
    expect(near).toBe('12.06.04');
    const suka = index.search('suka', { level: 'village', near, limit: 40 });
    expect(suka.slice(0, 3).map((p) => `${p.name}, Kec. ${p.districtName}`)).toEqual(['Suka, Kec. Tigapanah', 'Suka Mbayak, Kec. Tigapanah', 'Suka Sipilihen, Kec. Tigapanah']);
    expect(suka.some((p) => p.regencyName === 'Kabupaten Tangerang')).toBe(false);
    const sukaLevels = suka.map((p) => nearness(p, near));
    expect(sukaLevels).toEqual(sorted(sukaLevels));

    // "tiga": Tigapanah itself, then Karo's other Tiga… villages, then the province's (Simalungun …).
    const tiga = index.search('tiga', { level: 'village', near, limit: 12 });
    expect(tiga.slice(0, 4).map((p) => p.name)).toEqual(['Tigapanah', 'Tiga Binanga', 'Tiganderket', 'Tigapancur']);
    expect(tiga.slice(4).every((p) => p.provinceName === 'Sumatera Utara' && p.regencyName !== 'Kabupaten Karo')).toBe(true);
    expect(tiga.some((p) => p.name === 'Tigaraksa')).toBe(false);

    // Karo has no Pasir…: Sumatera Utara's come before those of every other province.
    const pasir = index.search('pasir', { level: 'village', near, limit: 30 });
    expect(pasir.every((p) => p.provinceName === 'Sumatera Utara')).toBe(true);
    // At Tigaraksa the district's own Pasir Bolang and Pasir Nangka lead instead.
    expect(names('pasir', TIGARAKSA, 2)).toEqual(['Pasir Bolang', 'Pasir Nangka']);
  });

  it('puts a name that only contains the letters after every name or word that starts with them, however near', () => {
    // Tegalsari and Margasari are in Kec. Tigaraksa itself, but a resident typing "sari" starts a name or a word with it.
    const results = index.search('sari', { level: 'village', near: TIGARAKSA, limit: 8000 });
    const tiers = results.map((p) => (startsAWord(p, 'sari') ? 0 : 1));
    expect(tiers).toEqual(sorted(tiers));
    const contains = results.filter((p) => !startsAWord(p, 'sari'));
    expect(contains.slice(0, 2).map((p) => p.name)).toEqual(['Margasari', 'Tegalsari']);
    const levels = contains.map((p) => nearness(p, TIGARAKSA));
    expect(levels).toEqual(sorted(levels));
  });

  it('finds names typed without their apostrophes, quotes or spaces, or with extra spaces', () => {
    expect(names("soka'an")).toContain('Soka"an');
    expect(names('sokaan')).toContain('Soka"an');
    expect(names('regapuu')).toEqual(['Regapu’u']);
    expect(names('tiga raksa')[0]).toBe('Tigaraksa');
    expect(names('tigabinanga')).toContain('Tiga Binanga');
    expect(names('  TIGA   RAKSA ')[0]).toBe('Tigaraksa');
  });

  it('returns nothing for nothing typed or no match, and at most the limit', () => {
    expect(names('')).toEqual([]);
    expect(names("' -")).toEqual([]);
    expect(names('xqzw')).toEqual([]);
    expect(names('a')).toHaveLength(6);
    expect(names('a', TIGARAKSA, 3)).toHaveLength(3);
  });

  it('answers every query of a realistic set in well under a frame', () => {
    const villages = realAreas().rows.villages;
    const queries: string[] = [];
    for (let i = 0; i < 300; i += 1) {
      const name = normalizeAreaName(villages[(i * 7919) % villages.length]?.name ?? '');
      queries.push(name.slice(0, 1 + (i % 8)));
    }
    const times = queries.map((q) => {
      const started = performance.now();
      index.search(q, { level: 'village', near: TIGARAKSA });
      return performance.now() - started;
    });
    times.sort((a, b) => a - b);
    // The bench (tests/bench/area-bench.ts) holds the real target (p95 ≤ 16 ms); this only catches a
    // regression by an order of magnitude without making a loaded CI machine flaky.
    expect(times[Math.floor(times.length * 0.95)]).toBeLessThan(50);
  });
});

describe('district search and lists', () => {
  it('searches districts with the office district first', () => {
    const results = index.search('tiga', { level: 'district', near: TIGARAKSA });
    expect(results[0]).toEqual({ level: 'district', code: TIGARAKSA, name: 'Tigaraksa', regencyName: 'Kabupaten Tangerang', provinceName: 'Banten' });
    expect(results.every((p) => p.districtName === undefined)).toBe(true);
  });

  it("lists a district's villages and a regency's districts alphabetically", () => {
    const villages = index.villagesIn(TIGARAKSA).map((p) => p.name);
    expect(villages).toHaveLength(14);
    expect(villages.slice(0, 3)).toEqual(['Bantar Panjang', 'Cileles', 'Cisereh']);
    expect(index.districtsIn('36.03')).toHaveLength(29);
    expect(index.villagesIn('99.99.99')).toEqual([]);
  });

  it('names an area by its code, at its level only', () => {
    expect(index.place('village', '36.03.03.2002')?.name).toBe('Pasir Bolang');
    expect(index.place('district', '36.03.03.2002')).toBeUndefined();
    expect(index.place('district', '36.03.03')?.name).toBe('Tigaraksa');
  });
});

describe('ranking on a small hand-made list', () => {
  const rows: AreaRows = {
    provinces: [
      { code: '36', name: 'Banten' },
      { code: '32', name: 'Jawa Barat' },
    ],
    regencies: [
      { code: '36.03', provinceCode: '36', name: 'Kabupaten Tangerang' },
      { code: '36.04', provinceCode: '36', name: 'Kabupaten Serang' },
      { code: '32.01', provinceCode: '32', name: 'Kabupaten Bogor' },
    ],
    districts: [
      { code: '36.03.03', regencyCode: '36.03', name: 'Tigaraksa' },
      { code: '36.03.04', regencyCode: '36.03', name: 'Jambe' },
      { code: '36.04.01', regencyCode: '36.04', name: 'Cinangka' },
      { code: '32.01.01', regencyCode: '32.01', name: 'Cibinong' },
    ],
    villages: [
      { code: '36.04.01.2001', districtCode: '36.04.01', name: 'Mekar Sari' }, // word start, province
      { code: '36.04.01.2002', districtCode: '36.04.01', name: 'Sari' }, // exact, province
      { code: '36.03.04.2001', districtCode: '36.03.04', name: 'Sarimulya' }, // starts with, regency
      { code: '36.04.01.2003', districtCode: '36.04.01', name: 'Sarijaya' }, // starts with, province
      { code: '36.03.03.2001', districtCode: '36.03.03', name: 'Kasari' }, // contains, office district
      { code: '36.03.04.2002', districtCode: '36.03.04', name: 'Mekarsari' }, // contains, regency
      { code: '32.01.01.2001', districtCode: '32.01.01', name: 'Sari' }, // exact, another province
      { code: '32.01.01.2002', districtCode: '32.01.01', name: 'Sariwangi' }, // starts with, another province
    ],
  };
  const small = buildAreaIndex(rows);
  const ranked = (query: string, near: string) => small.search(query, { level: 'village', near, limit: 10 }).map((p) => `${p.name} ${p.code.slice(0, 2)}`);

  it('puts nearness before the kind of match, and a name or word that starts with the query before one that contains it', () => {
    // Office in Tigaraksa: the regency's Sarimulya, then Banten's, then Jawa Barat's; Kasari only contains "sari".
    expect(ranked('sari', '36.03.03')).toEqual(['Sarimulya 36', 'Sari 36', 'Sarijaya 36', 'Mekar Sari 36', 'Sari 32', 'Sariwangi 32', 'Kasari 36', 'Mekarsari 36']);
    // Office in Cinangka: its exact Sari still leads its own district's longer names.
    expect(ranked('sari', '36.04.01')).toEqual(['Sari 36', 'Sarijaya 36', 'Mekar Sari 36', 'Sarimulya 36', 'Sari 32', 'Sariwangi 32', 'Kasari 36', 'Mekarsari 36']);
    // Office in Jawa Barat: Banten is "elsewhere", where the text alone decides.
    expect(ranked('sari', '32.01.01')).toEqual(['Sari 32', 'Sariwangi 32', 'Sari 36', 'Sarijaya 36', 'Sarimulya 36', 'Mekar Sari 36', 'Kasari 36', 'Mekarsari 36']);
  });

  it('shortens regency names for a result line', () => {
    expect(shortRegencyName('Kabupaten Tangerang')).toBe('Kab. Tangerang');
    expect(shortRegencyName('Kota Administrasi Jakarta Timur')).toBe('Kota Adm. Jakarta Timur');
    expect(shortRegencyName('Kota Tangerang')).toBe('Kota Tangerang');
  });
});
