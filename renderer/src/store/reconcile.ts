/**
 * Keeps the host journal and IndexedDB telling the same story. The invariant:
 *
 *   every submission not yet received is in IndexedDB (sealed, with an outbox row) AND in the host
 *   journal; an entry leaves the journal only after IndexedDB records that the server received it
 *   (its outbox row removed, with a receipt; store/state.ts).
 *
 * Two functions keep it:
 *
 * - `reconcile(store)` runs at every start (main.tsx): restores journal entries IndexedDB lost
 *   (Chromium deletes a corrupt origin's databases), re-journals queued submissions the journal
 *   lacks, and drops entries IndexedDB knows to be received, processed or rejected.
 *
 * - `markReceived(db, bridge, acks)` is for the sync engine, called with what the server answered:
 *   upload results that are stored or duplicate → `{ id, state: 'received', at: receivedAt }`;
 *   status changes → `{ id, state, at: changedAt, note }`. It records them and removes their outbox
 *   entries in one transaction (recordAnswers), and only then drops them from the journal; if the
 *   page dies in between, the next reconcile() drops them. Its two halves, `recordAnswers` and
 *   `dropFromJournal`, are exported for the upload, which overlaps one batch's drop with the next
 *   batch's transaction (the order per batch stays the same).
 *
 * Both are idempotent and safe to interrupt anywhere: each step re-reads what it acts on, writes
 * whole records, and the order (Dexie state before journal drop, journal append before success)
 * means an interruption leaves extra copies, never a missing one. A submission saved while
 * reconcile() runs may be re-appended once more; the journal keeps the last record per id.
 */
import { cmp } from 'dexie';
import type { Bridge } from '../../../core/contract/bridge';
import { mergeState } from '../../../core/sync/submission-state';
import { err, ok, type Result } from '../../../core/contract/result';
import type { KioskDb, StoredSubmission, SubmissionState } from '../db/db';
import { appendAudit, AUDIT } from './audit';
import { decodeJournalRecord, encodeJournalRecord, type JournalRecord } from '../../../core/contract/journal-record';
import { readPayload, type KioskStore } from './kiosk-store';
import { readMany } from './read-many';
import { seal } from './seal';
import { currentState } from './state';

export type ReconcileCounts = {
  /** Journal entries IndexedDB had lost, written back (sealed, queued for upload). */
  restored: number;
  /** 'saved' rows the journal lacked, appended to it. */
  rejournaled: number;
  /** Journal entries the server had already received, dropped. */
  dropped: number;
  /** Journal entries that could not be read; kept in the journal for IT, never dropped. */
  corrupt: number;
  /** 'saved' rows that could not be unsealed or appended; tried again at the next start. */
  failed: number;
};

/** journal.drop takes at most this many ids per call. */
export const DROP_CHUNK = 1000;

export async function reconcile(store: KioskStore, now = new Date()): Promise<Result<ReconcileCounts>> {
  const { db, key, bridge } = store;
  const counts: ReconcileCounts = { restored: 0, rejournaled: 0, dropped: 0, corrupt: 0, failed: 0 };
  const listed = await bridge.invoke('journal.list', {});
  if (!listed.ok) return err(listed.error.code, `The host journal could not be listed: ${listed.error.message}`);
  // An id appended twice (re-journaled after a crash) counts once; the last record wins.
  const journal = new Map(listed.value.entries.map((entry) => [entry.id, entry.record]));

  const toDrop: string[] = [];
  try {
    const ids = [...journal.keys()];
    const [rows, queued] = await db.transaction('r', db.submissions, db.outbox, async () => [await db.submissions.bulkGet(ids), await db.outbox.bulkGet(ids)] as const);
    for (const [index, id] of ids.entries()) {
      const row = rows[index];
      if (row !== undefined) {
        if (currentState(row, queued[index] !== undefined) !== 'saved') toDrop.push(id);
        continue;
      }
      const decoded = decodeJournalRecord(id, journal.get(id) ?? '');
      if (!decoded.ok) counts.corrupt += 1;
      else if (await restore(store, decoded.value, now)) counts.restored += 1;
    }

    // Read after the listing: a row the sync engine marks received meanwhile has left the outbox.
    const unsent = (await db.outbox.toCollection().primaryKeys()).filter((id) => !journal.has(id));
    const saved = (await db.submissions.bulkGet(unsent)).filter((row): row is StoredSubmission => row !== undefined && row.state === 'saved');
    for (const row of saved) {
      const payload = await readPayload(key, row, await db.payloads.get(row.id));
      const appended = payload.ok ? await bridge.invoke('journal.append', { id: row.id, record: encodeJournalRecord(row, payload.value) }) : payload;
      if (appended.ok) counts.rejournaled += 1;
      else counts.failed += 1;
    }
  } catch (error) {
    return err('unavailable', `IndexedDB failed during reconcile (${error instanceof Error ? error.name : 'Error'})`);
  }

  const dropped = await dropFromJournal(bridge, toDrop);
  if (!dropped.ok) return dropped;
  counts.dropped = dropped.value;
  return ok(counts);
}

