import type { Bridge } from '../../../core/contract/bridge';
import { err, ok, type Result } from '../../../core/contract/result';
import type { KioskDb, StoredPayload, StoredSubmission } from '../db/db';
import { unseal } from './seal';

/**
 * What every writer of personal data needs together: the database, the host's store key (imported
 * non-extractable) and the bridge to the host's journal. Made once in main.tsx.
 */
export type KioskStore = { db: KioskDb; key: CryptoKey; bridge: Bridge };

/**
 * The submission a row holds, in plaintext, for upload or re-journaling, from its `payloads` row
 * (or the v1 plaintext parked on the row); an error once purged.
 */
export async function readPayload(key: CryptoKey, row: StoredSubmission, payload: StoredPayload | undefined): Promise<Result<unknown>> {
  if (row.legacyPayload !== undefined) return ok(row.legacyPayload);
  if (row.purgedAt !== undefined) return err('not_found', `Submission ${row.id} was purged on ${row.purgedAt}`);
  if (payload === undefined) return err('not_found', `Submission ${row.id} has no sealed payload on this kiosk`);
  try {
    return ok(await unseal(key, payload.sealed));
  } catch (error) {
    // GCM authentication failed: another key (the host's key was lost or replaced) or a damaged row.
    return err('internal', `Submission ${row.id} could not be unsealed (${error instanceof Error ? error.name : 'Error'})`);
  }
}
