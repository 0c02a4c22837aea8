import Dexie from 'dexie';
import { V1_STORES } from './v1';

/**
 * Version 2 of the kiosk store, frozen as it shipped (sealed submissions, outbox, drafts,
 * catalogue, audit, sync state), for migration tests only. Never edit this file.
 */
export const V2_STORES = {
  submissions: 'id, trackingCode, state, createdAt, receivedAt',
  outbox: 'id, nextAttemptAt',
  drafts: 'sessionId',
  catalogue: 'key',
  audit: 'seq, sentAt',
  syncMeta: 'key',
} as const;

/** Opens (or creates) a database exactly as a version-2 kiosk left it; no upgrade code runs. */
export function openV2Db(name: string): Dexie {
  const db = new Dexie(name);
  db.version(1).stores(V1_STORES);
  db.version(2).stores(V2_STORES);
  return db;
}
