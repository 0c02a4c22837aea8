import Dexie from 'dexie';
import { V1_STORES } from './v1';
import { V2_STORES } from './v2';
import { V3_STORES } from './v3';

/**
 * Version 4 of the kiosk store, frozen as it shipped (v3 plus `payloads`: the sealed payload in a
 * table of its own; a row's `state` says 'received' once the server has it), for migration tests
 * only. Never edit this file.
 */
export const V4_STORES = { payloads: 'id' } as const;

/** Opens (or creates) a database exactly as a version-4 kiosk left it; no upgrade code runs. */
export function openV4Db(name: string): Dexie {
  const db = new Dexie(name);
  db.version(1).stores(V1_STORES);
  db.version(2).stores(V2_STORES);
  db.version(3).stores(V3_STORES);
  db.version(4).stores(V4_STORES);
  return db;
}
