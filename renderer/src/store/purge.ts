import type { KioskDb } from '../db/db';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes the personal data of submissions the office received more than `days` ago (office.json
 * sync.purgeAfterDays). The row stays (id, tracking code, state, dates) so a resident asking about a
 * tracking code still gets an answer; `purgedAt` marks it, and its `payloads` row is deleted in
 * the same transaction. Returns how many rows were purged; running it again purges nothing more.
 */
export async function purgeReceived(db: KioskDb, now: Date, days: number): Promise<number> {
  const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
  const purgedAt = now.toISOString();
  return db.transaction('rw', db.submissions, db.payloads, async () => {
    const ids: string[] = [];
    const purged = await db.submissions
      .where('receivedAt')
      .below(cutoff)
      .filter((row) => row.purgedAt === undefined)
      .modify((row) => {
        ids.push(row.id);
        delete row.legacyPayload;
        row.purgedAt = purgedAt;
      });
    await db.payloads.bulkDelete(ids);
    return purged;
  });
}

/**
 * Trims audit entries the server holds (seq up to `sentThrough`, the sync engine's cursor) that
 * were written more than `days` ago: the office has the chain, the kiosk keeps its last `days` of
 * it. The newest entry always stays: the next one links to its hash.
 */
export async function purgeSentAudit(db: KioskDb, now: Date, days: number, sentThrough: number): Promise<number> {
  const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
  return db.transaction('rw', db.audit, async () => {
    const newest = (await db.audit.orderBy('seq').lastKey()) as number | undefined;
    if (newest === undefined) return 0;
    const through = Math.min(sentThrough, newest - 1);
    return db.audit
      .where('seq')
      .belowOrEqual(through)
      .filter((entry) => entry.at < cutoff)
      .delete();
  });
}
