import Dexie, { type EntityTable } from 'dexie';

/**
 * The kiosk's local store (IndexedDB through Dexie). One file, typed tables, every old version
 * kept: a kiosk can be updated from any earlier release and its data must migrate, not vanish.
 *
 * Durability: Chromium's default ("relaxed") only reaches disk every few seconds, so a power cut
 * right after "Tersimpan" could lose the submission. `chromeTransactionDurability: 'strict'`
 * makes every write transaction wait for the disk.
 */
export type Village = {
  code: string; // 36.03.03.2002
  districtCode: string; // 36.03.03
  name: string;
};
export type District = { code: string; regencyCode: string; name: string };
export type Regency = { code: string; provinceCode: string; name: string };
export type Province = { code: string; name: string };

/**
 * A district's villages in one row. IndexedDB's cost is per row written: 83,762 village rows took
 * 11-16 s on a 2-core kiosk, the same data as 7,285 district rows under 3 s.
 */
export type DistrictVillages = { districtCode: string; villages: { code: string; name: string }[] };

export type AreaMeta = { key: 'areas'; version: string; loadedAt: string; villages: number; districtGroups: number };

export type SubmissionState = 'saved' | 'received' | 'processed' | 'rejected';

export type StoredSubmission = {
  /** Client id (UUIDv7): time-ordered, made on the kiosk, the idempotency key for upload. */
  id: string;
  trackingCode: string;
  serviceId: string;
  serviceVersion: number;
  state: SubmissionState;
  createdAt: string;
  /** The engine's Submission (answers with author and time), as saved before "Tersimpan" shows. */
  payload: unknown;
};

export type KioskDb = Dexie & {
  provinces: EntityTable<Province, 'code'>;
  regencies: EntityTable<Regency, 'code'>;
  districts: EntityTable<District, 'code'>;
  districtVillages: EntityTable<DistrictVillages, 'districtCode'>;
  areaMeta: EntityTable<AreaMeta, 'key'>;
  submissions: EntityTable<StoredSubmission, 'id'>;
};

export const DB_NAME = 'tuntun';

export function openKioskDb(name = DB_NAME): KioskDb {
  const db = new Dexie(name, { chromeTransactionDurability: 'strict' }) as KioskDb;
  // Version 1. Never edit a released version: add version(2) with an upgrade() instead.
  db.version(1).stores({
    provinces: 'code',
    regencies: 'code, provinceCode',
    districts: 'code, regencyCode',
    districtVillages: 'districtCode',
    areaMeta: 'key',
    submissions: 'id, trackingCode, state, createdAt',
  });
  return db;
}
