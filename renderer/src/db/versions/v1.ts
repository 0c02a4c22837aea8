import Dexie from 'dexie';

/**
 * Version 1 of the kiosk store, frozen as it shipped, for migration tests only: it creates a
 * database exactly as an old kiosk left it, so db.test.ts can open it with today's openKioskDb.
 * Never edit this file. Each new version adds its own frozen copy (versions/v2.ts, …) and a test
 * in db.test.ts that migrates from it.
 */
export type V1Submission = {
  id: string;
  trackingCode: string;
  serviceId: string;
  serviceVersion: number;
  state: 'saved' | 'received' | 'processed' | 'rejected';
  createdAt: string;
  /** The engine's Submission, in plaintext (v2 seals it). */
  payload: unknown;
};

export const V1_STORES = {
  provinces: 'code',
  regencies: 'code, provinceCode',
  districts: 'code, regencyCode',
  districtVillages: 'districtCode',
  areaMeta: 'key',
  submissions: 'id, trackingCode, state, createdAt',
} as const;

export function openV1Db(name: string): Dexie {
  const db = new Dexie(name);
  db.version(1).stores(V1_STORES);
  return db;
}
