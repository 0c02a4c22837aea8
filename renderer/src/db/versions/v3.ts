import Dexie from 'dexie';
import { V1_STORES } from './v1';
import { V2_STORES } from './v2';

/**
 * Version 3 of the kiosk store, frozen as it shipped (v2 plus help requests; the sealed payload
 * still inside each `submissions` row), for migration tests only. Never edit this file.
 */
export const V3_STORES = { help: 'id' } as const;

/** Opens (or creates) a database exactly as a version-3 kiosk left it; no upgrade code runs. */
export function openV3Db(name: string): Dexie {
  const db = new Dexie(name);
  db.version(1).stores(V1_STORES);
  db.version(2).stores(V2_STORES);
  db.version(3).stores(V3_STORES);
  return db;
}
