import type { AreaRows } from './area-asset';

/**
 * Finding a village among 83,762 from a few letters typed on the kiosk keyboard, in memory, in a
 * few milliseconds (the resident sees results change with every key).
 *
 * Residents mostly live near the office, so nearness leads: the office's district, then its
 * regency, then its province, then the rest of Indonesia. "suka" typed at Tigaraksa's office
 * gives the Sukamulya of Kab. Tangerang before the village called exactly "Suka" in Kab. Karo.
 *
 * Ranking, best first, in two tiers:
 *  1. The name, or a word of it, starts with what was typed: residents type a name from its
 *     start. Nearest first; at the same nearness exact name > name starts with it > a word of it
 *     starts with it, then alphabetical. So an exact "Jaya" stays above "Jayamekar" when both are
 *     equally far, and a resident who typed all of "Jaya" sees the villages called Jaya.
 *  2. The name only contains it, or contains it once spaces are ignored ("tiga raksa" still finds
 *     Tigaraksa, "tigabinanga" finds Tiga Binanga): for a resident who remembers part of a name.
 *     These come after every match of tier 1, however near, because a village that merely
 *     contains two letters ("sa" in Tegalsari) is rarely the one meant; within the tier, nearest
 *     first, then contains > contains with spaces ignored, then alphabetical.
 */
export type AreaLevel = 'village' | 'district';

/** An area with the names a resident needs to tell it from others of the same name. */
export type AreaPlace = {
  level: AreaLevel;
  code: string;
  name: string;
  /** The village's district (kecamatan); absent for a district. */
  districtName?: string;
  regencyName: string;
  provinceName: string;
};

export type AreaSearchOptions = {
  level: AreaLevel;
  /** The office's district code, e.g. '36.03.03': its areas rank first, then its regency's, then its province's. */
  near: string;
  /** Most results to return; the region screen shows six (DOMAIN.md §5). */
  limit?: number;
};

export type AreaIndex = {
  readonly counts: { villages: number; districts: number };
  search(query: string, options: AreaSearchOptions): AreaPlace[];
  /** A district's villages, alphabetical. Empty for an unknown district. */
  villagesIn(districtCode: string): AreaPlace[];
  /** A regency's districts, alphabetical. Empty for an unknown regency. */
  districtsIn(regencyCode: string): AreaPlace[];
  /** The area with this code at this level, if the data has it. */
  place(level: AreaLevel, code: string): AreaPlace | undefined;
};

const QUOTES = /['"`´‘’ʼ“”]/gu;
const NOT_ALNUM = /[^a-z0-9]+/gu;
const MARKS = /\p{M}/gu;
const NON_ASCII = /[^\u0000-\u007f]/u;

/**
 * The form both names and queries are compared in: lower case, accents dropped (é → e),
 * apostrophes and quotes dropped (Soka"an, Ma'rang, Regapu’u are spelled with and without them),
 * every other mark a single space (Tiga-puluh Ilir = tiga puluh ilir).
 */
export function normalizeAreaName(text: string): string {
  const ascii = NON_ASCII.test(text) ? text.normalize('NFD').replace(MARKS, '') : text;
  return ascii.toLowerCase().replace(QUOTES, '').replace(NOT_ALNUM, ' ').trim();
}

/** "Kabupaten Tangerang" → "Kab. Tangerang", "Kota Administrasi Jakarta Timur" → "Kota Adm. Jakarta Timur"; short enough for a result line. */
export function shortRegencyName(name: string): string {
  return name.replace(/^Kabupaten /u, 'Kab. ').replace(/^Kota Administrasi /u, 'Kota Adm. ');
}

/**
 * A match's place in the order as one number, smaller is better: tier (0 starts a name or word,
 * 1 contains) × 4 nearnesses (district, regency, province, elsewhere) × 3 ranks within the tier ×
 * room for the alphabetical position.
 */
const ALPHA_ROOM = 1 << 17; // > 83,762 villages
const NEARNESSES = 4;
const RANKS = 3;
const keyOf = (tier: 0 | 1, nearness: number, rank: number, alpha: number) => ((tier * NEARNESSES + nearness) * RANKS + rank) * ALPHA_ROOM + alpha;

/**
 * One level's names laid out for scanning, in code order: every name without spaces, joined by
 * "\n" into one string. Code order puts a district's, a regency's and a province's areas each in
 * one run (a code starts with its parents' codes), which is what lets a search look near first.
 */
type Column = {
  codes: string[];
  names: string[];
  norms: string[];
  /** Start of name i in `haystack`; one extra entry past the end, so a name's end is starts[i + 1] - 1. */
  starts: Int32Array;
  haystack: string;
  /** Position of name i in alphabetical order (of the normalized name, then the code). */
  alpha: Int32Array;
  /** Index of the area's district and regency in the district and regency arrays. */
  district: Int32Array;
  regency: Int32Array;
  byCode: Map<string, number>;
};

function column(codes: string[], names: string[], district: Int32Array, regency: Int32Array): Column {
  const n = codes.length;
  if (n >= ALPHA_ROOM) throw new Error(`area index holds at most ${ALPHA_ROOM - 1} names per level, got ${n}`);
  const norms = names.map(normalizeAreaName);
  const starts = new Int32Array(n + 1);
  const parts: string[] = [];
  let offset = 0;
  for (let i = 0; i < n; i += 1) {
    const compact = (norms[i] ?? '').replaceAll(' ', '');
    starts[i] = offset;
    parts.push(compact);
    offset += compact.length + 1;
  }
  starts[n] = offset;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const na = norms[a] ?? '';
    const nb = norms[b] ?? '';
    if (na !== nb) return na < nb ? -1 : 1;
    return (codes[a] ?? '') < (codes[b] ?? '') ? -1 : 1;
  });
  const alpha = new Int32Array(n);
  order.forEach((index, rank) => {
    alpha[index] = rank;
  });
  return { codes, names, norms, starts, haystack: parts.join('\n'), alpha, district, regency, byCode: new Map(codes.map((code, i) => [code, i])) };
}