/** Writes a journal record back into IndexedDB unless it is there already; true if it wrote. */
async function restore(store: KioskStore, record: JournalRecord, now: Date): Promise<boolean> {
  const { db, key } = store;
  const row: StoredSubmission = {
    id: record.id,
    trackingCode: record.trackingCode,
    serviceId: record.serviceId,
    serviceVersion: record.serviceVersion,
    state: 'saved',
    createdAt: record.createdAt,
    contentHash: record.contentHash,
  };
  const sealed = await seal(key, record.submission);
  return db.transaction('rw', db.submissions, db.payloads, db.outbox, db.audit, async () => {
    if ((await db.submissions.get(row.id)) !== undefined) return false;
    await db.submissions.add(row);
    await db.payloads.put({ id: row.id, sealed });
    await db.outbox.put({ id: row.id, enqueuedAt: now.toISOString(), attempts: 0, nextAttemptAt: 0 });
    await appendAudit(db, { actor: 'system', action: AUDIT.submissionRestored, subject: row.id }, now);
    return true;
  });
}

/** What the server said about one submission. */
export type ServerAck = {
  id: string;
  state: Exclude<SubmissionState, 'saved'>;
  /** receivedAt for 'received'; changedAt for 'processed' and 'rejected'. */
  at: string;
  /** The officer's note with processed or rejected. */
  note?: string | undefined;
};

/** Records the server's answers, then drops those submissions from the host journal. */
export async function markReceived(db: KioskDb, bridge: Bridge, acks: readonly ServerAck[]): Promise<Result<{ updated: number; dropped: number }>> {
  const recorded = await recordAnswers(db, acks);
  if (!recorded.ok) return recorded;
  // A row missing from IndexedDB is dropped too: the server holds the submission durably.
  const dropped = await dropFromJournal(
    bridge,
    acks.map((ack) => ack.id),
  );
  return dropped.ok ? ok({ updated: recorded.value.updated, dropped: dropped.value }) : dropped;
}

/**
 * The IndexedDB half of markReceived, in one transaction. The office's decisions (processed,
 * rejected) are written into their rows; *received* only removes the outbox rows and writes one
 * receipt for them all (db.ts ReceiptRecord), so marking a batch of 50 received is two requests,
 * not 50 row rewrites. The journal still holds them; dropFromJournal must follow, and may run
 * beside the next answer's recordAnswers (the sync engine does so). `updated`: the answers that
 * changed something (a row rewritten, or an outbox row removed).
 */
