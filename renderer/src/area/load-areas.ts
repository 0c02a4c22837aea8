import { err, ok, type Result } from '../../../core/contract/result';
import type { EntityTable } from 'dexie';
import type { DistrictVillages, KioskDb, Village } from '../db/db';
import { decodeAreaAsset, type AreaCounts, type AreaRows } from './area-asset';

/**
 * First start: the areas asset goes into the Dexie tables once, so every later start (and every
 * lookup by code) works from local storage.
 *
 * Safe to interrupt: the `areaMeta` row is deleted before anything else is touched and written only
 * after the last chunk, so a reload or power cut mid-load leaves the tables unmarked and the next
 * start clears them and loads again from the beginning. Chunks are separate transactions so the
 * progress bar moves while the rows go in; one transaction for all 91,599 rows would sit at 0%
 * until the very end.
 */
export type AreaSource = {
  /** The asset's URL relative to index.html (from `virtual:area-data`). */
  url: string;
  version: string;
  /** Row counts the build saw; a fetched asset with other counts is refused as damaged. */
  counts?: AreaCounts;
};

export type LoadAreasOptions = {
  /** Called with 0..1 as the load goes on; 1 once the tables are marked loaded. */
  onProgress?: (fraction: number) => void;
  /** Replaces `fetch` (tests); resolves with the parsed JSON. */
  fetchJson?: (url: string) => Promise<unknown>;
  /** Rows per transaction; default DEFAULT_CHUNK_SIZE. */
  chunkSize?: number;
  now?: () => Date;
};

export type LoadOutcome =
  /** The tables already hold this version: nothing was fetched. */
  | { kind: 'already-loaded' }
  /** Loaded now; the rows are returned so the caller can build its index without reading them back. */
  | { kind: 'loaded'; rows: AreaRows };

export const AREA_META_KEY = 'areas';
const LOCK_NAME = 'tuntun.area-load';
const FETCH_TIMEOUT_MS = 60_000;
/** Share of the bar for fetching and decoding; the rest is the writes, which take most of the time. */
const FETCH_SHARE = 0.1;
/**
 * Rows per transaction. Queuing the puts holds the main thread (~45 µs a row in Chromium on a
 * 2-core kiosk), and the first load runs while the attract screen waits for a touch: 2,000 rows
 * keep each hold near 100 ms. Bigger chunks are not faster (the cost is per row, not per
 * transaction).
 */
export const DEFAULT_CHUNK_SIZE = 2_000;

/** True when the tables hold `version` completely (the row count guards against a cleared table). */
export async function areasLoaded(db: KioskDb, version: string): Promise<boolean> {
  const meta = await db.areaMeta.get(AREA_META_KEY);
  if (meta === undefined || meta.version !== version) return false;
  return (await db.districtVillages.count()) === meta.districtGroups;
}

/** Villages grouped by district: one row each (see DistrictVillages for why). */
export function groupVillages(villages: readonly Village[]): DistrictVillages[] {
  const groups = new Map<string, DistrictVillages>();
  for (const village of villages) {
    let group = groups.get(village.districtCode);
    if (group === undefined) {
      group = { districtCode: village.districtCode, villages: [] };
      groups.set(village.districtCode, group);
    }
    group.villages.push({ code: village.code, name: village.name });
  }
  return [...groups.values()];
}

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Fetches and checks the asset: `unavailable` if it cannot be fetched, `bad_request` if it is
 * damaged or its row counts differ from the build's. Also how a later start builds its search
 * index: a local fetch and JSON.parse take a tenth of the time of reading 91,599 rows back from
 * IndexedDB.
 */
export async function fetchAreaRows(source: AreaSource, fetcher: (url: string) => Promise<unknown> = fetchJson): Promise<Result<AreaRows>> {
  let json: unknown;
  try {
    json = await fetcher(source.url);
  } catch (error) {
    return err('unavailable', `area data ${source.url} cannot be fetched: ${message(error)}`);
  }
  const decoded = decodeAreaAsset(json);
  if (!decoded.ok) return decoded;
  const expected = source.counts;
  if (expected !== undefined) {
    for (const table of ['provinces', 'regencies', 'districts', 'villages'] as const) {
      const found = decoded.value[table].length;
      if (found !== expected[table]) return err('bad_request', `area data ${source.url} has ${found} ${table}, the build made ${expected[table]}`);
    }
  }
  return decoded;
}

