import Dexie, { type EntityTable, type Transaction } from 'dexie';
import { contentHash } from '../../../core/contract/request-signing';

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

/** AES-256-GCM ciphertext of personal data, keyed by the host's store key (bridge `store.key`). */
export type Sealed = { iv: string; data: string };

export type StoredSubmission = {
  /** Client id (UUIDv7): time-ordered, made on the kiosk, the idempotency key for upload. */
  id: string;
  trackingCode: string;
  serviceId: string;
  serviceVersion: number;
  /**
   * The state as last written. Since version 5 an upload's *received* is not written here: the
   * row stays 'saved' and its outbox row goes, with a `receipts` row saying when (store/state.ts
   * reads the two together, `currentState`); the row takes 'received' when it is purged. The
   * office's processed or rejected is written here as before.
   */
  state: SubmissionState;
  createdAt: string;
  /** contentHash(payload): what the server compares for idempotency. */
  contentHash: string;
  /**
   * Plaintext carried over from a version-1 row. An IndexedDB upgrade transaction commits as soon as
   * it awaits anything but IndexedDB, so WebCrypto cannot seal inside it: the upgrade parks the
   * payload here and store/seal-legacy.ts seals and deletes it right after the database opens.
   * Never written by current code.
   */
  legacyPayload?: unknown;
  /** When the server said received (durable there); personal data is purged N days later. */
  receivedAt?: string;
  /** Last state change from the server (processed or rejected), with the officer note. */
  stateChangedAt?: string;
  note?: string;
  purgedAt?: string;
};

/**
 * The engine's Submission (answers with author and time), sealed, in a table of its own since
 * version 4: marking a submission received rewrites its small row in `submissions`, not 3 KB of
 * ciphertext (in Chromium 50 such rewrites took 42-92 ms a batch and grew with the database, 50
 * small rows 9 ms). Written with its submission row; deleted when purged. A row with no payload
 * is purged (`purgedAt`), or just upgraded from v1 (`legacyPayload`).
 */
export type StoredPayload = { id: string; sealed: Sealed };

/** One unsent submission waiting for the sync engine; removed when the server says received. */
export type OutboxItem = {
  id: string; // submission id
  enqueuedAt: string;
  attempts: number;
  /** Epoch ms before which the engine does not retry this item (backoff). */
  nextAttemptAt: number;
  lastError?: string;
};

/**
 * The server said it holds these submissions (an upload's answer, or the status feed): one row
 * per answer, written in the transaction that removes their outbox rows, instead of rewriting 50
 * submission rows (in Chromium, 50 row rewrites cost about as much CPU as the server's ingest of
 * them). Folded into the rows when they are purged (store/purge.ts).
 */
export type ReceiptRecord = {
  seq?: number;
  /** The earliest receivedAt among them: the purge looks at the receipt from then on. */
  at: string;
  /** Each submission with its receivedAt. */
  acks: { id: string; at: string }[];
  /** The acks' ids, for the multi-entry index: a later decision finds its first received time. */
  ids: string[];
};

/** The in-progress answers of the current session, sealed; wiped on reset and idle timeout. */
export type Draft = { sessionId: string; serviceId: string; updatedAt: string; sealed: Sealed };

/** The last catalogue whose signature verified; a bad one never replaces it. */
export type CatalogueRecord = { key: 'current'; version: string; etag: string; signed: unknown; verifiedAt: string };

/** Officer and system actions, hash-chained (core/contract/request-signing auditEntryHash). */
export type AuditRecord = {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject?: string;
  reason?: string;
  prevHash: string;
  hash: string;
  /** Set by earlier builds when the server took the entry; the engine's audit cursor (syncMeta) says so now. */
  sentAt?: string;
};

/**
 * A resident pressed "Panggil petugas". The host rings the counter at once; this row tells the
 * office centrally (how often, on which screen) and is deleted once the server holds it.
 */
export type HelpRecord = { id: string; at: string; screen: string; serviceId?: string };

/** Small named values the sync engine keeps: cursor, last success, last error. */
export type SyncMeta = { key: string; value: unknown };

