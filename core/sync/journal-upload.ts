/**
 * Submissions are uploaded from the host's journal. The host already holds every unsent submission
 * there (encrypted, fsync'ed, kept until the server says received), so the sync engine in the page
 * says which ids go in the next batch, and the host builds the request from its own records, signs
 * it with the device secret it keeps, posts it and hands back what the server answered. The engine
 * keeps everything else: what is due, batching, backoff, holds, marking received.
 *
 * Sending from the page instead meant reading every sealed payload out of IndexedDB, unsealing it
 * in the worker, serialising the batch and posting it through Chromium's network stack: for 10,000
 * queued submissions that cost the kiosk about as much CPU as the server's whole ingest, on the
 * same two cores. A submission the journal lacks (the journal was lost, or could not take it) is
 * still sent from IndexedDB by the engine, the old way: `missing` says which.
 *
 * The bridge request is `journal.upload` (core/contract/journal-upload.ts). The pure parts live
 * here, shared by the host (electron/services/journal/journal-upload.ts) and the engine's test host.
 */
import { MAX_BODY_BYTES, type UploadItem } from '../contract/central-api';
import { parseJournalRecord } from '../contract/journal-record';

/** An upload item from a journal record; undefined when the record is not one. */
export function uploadItemOf(id: string, record: string | undefined): UploadItem | undefined {
  if (record === undefined) return undefined;
  const parsed = parseJournalRecord(id, record);
  if (!parsed.ok || parsed.value.submission === undefined) return undefined;
  const { trackingCode, contentHash, createdAt, submission } = parsed.value;
  return { id, trackingCode, contentHash, savedAt: createdAt, submission: submission as UploadItem['submission'] };
}

/** `body` is null when no id could be sent; the caller checks its encoded length against MAX_BODY_BYTES. */
export type UploadBody = { body: string | null; missing: string[] };

/** The upload request's body for these ids, in their order, from the records the journal holds. */
export function uploadBodyOf(ids: readonly string[], recordOf: (id: string) => string | undefined): UploadBody {
  const items: UploadItem[] = [];
  const missing: string[] = [];
  for (const id of new Set(ids)) {
    const item = uploadItemOf(id, recordOf(id));
    if (item === undefined) missing.push(id);
    else items.push(item);
  }
  return { body: items.length === 0 ? null : JSON.stringify({ items }), missing };
}

export const isTooLarge = (byteLength: number): boolean => byteLength > MAX_BODY_BYTES;
