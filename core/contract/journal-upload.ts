/**
 * The `journal.upload` bridge request: the host sends these journal entries to the central API as
 * one signed batch and answers with what the server said (core/sync/journal-upload.ts says why).
 * `next` lets the host build the batch after while this one is on the wire.
 */
import { z } from 'zod';
import { MAX_BATCH_ITEMS } from './central-api';

export const JournalUploadInput = z.strictObject({
  ids: z.array(z.uuid()).min(1).max(MAX_BATCH_ITEMS).describe('Submission ids, in the order to send them'),
  timeoutMs: z.number().int().min(1_000).max(120_000).describe('Gives up on the request after this long'),
  next: z
    .array(z.uuid())
    .min(1)
    .max(MAX_BATCH_ITEMS)
    .optional()
    .describe('The batch the engine sends after this one: built meanwhile, and sent as soon as this one is answered 200'),
});
export type JournalUploadInput = z.infer<typeof JournalUploadInput>;

/** What the host saw of the server, read without trusting it (a body that is not JSON is reported). */
export const CentralReply = z.object({
  kind: z.literal('answer'),
  status: z.number().int(),
  body: z.unknown().describe('The body parsed as JSON; absent when empty or not JSON'),
  notJson: z.boolean(),
  bytes: z.number().int().describe('Length of the body as text'),
  etag: z.string().nullable(),
  retryAfter: z.string().nullable(),
  date: z.string().nullable(),
});
export type CentralReply = z.infer<typeof CentralReply>;

export const JournalUploadOutcome = z.discriminatedUnion('kind', [
  CentralReply,
  z.object({ kind: z.literal('network'), detail: z.string().describe('No answer: offline, refused, timeout, or cut off mid-answer') }),
  z.object({ kind: z.literal('too_large'), bytes: z.number().int().describe('The batch is over MAX_BODY_BYTES: nothing was sent; send it in halves') }),
  z.object({ kind: z.literal('nothing_to_send').describe('Every id was missing from the journal') }),
]);
export type JournalUploadOutcome = z.infer<typeof JournalUploadOutcome>;

export const JournalUploadOutput = z.object({
  /** Ids the journal does not hold (or holds unreadable): not in the request; the engine sends them itself. */
  missing: z.array(z.string()),
  outcome: JournalUploadOutcome,
});
export type JournalUploadOutput = z.infer<typeof JournalUploadOutput>;
