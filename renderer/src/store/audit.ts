import type { AuditEntry } from '../../../core/contract/central-api';
import { auditEntryHash, GENESIS_HASH } from '../../../core/contract/request-signing';
import type { AuditRecord, KioskDb } from '../db/db';

/**
 * The kiosk's audit log: who did what to which submission, hash-chained so that a changed or
 * missing entry shows (core/contract/request-signing auditEntryHash). The server checks the same
 * chain link by link when the sync engine uploads it.
 *
 * Appending reads the last entry and adds the next in one IndexedDB transaction, so the page and
 * the sync worker can both append without two entries ever taking the same seq.
 */
export type AuditEvent = Pick<AuditEntry, 'actor' | 'action'> & { subject?: string | undefined; reason?: string | undefined };

/** Actions the kiosk records today; officer actions join them with officer mode. */
export const AUDIT = {
  submissionSaved: 'submission.saved',
  submissionRestored: 'submission.restored',
  submissionHeld: 'submission.held',
  helpRequested: 'help.requested',
  catalogueApplied: 'catalogue.applied',
  catalogueRefused: 'catalogue.refused',
  chainResumed: 'audit.chain_resumed',
} as const;

/** The entry that follows `last` (or starts the chain), hash included. */
export function nextEntry(last: Pick<AuditRecord, 'seq' | 'hash'> | undefined, event: AuditEvent, at: string): AuditRecord {
  const entry: Omit<AuditRecord, 'hash'> = {
    seq: (last?.seq ?? 0) + 1,
    at,
    actor: event.actor,
    action: event.action,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  // Absent, not undefined: the hash is over canonical JSON, and the server sees no such key.
  if (event.subject !== undefined) entry.subject = event.subject.slice(0, 80);
  if (event.reason !== undefined) entry.reason = event.reason.slice(0, 500);
  return { ...entry, hash: auditEntryHash(entry) };
}

/**
 * Appends inside the caller's transaction when there is one (it must include `db.audit`), so an
 * entry is written together with what it records, or not at all.
 */
export async function appendAudit(db: KioskDb, event: AuditEvent, at: Date): Promise<AuditRecord> {
  return db.transaction('rw', db.audit, async () => {
    const last = await db.audit.orderBy('seq').last();
    const entry = nextEntry(last, event, at.toISOString());
    await db.audit.add(entry);
    return entry;
  });
}

/** The entry as the central API takes it: the local bookkeeping field left out. */
export function toAuditEntry(record: AuditRecord): AuditEntry {
  const entry: Record<string, unknown> = { ...record };
  delete entry['sentAt'];
  return entry as AuditEntry;
}

/**
 * Re-links entries the server never held onto the server's chain head, after the kiosk lost its own
 * log (Chromium deletes a corrupt IndexedDB). The first re-linked entry says so, so the gap is on
 * the record rather than hidden. Content, time and actor of every entry stay as they were.
 */
export type RebaseCause =
  /** The kiosk does not hold the server's last entry: its own log was lost and started again. */
  | 'kiosk log restarted'
  /** The kiosk holds an entry of that number, but not the same one (the server was restored from a backup, say). */
  | 'kiosk and server logs differ';

export function rebaseOnto(head: { through: number; hash: string | null }, unsent: readonly AuditRecord[], at: string, cause: RebaseCause): AuditRecord[] {
  const rebased: AuditRecord[] = [];
  let last: Pick<AuditRecord, 'seq' | 'hash'> | undefined = head.through === 0 || head.hash === null ? undefined : { seq: head.through, hash: head.hash };
  const resumed = nextEntry(last, { actor: 'system', action: AUDIT.chainResumed, reason: `${cause}; ${unsent.length} unsent entries re-linked after entry ${head.through}` }, at);
  rebased.push(resumed);
  last = resumed;
  for (const record of unsent) {
    const { actor, action, subject, reason } = record;
    const entry = nextEntry(last, { actor: actor as AuditEntry['actor'], action, subject, reason }, record.at);
    rebased.push(entry);
    last = entry;
  }
  return rebased;
}