export async function recordAnswers(db: KioskDb, acks: readonly ServerAck[]): Promise<Result<{ updated: number }>> {
  let updated = 0;
  const decided = acks.filter((ack) => ack.state !== 'received');
  const decidedIds = new Set(decided.map((ack) => ack.id));
  // An id both received and decided in one call needs no receipt: its row says where it is.
  const received = acks.filter((ack) => ack.state === 'received' && !decidedIds.has(ack.id));
  try {
    await db.transaction('rw', [db.submissions, db.outbox, db.receipts], async () => {
      if (decided.length > 0) {
        // One read for the rows (readMany), one request per row written.
        const rows = await readMany(
          db.submissions,
          decided.map((ack) => ack.id),
        );
        const firstReceived = await receivedTimes(db, rows.flatMap((row) => (row === undefined || row.receivedAt !== undefined ? [] : [row.id])));
        const next = new Map<string, StoredSubmission>();
        decided.forEach((ack, index) => {
          const stored = rows[index];
          const row = next.get(ack.id) ?? (stored === undefined ? undefined : { ...stored, receivedAt: stored.receivedAt ?? firstReceived.get(stored.id) });
          if (row === undefined) return;
          next.set(ack.id, applyAck(row, ack));
          updated += 1;
        });
        await db.submissions.bulkPut([...next.values()]);
        await deleteOutboxRuns(db, [...next.keys()]);
      }
      if (received.length > 0) {
        // Only what was still queued: anything else the kiosk already knew was received (or decided).
        const dequeued = new Set(
          await deleteOutboxRuns(
            db,
            received.map((ack) => ack.id),
          ),
        );
        const acked: { id: string; at: string }[] = [];
        for (const { id, at } of received) {
          // Each id once: an answer that names one twice records it once.
          if (dequeued.delete(id)) acked.push({ id, at });
        }
        if (acked.length > 0) {
          const at = acked.reduce((earliest, ack) => (ack.at < earliest ? ack.at : earliest), acked[0]?.at ?? '');
          await db.receipts.add({ at, acks: acked, ids: acked.map((ack) => ack.id) });
          updated += acked.length;
        }
      }
    });
  } catch (error) {
    // Nothing dropped: the journal still holds them and the next upload is a harmless duplicate.
    return err('unavailable', `IndexedDB refused the server's answers (${error instanceof Error ? error.name : 'Error'})`);
  }
  return ok({ updated });
}

/** When the receipts say these submissions were received (an id without a receipt is not in the map). */
async function receivedTimes(db: KioskDb, ids: readonly string[]): Promise<Map<string, string>> {
  const times = new Map<string, string>();
  if (ids.length === 0) return times;
  const wanted = new Set(ids);
  for (const receipt of await db.receipts.where('ids').anyOf([...wanted]).toArray()) {
    for (const ack of receipt.acks) if (wanted.has(ack.id) && !times.has(ack.id)) times.set(ack.id, ack.at);
  }
  return times;
}

/**
 * Deletes these outbox rows, a run of neighbouring keys at a time. A batch's rows are mostly
 * neighbours (it was read as a page of the outbox in key order), and in Chromium 50 single
 * deletes took 13-17 ms against 5-8 ms for one range (Chromium 156, 2-core CI machine).
 * The keys between the first and the last are read first, so a row that is not one of these (an
 * item the server left out, one backing off) is never inside a range. Returns the ids it removed.
 */
async function deleteOutboxRuns(db: KioskDb, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const wanted = new Set(ids);
  const sorted = [...wanted].sort(cmp);
  const first = sorted[0] as string;
  const last = sorted[sorted.length - 1] as string;
  const present = await db.outbox.where(':id').between(first, last, true, true).primaryKeys();
  const runs: [string, string][] = [];
  const removed: string[] = [];
  let run: [string, string] | undefined;
  for (const key of present) {
    if (!wanted.has(key)) {
      run = undefined;
      continue;
    }
    removed.push(key);
    if (run === undefined) {
      run = [key, key];
      runs.push(run);
    } else {
      run[1] = key;
    }
  }
  for (const [from, to] of runs) {
    if (from === to) await db.outbox.delete(from);
    else await db.outbox.where(':id').between(from, to, true, true).delete();
  }
  return removed;
}

/**
 * States only move forward (core/sync mergeState): a late "received" (a retried upload) never
 * undoes "processed", and between the two final states the first one heard stands.
 */
export function applyAck(row: StoredSubmission, ack: ServerAck): StoredSubmission {
  const receivedAt = row.receivedAt ?? ack.at;
  if (mergeState(row.state, ack.state) === row.state) return { ...row, receivedAt };
  if (ack.state === 'received') return { ...row, state: 'received', receivedAt };
  const next: StoredSubmission = { ...row, state: ack.state, receivedAt, stateChangedAt: ack.at };
  if (ack.note === undefined) delete next.note;
  else next.note = ack.note;
  return next;
}

/** Drops received submissions from the host journal; only after recordAnswers committed them. */
export async function dropFromJournal(bridge: Bridge, ids: readonly string[]): Promise<Result<number>> {
  let dropped = 0;
  for (let start = 0; start < ids.length; start += DROP_CHUNK) {
    const result = await bridge.invoke('journal.drop', { ids: ids.slice(start, start + DROP_CHUNK) });
    if (!result.ok) return err(result.error.code, `The host journal could not drop received submissions: ${result.error.message}`);
    dropped += result.value.dropped;
  }
  return ok(dropped);
}
