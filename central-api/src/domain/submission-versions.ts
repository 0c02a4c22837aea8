import type { UploadResult } from '../../../core/contract/central-api';
import { LOCK_SPACE, type Queryable } from '../db/database';

/**
 * Other versions of a submission: uploaded under an id the server already holds, with other
 * content. Each is kept once for an officer to compare, up to MAX_KEPT_VERSIONS per id. Past the
 * cap a version is answered `invalid` and not stored, so a kiosk that keeps changing one
 * submission (a bug, or a kiosk in the wrong hands) cannot fill the officer's screen or the disk:
 * its kiosk holds the version for an officer there instead (`invalid` is never counted received).
 */
export const MAX_KEPT_VERSIONS = 5;

export type OtherVersion = { submission_id: string; content_hash: string; body: unknown };

export const versionKey = (submissionId: string, contentHash: string): string => `${submissionId} ${contentHash}`;

export function tooManyVersions(id: string): UploadResult {
  return {
    id,
    outcome: 'invalid',
    status: 400,
    message: `The server already keeps ${MAX_KEPT_VERSIONS} other versions of this submission for an officer; this one was not stored`,
  };
}

/**
 * Keeps the versions that fit under the cap, in the order given; answers when the server first
 * held each version it keeps (`versionKey` → ISO time). A version missing from the answer was
 * refused by the cap.
 *
 * Uploads of one id from several kiosks run at once on PostgreSQL (each holds only its own
 * device's lock), so counting and inserting are serialised per id by an advisory lock, taken in
 * hash order: two batches sharing ids wait for each other instead of deadlocking.
 */
export async function keepOtherVersions(tx: Queryable, deviceId: string, versions: readonly OtherVersion[], now: Date): Promise<Map<string, string>> {
  const ids = [...new Set(versions.map((v) => v.submission_id))];
  await tx.query('SELECT pg_advisory_xact_lock($1, h) FROM (SELECT DISTINCT hashtext(id) AS h FROM unnest($2::text[]) AS id) AS locks ORDER BY h', [
    LOCK_SPACE.submissionVersions,
    ids,
  ]);
  const kept = async () =>
    tx.query<{ submission_id: string; content_hash: string; received_at: Date }>(
      'SELECT submission_id, content_hash, received_at FROM submission_conflicts WHERE submission_id = ANY($1::text[])',
      [ids],
    );
  const held = await kept();
  const count = new Map<string, number>();
  const heldKeys = new Set<string>();
  for (const row of held) {
    count.set(row.submission_id, (count.get(row.submission_id) ?? 0) + 1);
    heldKeys.add(versionKey(row.submission_id, row.content_hash));
  }
  const fresh: OtherVersion[] = [];
  for (const version of versions) {
    const kept = count.get(version.submission_id) ?? 0;
    if (heldKeys.has(versionKey(version.submission_id, version.content_hash)) || kept >= MAX_KEPT_VERSIONS) continue;
    count.set(version.submission_id, kept + 1);
    fresh.push(version);
  }
  if (fresh.length === 0) return timesOf(held);
  await tx.query(
    `INSERT INTO submission_conflicts (submission_id, content_hash, device_id, body, received_at)
     SELECT x.submission_id, x.content_hash, $2, x.body, $3
     FROM jsonb_to_recordset($1::jsonb) AS x (submission_id text, content_hash text, body jsonb)
     ORDER BY x.submission_id, x.content_hash
     ON CONFLICT (submission_id, content_hash) DO NOTHING`,
    [JSON.stringify(fresh), deviceId, now],
  );
  return timesOf(await kept());
}

function timesOf(rows: readonly { submission_id: string; content_hash: string; received_at: Date }[]): Map<string, string> {
  return new Map(rows.map((row) => [versionKey(row.submission_id, row.content_hash), row.received_at.toISOString()]));
}