export type KioskDb = Dexie & {
  provinces: EntityTable<Province, 'code'>;
  regencies: EntityTable<Regency, 'code'>;
  districts: EntityTable<District, 'code'>;
  districtVillages: EntityTable<DistrictVillages, 'districtCode'>;
  areaMeta: EntityTable<AreaMeta, 'key'>;
  submissions: EntityTable<StoredSubmission, 'id'>;
  payloads: EntityTable<StoredPayload, 'id'>;
  outbox: EntityTable<OutboxItem, 'id'>;
  drafts: EntityTable<Draft, 'sessionId'>;
  catalogue: EntityTable<CatalogueRecord, 'key'>;
  audit: EntityTable<AuditRecord, 'seq'>;
  syncMeta: EntityTable<SyncMeta, 'key'>;
  help: EntityTable<HelpRecord, 'id'>;
  receipts: EntityTable<ReceiptRecord, 'seq'>;
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
  // Version 2: sealed personal data, outbox, drafts, catalogue, audit, sync state.
  // Migration tested in db.test.ts against the frozen v1 schema in versions/v1.ts.
  db.version(2)
    .stores({
      submissions: 'id, trackingCode, state, createdAt, receivedAt',
      outbox: 'id, nextAttemptAt',
      drafts: 'sessionId',
      catalogue: 'key',
      audit: 'seq, sentAt',
      syncMeta: 'key',
    })
    .upgrade(upgradeToV2);
  // Version 3: help requests waiting for upload. Only a new table, so no upgrade function.
  // Migration tested in db.test.ts against the frozen v2 schema in versions/v2.ts.
  db.version(3).stores({ help: 'id' });
  // Version 4: the sealed payload moves out of `submissions` into `payloads`.
  // Migration tested in db.test.ts against the frozen v3 schema in versions/v3.ts.
  db.version(4).stores({ payloads: 'id' }).upgrade(upgradeToV4);
  // Version 5: receipts (received is no longer written into each submission row). Only a new
  // table, so no upgrade function: rows already 'received' stay so. Migration tested in
  // db.test.ts against the frozen v4 schema in versions/v4.ts.
  db.version(5).stores({ receipts: '++seq, at, *ids' });
  return db;
}

/** syncMeta key present while some rows still hold a v1 plaintext payload (see sealLegacy). */
export const LEGACY_PLAINTEXT_KEY = 'store.legacyPlaintext';

/**
 * v1 rows kept the submission in plaintext `payload`. Here, synchronously inside the upgrade
 * transaction: hash it (contentHash is synchronous), park it in `legacyPayload`, and queue every
 * unsent one for upload. Sealing follows after open (store/seal-legacy.ts).
 */
async function upgradeToV2(tx: Transaction): Promise<void> {
  const unsent: OutboxItem[] = [];
  let moved = 0;
  await tx
    .table<V3Submission & { payload?: unknown }, string>('submissions')
    .toCollection()
    .modify((row) => {
      if (!('payload' in row)) return;
      const payload = row.payload;
      delete row.payload;
      row.legacyPayload = payload;
      row.contentHash = contentHash(payload);
      row.sealed = null;
      moved += 1;
      if (row.state === 'saved') unsent.push({ id: row.id, enqueuedAt: row.createdAt, attempts: 0, nextAttemptAt: 0 });
    });
  await tx.table<OutboxItem, string>('outbox').bulkPut(unsent);
  if (moved > 0) await tx.table<SyncMeta, string>('syncMeta').put({ key: LEGACY_PLAINTEXT_KEY, value: moved });
}

/** A submission row as versions 2 and 3 kept it: the sealed payload inside, null once purged. */
type V3Submission = StoredSubmission & { sealed?: Sealed | null };

/**
 * Moves each row's sealed payload into `payloads`, synchronously inside the upgrade transaction
 * (IndexedDB only, no WebCrypto). A null one (purged, or v1 plaintext parked for sealLegacy) just
 * goes.
 */
async function upgradeToV4(tx: Transaction): Promise<void> {
  const moved: StoredPayload[] = [];
  await tx
    .table<V3Submission, string>('submissions')
    .toCollection()
    .modify((row) => {
      if (!('sealed' in row)) return;
      if (row.sealed !== null && row.sealed !== undefined) moved.push({ id: row.id, sealed: row.sealed });
      delete row.sealed;
    });
  await tx.table<StoredPayload, string>('payloads').bulkPut(moved);
}
