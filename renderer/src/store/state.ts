import type { KioskDb, StoredSubmission, SubmissionState } from '../db/db';

/**
 * Where a submission is, from its row and the outbox together. An upload's *received* removes the
 * outbox row and writes a receipt, but leaves the row as it was ('saved') until it is purged
 * (db.ts ReceiptRecord says why); so a 'saved' row the outbox no longer holds is received. Every
 * submission is saved with its outbox row in one transaction (and restored, and upgraded, the
 * same way), and only the server's answer removes it.
 */
export function currentState(row: Pick<StoredSubmission, 'state'>, queued: boolean): SubmissionState {
  return row.state === 'saved' && !queued ? 'received' : row.state;
}

/** The current state of one submission, by id or tracking code; undefined when the kiosk has no such row. */
export async function readCurrentState(db: KioskDb, key: { id: string } | { trackingCode: string }): Promise<SubmissionState | undefined> {
  return db.transaction('r', db.submissions, db.outbox, async () => {
    const row = 'id' in key ? await db.submissions.get(key.id) : await db.submissions.where('trackingCode').equals(key.trackingCode).first();
    if (row === undefined) return undefined;
    // Only a 'saved' row needs the outbox to tell.
    const queued = row.state === 'saved' && (await db.outbox.get(row.id)) !== undefined;
    return currentState(row, queued);
  });
}
