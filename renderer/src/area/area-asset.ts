import { err, ok, type Result } from '../../../core/contract/result';
import type { District, Province, Regency, Village } from '../db/db';
import { csvRows } from './parse-csv';

/**
 * The administrative areas as one JSON file in the renderer build (made by scripts/area-data at
 * build time, read once by load-areas.ts on a kiosk's first start).
 *
 * Arrays, not an object per row, and villages grouped under their district with only the last
 * code segment glued to the name ("1001Tigaraksa"): 1.7 MB, where an object per village
 * (`{"code":…,"districtCode":…,"name":…}`) takes 5.9 MB and costs as much more to parse.
 * A parent code is always the child's code without its last segment (checked at build), so it is
 * not stored either.
 */
export const AREA_ASSET_FORMAT = 1;

/** ODbL 1.0 §4.3: whoever sees a work made from the database must be told where the data comes from. */
export const AREA_ATTRIBUTION = 'Data wilayah: idn-area-data (ODbL 1.0), fityannugroho';

export type AreaAsset = {
  format: typeof AREA_ASSET_FORMAT;
  /** Package and version the data came from, e.g. "idn-area-data 4.0.1". */
  source: string;
  attribution: string;
  provinces: [code: string, name: string][];
  regencies: [code: string, name: string][];
  districts: [code: string, name: string][];
  /** Per district: its code and its villages, each the last code segment (4 digits) then the name: "1001Tigaraksa". */
  villages: [districtCode: string, villages: string[]][];
};

export type AreaCounts = { provinces: number; regencies: number; districts: number; villages: number };

/** Rows as the Dexie tables store them. */
export type AreaRows = { provinces: Province[]; regencies: Regency[]; districts: District[]; villages: Village[] };

export type AreaCsvFiles = { provinces: string; regencies: string; districts: string; villages: string };

/** "36.03.03.1001" → "36.03.03". */
export const parentCode = (code: string): string => code.slice(0, code.lastIndexOf('.'));

const CODE = {
  province: /^\d{2}$/u,
  regency: /^\d{2}\.\d{2}$/u,
  district: /^\d{2}\.\d{2}\.\d{2}$/u,
  village: /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/u,
};

/**
 * Builds the asset from idn-area-data's CSV files, checking what the compact form relies on
 * (code shapes, parent = code prefix, parent exists, codes unique). Throws with file and line:
 * a wrong asset must fail the build, not reach 91,000 kiosks.
 */
