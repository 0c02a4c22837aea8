import districts from 'idn-area-data/data/districts.csv?raw';
import provinces from 'idn-area-data/data/provinces.csv?raw';
import regencies from 'idn-area-data/data/regencies.csv?raw';
import villages from 'idn-area-data/data/villages.csv?raw';
import { buildAreaAsset, decodeAreaAsset, type AreaAsset, type AreaRows } from './area-asset';

/**
 * For tests only: the real idn-area-data files, read through Vite's `?raw` (the renderer has no
 * Node `fs`). Ranking tests on real names catch what a hand-made list of ten villages would not.
 */
export const REAL_AREA_CSV = { provinces, regencies, districts, villages };

let cached: { asset: AreaAsset; rows: AreaRows } | undefined;

export function realAreas(): { asset: AreaAsset; rows: AreaRows } {
  if (cached !== undefined) return cached;
  const asset = buildAreaAsset(REAL_AREA_CSV, 'idn-area-data (test)');
  const decoded = decodeAreaAsset(asset);
  if (!decoded.ok) throw new Error(decoded.error.message);
  cached = { asset, rows: decoded.value };
  return cached;
}
