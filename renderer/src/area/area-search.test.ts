import { beforeAll, describe, expect, it } from 'vitest';
import type { AreaRows } from './area-asset';
import { buildAreaIndex, normalizeAreaName, shortRegencyName, type AreaIndex } from './area-search';
import { realAreas } from './real-areas.fixture';

const TIGARAKSA = '36.03.03'; // Kec. Tigaraksa, Kab. Tangerang, Banten

let index: AreaIndex;
beforeAll(() => {
  index = buildAreaIndex(realAreas().rows);
});

const names = (query: string, near = TIGARAKSA, limit = 6) => index.search(query, { level: 'village', near, limit }).map((p) => p.name);

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

  it('ranks exact name > starts with > a word starts with > contains', () => {
    // Near Aceh, far from every "mekar" and "jaya": no district bonus, so the text alone decides.
    const jaya = names('jaya', '11.01.01', 8);
    expect(jaya.slice(0, 4)).toEqual(['Jaya', 'Jaya', 'Jaya', 'Jaya']);
    expect(jaya.slice(4).every((n) => normalizeAreaName(n).startsWith('jaya'))).toBe(true);
    const ranked = index.search('mekar', { level: 'village', near: '11.01.01', limit: 2000 }).map((p) => normalizeAreaName(p.name));
    const rank = (n: string) => (n === 'mekar' ? 0 : n.startsWith('mekar') ? 1 : ` ${n}`.includes(' mekar') ? 2 : 3);
    const ranks = ranked.map(rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(ranks)).toEqual(new Set([0, 1, 2, 3]));
  });

  it('breaks ties by the office district, then its regency, then the alphabet', () => {
    const results = index.search('kadu', { level: 'village', near: TIGARAKSA, limit: 30 });
    // Kadu Agung is in Kec. Tigaraksa itself; then the villages named exactly "Kadu", nearest first.
    expect(results.slice(0, 3).map((p) => `${p.name}, ${p.regencyName}`)).toEqual(['Kadu Agung, Kabupaten Tangerang', 'Kadu, Kabupaten Tangerang', 'Kadu, Kabupaten Sumedang']);
    const startsWith = results.slice(3).filter((p) => normalizeAreaName(p.name).startsWith('kadu'));
    const proximity = startsWith.map((p) => (p.code.startsWith('36.03.') ? 1 : 2));
    expect(proximity).toEqual([...proximity].sort((a, b) => a - b));
    expect(proximity).toContain(1);
    expect(proximity).toContain(2);
    const inRegency = startsWith.filter((p) => p.code.startsWith('36.03.')).map((p) => normalizeAreaName(p.name));
    expect(inRegency).toEqual([...inRegency].sort());
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
    provinces: [{ code: '36', name: 'Banten' }],
    regencies: [
      { code: '36.03', provinceCode: '36', name: 'Kabupaten Tangerang' },
      { code: '36.04', provinceCode: '36', name: 'Kabupaten Serang' },
    ],
    districts: [
      { code: '36.03.03', regencyCode: '36.03', name: 'Tigaraksa' },
      { code: '36.03.04', regencyCode: '36.03', name: 'Jambe' },
      { code: '36.04.01', regencyCode: '36.04', name: 'Cinangka' },
    ],
    villages: [
      { code: '36.04.01.2001', districtCode: '36.04.01', name: 'Mekar Sari' }, // word start, far
      { code: '36.04.01.2002', districtCode: '36.04.01', name: 'Sari' }, // exact, far
      { code: '36.03.04.2001', districtCode: '36.03.04', name: 'Sarimulya' }, // starts with, regency
      { code: '36.04.01.2003', districtCode: '36.04.01', name: 'Sarijaya' }, // starts with, far
      { code: '36.03.03.2001', districtCode: '36.03.03', name: 'Kasari' }, // contains, office district
      { code: '36.03.04.2002', districtCode: '36.03.04', name: 'Mekarsari' }, // contains, regency
    ],
  };
  const small = buildAreaIndex(rows);
  const ranked = (query: string, near: string) => small.search(query, { level: 'village', near, limit: 10 }).map((p) => p.name);

  it('puts text rank before nearness, nearness before the alphabet', () => {
    // Office in Tigaraksa, where only Kasari is: it leads the "contains" rank, not the list.
    expect(ranked('sari', '36.03.03')).toEqual(['Sari', 'Sarimulya', 'Sarijaya', 'Mekar Sari', 'Kasari', 'Mekarsari']);
  });

  it("treats a name in the office's district that starts with the query as exact", () => {
    // Office in Jambe: its Sarimulya comes before the distant village named exactly "Sari".
    expect(ranked('sari', '36.03.04')).toEqual(['Sarimulya', 'Sari', 'Sarijaya', 'Mekar Sari', 'Mekarsari', 'Kasari']);
    // Office in Cinangka: an exact name there still leads its own district's longer names.
    expect(ranked('sari', '36.04.01')).toEqual(['Sari', 'Sarijaya', 'Sarimulya', 'Mekar Sari', 'Kasari', 'Mekarsari']);
  });

  it('shortens regency names for a result line', () => {
    expect(shortRegencyName('Kabupaten Tangerang')).toBe('Kab. Tangerang');
    expect(shortRegencyName('Kota Administrasi Jakarta Timur')).toBe('Kota Adm. Jakarta Timur');
    expect(shortRegencyName('Kota Tangerang')).toBe('Kota Tangerang');
  });
});
