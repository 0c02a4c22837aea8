import type { AreaRows } from './area-asset';

/**
 * Finding a village among 83,762 from a few letters typed on the kiosk keyboard, in memory, in a
 * few milliseconds (the resident sees results change with every key).
 *
 * Ranking, best first: exact name > name starts with the query > a word of the name starts with it
 * > the name contains it > the name contains it once spaces are ignored ("tiga raksa" still finds
 * Tigaraksa, "tigabinanga" finds Tiga Binanga). Within a rank: the office's district first, then its
 * regency, then alphabetical.
 *
 * One exception, because residents mostly live near the office: in the office's own district a
 * name that starts with the query ranks as exact. Typing "tiga" in Tigaraksa's office is the start
 * of "Tigaraksa", not a search for the two villages elsewhere whose whole name is "Tiga"; without
 * this they would come first. An exact name in the district still leads, since alphabetical order
 * puts "tiga" before "tigaraksa". Elsewhere an exact name stays above longer names, so a resident
 * who typed all of "Jaya" still sees the villages called Jaya.
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
  /** The office's district code, e.g. '36.03.03': its areas rank first, then its regency's. */
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

/** Rank weights: class (0 exact … 4 spaces ignored) × 3 proximities × room for the alphabetical rank. */
const ALPHA_ROOM = 1 << 17; // > 83,762 villages
const PROXIMITIES = 3;
const keyOf = (rank: number, proximity: number, alpha: number) => (rank * PROXIMITIES + proximity) * ALPHA_ROOM + alpha;
const FIRST_KEY_OF_WORD_RANK = keyOf(2, 0, 0);

/** One level's names laid out for scanning: every name without spaces, joined by "\n" into one string. */
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

/** Builds the index from the rows in the kiosk's store (or straight from the asset on first load). */
export function buildAreaIndex(rows: AreaRows): AreaIndex {
  const provinceName = new Map(rows.provinces.map((p) => [p.code, p.name]));
  const regencyAt = new Map(rows.regencies.map((r, i) => [r.code, i]));
  const districtAt = new Map(rows.districts.map((d, i) => [d.code, i]));
  const regencyOfDistrict = Int32Array.from(rows.districts, (d) => regencyAt.get(d.regencyCode) ?? -1);

  const districts = column(
    rows.districts.map((d) => d.code),
    rows.districts.map((d) => d.name),
    Int32Array.from(rows.districts, (_, i) => i),
    regencyOfDistrict,
  );
  const villageDistrict = Int32Array.from(rows.villages, (v) => districtAt.get(v.districtCode) ?? -1);
  const villages = column(
    rows.villages.map((v) => v.code),
    rows.villages.map((v) => v.name),
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
      const nearDistrict = districtAt.get(options.near) ?? -2;
      const nearRegency = regencyAt.get(options.near.slice(0, 5)) ?? -2;
      return searchColumn(col, query, options.limit ?? 6, nearDistrict, nearRegency).map((i) => place(options.level, i));
    },
  };
}

/**
 * One pass of `indexOf` over the joined names finds every candidate (the native search is far
 * faster than 83,762 separate `includes` calls); each candidate is then ranked and kept only if it
 * beats the current worst of the best `limit`. Returns indexes into the column, best first.
 */
function searchColumn(col: Column, query: string, limit: number, nearDistrict: number, nearRegency: number): number[] {
  const q = normalizeAreaName(query);
  const compact = q.replaceAll(' ', '');
  if (compact === '' || limit <= 0) return [];
  const wordStart = ` ${q}`;
  const { haystack, starts, norms, alpha, district, regency } = col;
  const keys: number[] = [];
  const found: number[] = [];
  let i = 0;
  let from = 0;
  for (;;) {
    const pos = haystack.indexOf(compact, from);
    if (pos < 0) break;
    while ((starts[i + 1] ?? Infinity) <= pos) i += 1;
    const start = starts[i] ?? 0;
    const next = starts[i + 1] ?? haystack.length + 1;
    from = next; // the first match in a name is the one that ranks it; skip the rest of the name
    const full = keys.length === limit;
    const worst = full ? (keys[limit - 1] ?? 0) : Infinity;
    // Once the best `limit` all start with the query, names that merely contain it cannot get in.
    if (pos !== start && worst < FIRST_KEY_OF_WORD_RANK) continue;
    let rank: number;
    if (pos === start) rank = next - 1 - start === compact.length || district[i] === nearDistrict ? 0 : 1;
    else {
      const norm = norms[i] ?? '';
      rank = norm.includes(wordStart) ? 2 : norm.includes(q) ? 3 : 4;
    }
    const proximity = district[i] === nearDistrict ? 0 : regency[i] === nearRegency ? 1 : 2;
    const key = keyOf(rank, proximity, alpha[i] ?? 0);
    if (key >= worst) continue;
    let at = full ? limit - 1 : keys.length;
    while (at > 0 && (keys[at - 1] ?? 0) > key) {
      keys[at] = keys[at - 1] ?? 0;
      found[at] = found[at - 1] ?? 0;
      at -= 1;
    }
    keys[at] = key;
    found[at] = i;
  }
  return found;
}
