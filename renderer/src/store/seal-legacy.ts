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
    sealed += await db.transaction('rw', db.submissions, db.payloads, async () => {
      const current = await db.submissions.get(row.id);
      if (current?.legacyPayload === undefined) return 0;
      // A row purged meanwhile stays purged: no personal data comes back.
      if (current.purgedAt === undefined) await db.payloads.put({ id: row.id, sealed: box });
      delete current.legacyPayload;
      await db.submissions.put(current);
      return 1;
    });
  }
  await db.syncMeta.delete(LEGACY_PLAINTEXT_KEY);
  return sealed;
}
