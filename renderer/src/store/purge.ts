import { mergeState } from '../../../core/sync/submission-state';
import type { KioskDb, StoredSubmission } from '../db/db';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes the personal data of submissions the office received more than `days` ago (office.json
 * sync.purgeAfterDays). The row stays (id, tracking code, state, dates) so a resident asking about a
 * tracking code still gets an answer; `purgedAt` marks it, and its `payloads` row is deleted in
 * the same transaction. Received is known two ways: a row that says so (the office decided, or
 * written by a store before version 5), and a receipt (db.ts ReceiptRecord), which is folded into
 * its rows here: they say 'received' with their receivedAt from now on, and the receipt goes.
 * Returns how many rows were purged; running it again purges nothing more.
 */
export async function purgeReceived(db: KioskDb, now: Date, days: number): Promise<number> {
  const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
  const purgedAt = now.toISOString();
  return db.transaction('rw', [db.submissions, db.payloads, db.receipts], async () => {
    const ids: string[] = [];
    let purged = await db.submissions
      .where('receivedAt')
      .below(cutoff)
      .filter((row) => row.purgedAt === undefined)
      .modify((row) => {
        ids.push(row.id);
        delete row.legacyPayload;
        row.purgedAt = purgedAt;
      });
    // A receipt's `at` is its earliest ack: each ack is checked on its own, the rest kept for later.
    const receipts = await db.receipts.where('at').below(cutoff).toArray();
    const due = receipts.flatMap((receipt) => receipt.acks.filter((ack) => ack.at < cutoff));
    const rows = await db.submissions.bulkGet(due.map((ack) => ack.id));
    const folded: StoredSubmission[] = [];
    due.forEach((ack, index) => {
      const row = rows[index];
      if (row === undefined || row.purgedAt !== undefined) return;
      const next: StoredSubmission = { ...row, state: mergeState(row.state, 'received'), receivedAt: row.receivedAt ?? ack.at, purgedAt };
      delete next.legacyPayload;
      folded.push(next);
      ids.push(row.id);
    });
    await db.submissions.bulkPut(folded);
    for (const receipt of receipts) {
      if (receipt.seq === undefined) continue;
      const left = receipt.acks.filter((ack) => ack.at >= cutoff);
      if (left.length === 0) await db.receipts.delete(receipt.seq);
      else await db.receipts.put({ seq: receipt.seq, at: left.reduce((earliest, ack) => (ack.at < earliest ? ack.at : earliest), left[0]?.at ?? ''), acks: left, ids: left.map((ack) => ack.id) });
    }
    purged += folded.length;
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