export function buildAreaAsset(csv: AreaCsvFiles, source: string): AreaAsset {
  const seen = new Set<string>();
  const check = (file: string, line: number, code: string, shape: RegExp, parent?: { code: string; known: Set<string> }) => {
    const where = `${file}:${line + 2}`;
    if (!shape.test(code)) throw new Error(`${where}: code "${code}" does not look like ${shape.source}`);
    if (seen.has(code)) throw new Error(`${where}: code ${code} appears twice`);
    seen.add(code);
    if (parent !== undefined) {
      if (parentCode(code) !== parent.code) throw new Error(`${where}: ${code} is listed under ${parent.code}, not its code prefix`);
      if (!parent.known.has(parent.code)) throw new Error(`${where}: ${code} belongs to ${parent.code}, which is not in the parent file`);
    }
  };
  const name = (file: string, line: number, value: string) => {
    const trimmed = value.trim();
    if (trimmed === '') throw new Error(`${file}:${line + 2}: empty name`);
    return trimmed;
  };
  const byCode = <T extends [string, ...unknown[]]>(rows: T[]) => rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

  const provinceCodes = new Set<string>();
  const provinces = byCode(
    csvRows(csv.provinces, 'provinces.csv', ['code', 'name']).map((row, line): [string, string] => {
      check('provinces.csv', line, row.code, CODE.province);
      provinceCodes.add(row.code);
      return [row.code, name('provinces.csv', line, row.name)];
    }),
  );
  const regencyCodes = new Set<string>();
  const regencies = byCode(
    csvRows(csv.regencies, 'regencies.csv', ['code', 'province_code', 'name']).map((row, line): [string, string] => {
      check('regencies.csv', line, row.code, CODE.regency, { code: row.province_code, known: provinceCodes });
      regencyCodes.add(row.code);
      return [row.code, name('regencies.csv', line, row.name)];
    }),
  );
  const districtCodes = new Set<string>();
  const districts = byCode(
    csvRows(csv.districts, 'districts.csv', ['code', 'regency_code', 'name']).map((row, line): [string, string] => {
      check('districts.csv', line, row.code, CODE.district, { code: row.regency_code, known: regencyCodes });
      districtCodes.add(row.code);
      return [row.code, name('districts.csv', line, row.name)];
    }),
  );
  const grouped = new Map<string, string[]>();
  csvRows(csv.villages, 'villages.csv', ['code', 'district_code', 'name']).forEach((row, line) => {
    check('villages.csv', line, row.code, CODE.village, { code: row.district_code, known: districtCodes });
    let list = grouped.get(row.district_code);
    if (list === undefined) grouped.set(row.district_code, (list = []));
    list.push(row.code.slice(row.district_code.length + 1) + name('villages.csv', line, row.name));
  });
  // The serials are all four digits, so sorting the glued strings sorts by code.
  const villages = byCode([...grouped].map(([district, list]): [string, string[]] => [district, list.sort()]));
  return { format: AREA_ASSET_FORMAT, source, attribution: AREA_ATTRIBUTION, provinces, regencies, districts, villages };
}

export function countAreas(asset: AreaAsset): AreaCounts {
  return {
    provinces: asset.provinces.length,
    regencies: asset.regencies.length,
    districts: asset.districts.length,
    villages: asset.villages.reduce((sum, [, list]) => sum + list.length, 0),
  };
}

const isPairList = (value: unknown): value is [string, string][] =>
  Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === 'string' && typeof pair[1] === 'string');

const SERIAL_AND_NAME = /^\d{4}./u;
const isVillageList = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string' && SERIAL_AND_NAME.test(v));

/**
 * Checks a fetched asset and expands it into table rows. Hand-written rather than a zod schema:
 * zod takes ~10 times longer over 83,762 tuples, on the screen the resident is waiting at.
 */
export function decodeAreaAsset(json: unknown): Result<AreaRows> {
  if (typeof json !== 'object' || json === null) return err('bad_request', 'area asset is not an object');
  const asset = json as Partial<Record<keyof AreaAsset, unknown>>;
  if (asset.format !== AREA_ASSET_FORMAT) return err('bad_request', `area asset format ${String(asset.format)}, expected ${AREA_ASSET_FORMAT}`);
  for (const key of ['provinces', 'regencies', 'districts'] as const) {
    if (!isPairList(asset[key])) return err('bad_request', `area asset: ${key} is not a list of [code, name]`);
  }
  const groups = asset.villages;
  if (!Array.isArray(groups) || !groups.every((g) => Array.isArray(g) && g.length === 2 && typeof g[0] === 'string' && isVillageList(g[1]))) {
    return err('bad_request', 'area asset: villages is not a list of [districtCode, ["1001Name", …]]');
  }
  const provinces = (asset.provinces as [string, string][]).map(([code, name]): Province => ({ code, name }));
  const regencies = (asset.regencies as [string, string][]).map(([code, name]): Regency => ({ code, provinceCode: parentCode(code), name }));
  const districts = (asset.districts as [string, string][]).map(([code, name]): District => ({ code, regencyCode: parentCode(code), name }));
  const villages: Village[] = [];
  for (const [districtCode, list] of groups as [string, string[]][]) {
    for (const entry of list) villages.push({ code: `${districtCode}.${entry.slice(0, 4)}`, districtCode, name: entry.slice(4) });
  }
  return ok({ provinces, regencies, districts, villages });
}
