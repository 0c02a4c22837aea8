import { z } from 'zod';
import { contentHash } from './request-signing';
import { err, ok, type Result } from './result';

/**
 * One unsent submission as the host journal holds it: everything needed to rebuild its IndexedDB
 * row if IndexedDB is lost, and to upload it (the host sends batches from its journal, see
 * core/sync/journal-upload.ts). The submission is plaintext here; the host encrypts the journal
 * file, and the entry is dropped once the server says received. Written by the renderer
 * (encodeJournalRecord), read by the renderer (restore) and the host (upload).
 */
export const JournalRecord = z.strictObject({
  v: z.literal(1).describe('Record format; a new one gets a new number and a decoder for the old'),
  id: z.uuid(),
  trackingCode: z.string().min(1),
  serviceId: z.string().min(1),
  serviceVersion: z.number().int().min(1),
  createdAt: z.iso.datetime({ offset: true }),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/u),
  // Not parsed against today's Submission schema: an entry written by an older release must still
  // be restorable. The content hash below proves it is the same submission that was saved.
  submission: z.unknown(),
});
export type JournalRecord = z.infer<typeof JournalRecord>;

/** The row fields a record carries besides the submission (the renderer's StoredSubmission has them). */
export type JournalRow = Pick<JournalRecord, 'id' | 'trackingCode' | 'serviceId' | 'serviceVersion' | 'createdAt' | 'contentHash'>;

export function encodeJournalRecord(row: JournalRow, submission: unknown): string {
  const record: JournalRecord = {
    v: 1,
    id: row.id,
    trackingCode: row.trackingCode,
    serviceId: row.serviceId,
    serviceVersion: row.serviceVersion,
    createdAt: row.createdAt,
    contentHash: row.contentHash,
    submission,
  };
  return JSON.stringify(record);
}

/**
 * The record's shape only, for the journal entry `id`: enough to upload it (the server recomputes
 * the content hash and refuses a mismatch). decodeJournalRecord also checks the hash.
 */
export function parseJournalRecord(id: string, text: string): Result<JournalRecord> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return err('bad_request', `Journal entry ${id} is not JSON`);
  }
  const parsed = JournalRecord.safeParse(json);
  if (!parsed.success) return err('bad_request', `Journal entry ${id} does not match the record format`);
  if (parsed.data.id !== id) return err('bad_request', `Journal entry ${id} holds record ${parsed.data.id}`);
  return ok(parsed.data);
}

/** A record to restore a row from: its shape, and the submission it holds is the one that was saved. */
export function decodeJournalRecord(id: string, text: string): Result<JournalRecord> {
  const parsed = parseJournalRecord(id, text);
  if (!parsed.ok) return parsed;
  if (parsed.value.submission === undefined || contentHash(parsed.value.submission) !== parsed.value.contentHash) {
    return err('bad_request', `Journal entry ${id} fails its content hash`);
  }
  return parsed;
}
