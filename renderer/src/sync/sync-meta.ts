import type { Catalogue } from '../../../core/contract/central-api';
import { HELD } from '../../../core/sync/outbox';
import { ATTENTION_LIST_MAX, type CatalogueProblem, type SyncError, type SyncPhase, type SyncStatus, withOverdue } from '../../../core/sync/status';
import type { KioskDb } from '../db/db';
import { readableCatalogue } from './stored-catalogue';

/**
 * What the engine remembers between rounds and restarts, in the syncMeta table. Everything the
 * status shows is read back from IndexedDB, so a restarted kiosk shows the same panel it had.
 */
export const META = {
  /** ChangesResponse cursor: the status changes already applied. */
  cursor: 'sync.cursor',
  lastSuccessAt: 'sync.lastSuccessAt',
  lastError: 'sync.lastError',
  /** Consecutive failed rounds: the backoff exponent, kept across restarts. */
  roundFailures: 'sync.roundFailures',
  clockSkewSeconds: 'sync.clockSkewSeconds',
  catalogueProblem: 'sync.catalogueProblem',
  /** Submissions the server kept in two versions: { count, codes } (tracking codes, newest last). */
  conflicts: 'sync.conflicts',
  /** Highest audit seq the server said it holds; entries after it are sent next. */
  auditSentThrough: 'sync.auditSentThrough',
} as const;
type MetaKey = (typeof META)[keyof typeof META];

export type Conflicts = { count: number; codes: string[] };

export async function readMeta<T>(db: KioskDb, key: MetaKey): Promise<T | undefined> {
  const row = await db.syncMeta.get(key);
  return row === undefined ? undefined : (row.value as T);
}

export async function writeMeta(db: KioskDb, key: MetaKey, value: unknown): Promise<void> {
  await db.syncMeta.put({ key, value });
}

export async function addConflicts(db: KioskDb, trackingCodes: readonly string[]): Promise<void> {
  if (trackingCodes.length === 0) return;
  await db.transaction('rw', db.syncMeta, async () => {
    const now = (await readMeta<Conflicts>(db, META.conflicts)) ?? { count: 0, codes: [] };
    const codes = [...now.codes.filter((c) => !trackingCodes.includes(c)), ...trackingCodes].slice(-ATTENTION_LIST_MAX);
    await writeMeta(db, META.conflicts, { count: now.count + trackingCodes.length, codes } satisfies Conflicts);
  });
}

/**
 * The last catalogue that verified, as the server signed it; null before the first, and null for
 * a row that no longer parses (see readableCatalogue: the engine then fetches a fresh copy).
 */
export async function catalogueInUse(db: KioskDb): Promise<{ catalogue: Catalogue; etag: string; verifiedAt: string } | null> {
  return readableCatalogue(await db.catalogue.get('current'));
}

/** The status as IndexedDB has it now; `phase` is the engine's own (it is not stored). */
export async function readStatus(db: KioskDb, phase: SyncPhase, rule: { overdueAfterHours: number; overduePending: number }, nowMs: number): Promise<SyncStatus> {
  return db.transaction('r', [db.outbox, db.submissions, db.syncMeta, db.catalogue], async () => {
    const pending = await db.outbox.count();
    // Ids are UUIDv7, so the first outbox key is the oldest submission still waiting.
    const first = await db.outbox.toCollection().first();
    const firstRow = first === undefined ? undefined : await db.submissions.get(first.id);
    const held = await db.outbox.where('nextAttemptAt').aboveOrEqual(HELD).primaryKeys();
    const heldRows = await db.submissions.bulkGet(held.slice(0, ATTENTION_LIST_MAX));
    const catalogue = await db.catalogue.get('current');
    const conflicts = (await readMeta<Conflicts>(db, META.conflicts)) ?? { count: 0, codes: [] };
    const status: SyncStatus = {
      phase,
      pending,
      oldestPendingAt: first === undefined ? null : (firstRow?.createdAt ?? first.enqueuedAt),
      lastSuccessAt: (await readMeta<string>(db, META.lastSuccessAt)) ?? null,
      lastError: (await readMeta<SyncError>(db, META.lastError)) ?? null,
      overdue: false,
      clockSkewSeconds: (await readMeta<number>(db, META.clockSkewSeconds)) ?? null,
      catalogue: {
        version: catalogue?.version ?? null,
        verifiedAt: catalogue?.verifiedAt ?? null,
        problem: (await readMeta<CatalogueProblem>(db, META.catalogueProblem)) ?? null,
      },
      attention: {
        held: held.length,
        heldCodes: heldRows.flatMap((row) => (row === undefined ? [] : [row.trackingCode])),
        conflicts: conflicts.count,
        conflictCodes: conflicts.codes,
      },
    };
    return withOverdue(status, rule, nowMs);
  });
}