/**
 * Loads the areas into the tables unless this version is already there. Never throws: a failed
 * fetch is `unavailable`, a damaged asset `bad_request`, a storage error `internal`; in each case
 * the tables are left unmarked and the call can simply be repeated.
 */
export async function loadAreas(db: KioskDb, source: AreaSource, options: LoadAreasOptions = {}): Promise<Result<LoadOutcome>> {
  // Two windows of the same kiosk (or a reload racing the old page) must not clear each other's
  // half-written tables; the Web Locks API serialises them, the second then finds the data loaded.
  const locks = typeof navigator === 'object' && 'locks' in navigator ? navigator.locks : undefined;
  return locks === undefined ? loadUnlocked(db, source, options) : locks.request(LOCK_NAME, () => loadUnlocked(db, source, options));
}

async function loadUnlocked(db: KioskDb, source: AreaSource, options: LoadAreasOptions): Promise<Result<LoadOutcome>> {
  const report = options.onProgress ?? (() => undefined);
  try {
    if (await areasLoaded(db, source.version)) {
      report(1);
      return ok({ kind: 'already-loaded' });
    }
  } catch (error) {
    return err('internal', `area tables cannot be read: ${message(error)}`);
  }
  report(0);

  const fetched = await fetchAreaRows(source, options.fetchJson);
  if (!fetched.ok) return fetched;
  const rows = fetched.value;
  report(FETCH_SHARE);

  const groups = groupVillages(rows.villages);
  const total = rows.provinces.length + rows.regencies.length + rows.districts.length + groups.length;
  const chunkSize = Math.max(1, options.chunkSize ?? DEFAULT_CHUNK_SIZE);
  try {
    await db.transaction('rw', [db.areaMeta, db.provinces, db.regencies, db.districts, db.districtVillages], async () => {
      await db.areaMeta.delete(AREA_META_KEY);
      await Promise.all([db.provinces.clear(), db.regencies.clear(), db.districts.clear(), db.districtVillages.clear()]);
    });
    let written = 0;
    const putInChunks = async <T, K extends keyof T>(table: EntityTable<T, K>, items: readonly T[]) => {
      for (let at = 0; at < items.length; at += chunkSize) {
        const chunk = items.slice(at, at + chunkSize);
        await db.transaction('rw', table, () => table.bulkPut(chunk));
        written += chunk.length;
        // total + 1: the bar reaches 100% only when the areaMeta row is written.
        report(FETCH_SHARE + ((1 - FETCH_SHARE) * written) / (total + 1));
      }
    };
    await putInChunks(db.provinces, rows.provinces);
    await putInChunks(db.regencies, rows.regencies);
    await putInChunks(db.districts, rows.districts);
    await putInChunks(db.districtVillages, groups);
    await db.areaMeta.put({
      key: AREA_META_KEY,
      version: source.version,
      loadedAt: (options.now?.() ?? new Date()).toISOString(),
      villages: rows.villages.length,
      districtGroups: groups.length,
    });
  } catch (error) {
    return err('internal', `area tables cannot be written: ${message(error)}`);
  }
  report(1);
  return ok({ kind: 'loaded', rows });
}

/** Everything in the area tables, for building the search index on a later start. */
export async function readAreaRows(db: KioskDb): Promise<AreaRows> {
  return db.transaction('r', [db.provinces, db.regencies, db.districts, db.districtVillages], async () => {
    const [provinces, regencies, districts, groups] = await Promise.all([db.provinces.toArray(), db.regencies.toArray(), db.districts.toArray(), db.districtVillages.toArray()]);
    const villages = groups.flatMap((group) => group.villages.map((v) => ({ code: v.code, districtCode: group.districtCode, name: v.name })));
    return { provinces, regencies, districts, villages };
  });
}