/** The rows in code order; the store and the asset give them so already, and then nothing is copied. */
function inCodeOrder<T extends { code: string }>(rows: T[]): T[] {
  const sorted = rows.every((row, i) => i === 0 || (rows[i - 1]?.code ?? '') < row.code);
  return sorted ? rows : [...rows].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Builds the index from the rows in the kiosk's store (or straight from the asset on first load). */
export function buildAreaIndex(rows: AreaRows): AreaIndex {
  const provinceName = new Map(rows.provinces.map((p) => [p.code, p.name]));
  const regencyAt = new Map(rows.regencies.map((r, i) => [r.code, i]));
  const districtRows = inCodeOrder(rows.districts);
  const villageRows = inCodeOrder(rows.villages);
  const districtAt = new Map(districtRows.map((d, i) => [d.code, i]));
  const regencyOfDistrict = Int32Array.from(districtRows, (d) => regencyAt.get(d.regencyCode) ?? -1);

  const districts = column(
    districtRows.map((d) => d.code),
    districtRows.map((d) => d.name),
    Int32Array.from(districtRows, (_, i) => i),
    regencyOfDistrict,
  );
  const villageDistrict = Int32Array.from(villageRows, (v) => districtAt.get(v.districtCode) ?? -1);
  const villages = column(
    villageRows.map((v) => v.code),
    villageRows.map((v) => v.name),
    villageDistrict,
    Int32Array.from(villageDistrict, (d) => (d < 0 ? -1 : (regencyOfDistrict[d] ?? -1))),
  );

  const groupBy = (col: Column, groupCodes: readonly string[], groupOf: Int32Array) => {
    const groups = new Map<string, number[]>();
    for (let i = 0; i < col.codes.length; i += 1) {
      const code = groupCodes[groupOf[i] ?? -1];
      if (code === undefined) continue;
      let list = groups.get(code);
      if (list === undefined) groups.set(code, (list = []));
      list.push(i);
    }
    for (const list of groups.values()) list.sort((a, b) => (col.alpha[a] ?? 0) - (col.alpha[b] ?? 0));
    return groups;
  };
  const villagesByDistrict = groupBy(villages, districts.codes, villages.district);
  const districtsByRegency = groupBy(
    districts,
    rows.regencies.map((r) => r.code),
    districts.regency,
  );

  const place = (level: AreaLevel, i: number): AreaPlace => {
    const col = level === 'village' ? villages : districts;
    const regency = rows.regencies[col.regency[i] ?? -1];
    const result: AreaPlace = {
      level,
      code: col.codes[i] ?? '',
      name: col.names[i] ?? '',
      regencyName: regency?.name ?? '',
      provinceName: provinceName.get(regency?.provinceCode ?? '') ?? '',
    };
    if (level === 'village') result.districtName = districts.names[col.district[i] ?? -1] ?? '';
    return result;
  };

  return {
    counts: { villages: villages.codes.length, districts: districts.codes.length },
    villagesIn: (code) => (villagesByDistrict.get(code) ?? []).map((i) => place('village', i)),
    districtsIn: (code) => (districtsByRegency.get(code) ?? []).map((i) => place('district', i)),
    place(level, code) {
      const i = (level === 'village' ? villages : districts).byCode.get(code);
      return i === undefined ? undefined : place(level, i);
    },
    search(query, options) {
      const col = options.level === 'village' ? villages : districts;
      return searchColumn(col, query, options.limit ?? 6, runsByNearness(col.codes, options.near)).map((i) => place(options.level, i));
    },
  };
}

/** A run of names [from, to) in the column, all equally near the office. */
type Run = { from: number; to: number; nearness: number };

/** First index whose code is not below `code`. */
function lowerBound(codes: readonly string[], code: string): number {
  let low = 0;
  let high = codes.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((codes[mid] ?? '') < code) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The column cut into runs, nearest first: the office's district, the rest of its regency, the
 * rest of its province, the rest of Indonesia. Each is one or two runs around the nearer one.
 * A code and the codes below it ("36.03.03", "36.03.03.1001") lie between the code and the code
 * with "/" appended, since "/" sorts right after ".".
 */
function runsByNearness(codes: readonly string[], near: string): Run[] {
  const span = (prefix: string) => [lowerBound(codes, prefix), lowerBound(codes, `${prefix}/`)] as const;
  const [d0, d1] = span(near.slice(0, 8));
  const [r0, r1] = span(near.slice(0, 5));
  const [p0, p1] = span(near.slice(0, 2));
  const runs: Run[] = [
    { from: d0, to: d1, nearness: 0 },
    { from: r0, to: d0, nearness: 1 },
    { from: d1, to: r1, nearness: 1 },
    { from: p0, to: r0, nearness: 2 },
    { from: r1, to: p1, nearness: 2 },
    { from: 0, to: p0, nearness: 3 },
    { from: p1, to: codes.length, nearness: 3 },
  ];
  return runs.filter((run) => run.to > run.from);
}

/**
 * `indexOf` over the joined names finds every candidate (the native search is far faster than
 * 83,762 separate `includes` calls); each candidate is ranked and kept only if it beats the
 * current worst of the best `limit`. The runs are scanned nearest first, so the best `limit` fill
 * with near names early: a farther run that cannot beat them is not scanned at all (typing
 * "suka" at Tigaraksa reads Kab. Tangerang's names and stops), and in a run that is scanned, a
 * candidate that cannot beat the worst even at the best rank its position allows is dropped
 * before any string test. Returns indexes into the column, best first.
 */
function searchColumn(col: Column, query: string, limit: number, runs: readonly Run[]): number[] {
  const q = normalizeAreaName(query);
  const compact = q.replaceAll(' ', '');
  if (compact === '' || limit <= 0) return [];
  const wordStart = ` ${q}`;
  const { haystack, starts, norms, alpha } = col;
  const keys: number[] = [];
  const found: number[] = [];
  for (const { from, to, nearness } of runs) {
    if (keys.length === limit && (keys[limit - 1] ?? 0) < keyOf(0, nearness, 0, 0)) break;
    const base = starts[from] ?? 0;
    // A slice is a view in V8, not a copy: indexOf then stops at the run's end.
    const text = haystack.slice(base, starts[to] ?? haystack.length);
    let i = from;
    let at = 0;
    for (;;) {
      const pos = text.indexOf(compact, at) + base;
      if (pos < base) break;
      while ((starts[i + 1] ?? Infinity) <= pos) i += 1;
      const start = starts[i] ?? 0;
      const next = starts[i + 1] ?? haystack.length + 1;
      at = next - base; // the first match in a name is the one that ranks it; skip the rest of the name
      const worst = keys.length === limit ? (keys[limit - 1] ?? 0) : Infinity;
      const a = alpha[i] ?? 0;
      let key: number;
      if (pos === start) key = keyOf(0, nearness, next - 1 - start === compact.length ? 0 : 1, a);
      else if (keyOf(0, nearness, 2, a) >= worst) continue;
      else {
        const norm = norms[i] ?? '';
        key = norm.includes(wordStart) ? keyOf(0, nearness, 2, a) : keyOf(1, nearness, norm.includes(q) ? 0 : 1, a);
      }
      if (key >= worst) continue;
      let slot = keys.length === limit ? limit - 1 : keys.length;
      while (slot > 0 && (keys[slot - 1] ?? 0) > key) {
        keys[slot] = keys[slot - 1] ?? 0;
        found[slot] = found[slot - 1] ?? 0;
        slot -= 1;
      }
      keys[slot] = key;
      found[slot] = i;
    }
  }
  return found;
}
