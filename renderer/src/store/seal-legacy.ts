import { LEGACY_PLAINTEXT_KEY, type KioskDb } from '../db/db';
import { seal } from './seal';

/**
 * Seals the plaintext payloads that the v1 → v2 upgrade parked in `legacyPayload` (the upgrade
 * transaction cannot wait for WebCrypto). Runs after every open; a no-op unless the upgrade left
 * its marker, which goes only once every row is sealed, so a page killed halfway finishes the job
 * at the next start. Returns how many rows it sealed.
 */
export async function sealLegacy(db: KioskDb, key: CryptoKey): Promise<number> {
  if ((await db.syncMeta.get(LEGACY_PLAINTEXT_KEY)) === undefined) return 0;
  const rows = await db.submissions.filter((row) => row.legacyPayload !== undefined).toArray();
  let sealed = 0;
  for (const row of rows) {
    const box = await seal(key, row.legacyPayload);
    const changed = await db.submissions
      .where('id')
      .equals(row.id)
      .modify((current) => {
        if (current.legacyPayload === undefined) return;
        // A row purged meanwhile stays purged: no personal data comes back.
        if (current.purgedAt === undefined) current.sealed = box;
        delete current.legacyPayload;
      });
    sealed += changed;
  }
  await db.syncMeta.delete(LEGACY_PLAINTEXT_KEY);
  return sealed;
}
