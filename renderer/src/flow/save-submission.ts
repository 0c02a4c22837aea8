import { uuidv7 } from 'uuidv7';
import { contentHash } from '../../../core/contract/request-signing';
import { err, ok, type Result } from '../../../core/contract/result';
import type { Submission } from '../../../core/flow/submission';
import { createTrackingCode } from '../../../core/id';
import type { OutboxItem, StoredPayload, StoredSubmission } from '../db/db';
import { encodeJournalRecord } from '../../../core/contract/journal-record';
import { appendAudit, AUDIT } from '../store/audit';
import type { KioskStore } from '../store/kiosk-store';
import { seal } from '../store/seal';

/**
 * Writes a finished submission durably before the resident is told it is saved, in this order:
 *  1. free disk above the floor, or nothing is written (`disk_full`), never half a record;
 *  2. the host journal (fsync'ed, encrypted by the host): once it answers, the submission survives
 *     a power cut and even the loss of IndexedDB; if it fails, the submission is NOT saved;
 *  3. IndexedDB (strict durability): the row, its sealed payload, its outbox entry and its audit entry in one
 *     transaction. If this fails after step 2 the submission is still durable; reconcile() puts it
 *     back at the next start (and audits that), so the resident is told "saved" and IT is warned
 *     through the log.
 */
export async function saveSubmission(store: KioskStore, submission: Submission, now: Date): Promise<Result<StoredSubmission>> {
  const { db, key, bridge } = store;
  const storage = await bridge.invoke('storage.status', {});
  if (storage.ok && storage.value.belowFloor) return err('disk_full', 'Free disk is below the floor: no new submission is taken');
  // If the status cannot be read, carry on: journal.append checks the floor itself and refuses.

  const record: StoredSubmission = {
    id: uuidv7(),
    trackingCode: createTrackingCode(crypto.getRandomValues(new Uint8Array(8))),
    serviceId: submission.serviceId,
    serviceVersion: submission.serviceVersion,
    state: 'saved',
    createdAt: now.toISOString(),
    contentHash: contentHash(submission),
  };
  let payload: StoredPayload;
  try {
    // Sealed before the journal write so that nothing slow sits between the journal and Dexie.
    payload = { id: record.id, sealed: await seal(key, submission) };
  } catch (error) {
    return err('internal', `The submission could not be sealed (${errorName(error)})`);
  }

  const journaled = await bridge.invoke('journal.append', { id: record.id, record: encodeJournalRecord(record, submission) });
  if (!journaled.ok) {
    if (journaled.error.code === 'disk_full') return err('disk_full', 'The host journal refused the write: disk below the floor');
    return err('unavailable', `The submission could not be written to the host journal (${journaled.error.code})`);
  }

  const queued: OutboxItem = { id: record.id, enqueuedAt: record.createdAt, attempts: 0, nextAttemptAt: 0 };
  try {
    await db.transaction('rw', db.submissions, db.payloads, db.outbox, db.audit, async () => {
      // reconcile() running at the same time may already have restored it from the journal.
      if ((await db.submissions.get(record.id)) !== undefined) return;
      await db.submissions.add(record);
      await db.payloads.put(payload);
      await db.outbox.put(queued);
      await appendAudit(db, { actor: 'resident', action: AUDIT.submissionSaved, subject: record.id }, now);
    });
  } catch (error) {
    // Quota exceeded, a closed or corrupt database: the journal holds the submission, so it is
    // saved; IT must still learn that IndexedDB is in trouble.
    void bridge.invoke('log.report', { level: 'warn', event: 'store.write_failed', detail: { reason: errorName(error), journaled: true } });
  }
  return ok(record);
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}
