import type { Bridge } from '../../../core/contract/bridge';
import { err, ok, type Result } from '../../../core/contract/result';
import type { KioskDb, StoredSubmission } from '../db/db';
import { unseal } from './seal';

/**
 * What every writer of personal data needs together: the database, the host's store key (imported
 * non-extractable) and the bridge to the host's journal. Made once in main.tsx.
 */
export type KioskStore = { db: KioskDb; key: CryptoKey; bridge: Bridge };

/** The submission a row holds, in plaintext, for upload or re-journaling; an error once purged. */
export async function readPayload(key: CryptoKey, row: StoredSubmission): Promise<Result<unknown>> {
  if (row.legacyPayload !== undefined) return ok(row.legacyPayload);
  if (row.sealed === null) return err('not_found', `Submission ${row.id} was purged on ${row.purgedAt ?? 'an unknown date'}`);
  try {
    return ok(await unseal(key, row.sealed));
  } catch (error) {
    // GCM authentication failed: another key (the host's key was lost or replaced) or a damaged row.
    return err('internal', `Submission ${row.id} could not be unsealed (${error instanceof Error ? error.name : 'Error'})`);
  }
}
