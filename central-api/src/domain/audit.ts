import type { AuditEntry } from '../../../core/contract/central-api';
import { auditEntryHash, GENESIS_HASH } from '../../../core/contract/request-signing';
import { LOCK_SPACE, type Database, type Queryable } from '../db/database';
import { ApiHttpError } from '../http/errors';

/**
 * Each device's append-only, hash-chained log of officer actions. A batch is checked link by link
 * against what the server already holds and stored whole or not at all:
 * - an entry whose hash is not auditEntryHash(entry) was altered → 400;
 * - an entry at a seq already held must be that same entry (a resend), else → 409;
 * - a new entry must come right after the last one (no gap) and name its hash as prevHash → 409.
 * Re-sending entries the server has is harmless, so a kiosk that lost an answer simply resends.
 */
export async function appendAudit(db: Database, deviceId: string, entries: readonly AuditEntry[], now: Date): Promise<number> {
  for (const entry of entries) {
    if (auditEntryHash(entry) !== entry.hash) {
      throw new ApiHttpError(400, 'bad_request', `Audit entry ${entry.seq}: hash does not match its content`);
    }
  }
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_SPACE.deviceAudit, deviceId]);
    const seqs = entries.map((e) => e.seq);
    const lowest = Math.min(...seqs);
    // The stored entry just before the batch (its hash is the first prevHash), and any the batch resends.
    const held = await tx.query<{ seq: string; hash: string }>(
      'SELECT seq::text AS seq, hash FROM audit_entries WHERE device_id = $1 AND seq >= $2 AND seq <= $3 ORDER BY seq',
      [deviceId, lowest - 1, Math.max(...seqs)],
    );
    const hashes = new Map(held.map((row) => [Number(row.seq), row.hash]));
    const [last] = await tx.query<{ seq: string | null }>('SELECT max(seq)::text AS seq FROM audit_entries WHERE device_id = $1', [deviceId]);
    let through = last?.seq === null || last?.seq === undefined ? 0 : Number(last.seq);

    for (const entry of [...entries].sort((a, b) => a.seq - b.seq)) {
      const existing = hashes.get(entry.seq);
      if (existing !== undefined) {
        if (existing !== entry.hash) throw chainBroken(`entry ${entry.seq} differs from the one the server holds`, through);
        continue;
      }
      if (entry.seq !== through + 1) throw chainBroken(`entry ${entry.seq} does not follow entry ${through}`, through);
      const previous = through === 0 ? GENESIS_HASH : hashes.get(through);
      if (entry.prevHash !== previous) throw chainBroken(`entry ${entry.seq} does not link to the hash of entry ${through}`, through);
      await tx.query(
        `INSERT INTO audit_entries (device_id, seq, actor, action, subject, prev_hash, hash, entry, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)`,
        [deviceId, entry.seq, entry.actor, entry.action, entry.subject ?? null, entry.prevHash, entry.hash, JSON.stringify(entry), now],
      );
      hashes.set(entry.seq, entry.hash);
      through = entry.seq;
    }
    return through;
  });
}

/** The last entry held for the device: where a kiosk that lost its own log links new entries. */
export async function auditHead(db: Queryable, deviceId: string): Promise<{ through: number; hash: string | null }> {
  const [row] = await db.query<{ seq: string; hash: string }>(
    'SELECT seq::text AS seq, hash FROM audit_entries WHERE device_id = $1 ORDER BY seq DESC LIMIT 1',
    [deviceId],
  );
  return row === undefined ? { through: 0, hash: null } : { through: Number(row.seq), hash: row.hash };
}

function chainBroken(detail: string, through: number): ApiHttpError {
  return new ApiHttpError(409, 'conflict', `Audit chain broken: ${detail}; the server holds entries through ${through}`);
}
