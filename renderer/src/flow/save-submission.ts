import { uuidv7 } from 'uuidv7';
import { err, ok, type Result } from '../../../core/contract/result';
import type { Submission } from '../../../core/flow/submission';
import { createTrackingCode } from '../../../core/id';
import type { KioskDb, StoredSubmission } from '../db/db';

/**
 * Writes a finished submission to the kiosk's store before the resident is told it is saved.
 * The database was opened with strict durability, so when the transaction resolves the record is
 * on disk, not in a write-back cache.
 */
export async function saveSubmission(db: KioskDb, submission: Submission, now: Date): Promise<Result<StoredSubmission>> {
  const record: StoredSubmission = {
    id: uuidv7(),
    trackingCode: createTrackingCode(crypto.getRandomValues(new Uint8Array(8))),
    serviceId: submission.serviceId,
    serviceVersion: submission.serviceVersion,
    state: 'saved',
    createdAt: now.toISOString(),
    payload: submission,
  };
  try {
    await db.transaction('rw', db.submissions, async () => {
      await db.submissions.add(record);
    });
    return ok(record);
  } catch (error) {
    // Quota exceeded (full disk), a closed database, or a corrupt store: the resident must not be
    // told "saved", and the officer must see why.
    const name = error instanceof Error ? error.name : 'Error';
    return err('unavailable', `The submission could not be saved on the kiosk (${name})`);
  }
}
