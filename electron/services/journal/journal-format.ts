import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * The journal file, one JSON record per line, each line written whole and fdatasync'ed before
 * the caller hears "saved":
 *
 * ```
 * {"op":"open","v":1,"kid":"3f9c…"}                                   first line: format and key id
 * {"op":"put","id":"<uuid>","iv":"<12 B>","tag":"<16 B>","data":"<ciphertext>"}   one submission
 * {"op":"drop","ids":["<uuid>",…]}                                     the server has received these
 * ```
 *
 * Binary fields are base64url. `data` is AES-256-GCM of the submission JSON under the store key
 * with a fresh random 12-byte IV, and the id as additional data, so a ciphertext moved onto another
 * id fails to authenticate instead of restoring the wrong submission. A later put of the same id
 * replaces the earlier one. `kid` tells "sealed with another key" apart from "damaged".
 */
export const JOURNAL_FORMAT_VERSION = 1;

const base64url = (length?: number) => (length === undefined ? z.string().regex(/^[A-Za-z0-9_-]+$/u) : z.string().regex(/^[A-Za-z0-9_-]+$/u).length(length));

export const OpenRecord = z.strictObject({ op: z.literal('open'), v: z.literal(JOURNAL_FORMAT_VERSION), kid: z.string().regex(/^[0-9a-f]{16}$/u) });
export const PutRecord = z.strictObject({ op: z.literal('put'), id: z.uuid(), iv: base64url(16), tag: base64url(22), data: base64url() });
export const DropRecord = z.strictObject({ op: z.literal('drop'), ids: z.array(z.uuid()).min(1) });
export const JournalRecord = z.discriminatedUnion('op', [OpenRecord, PutRecord, DropRecord]);
export type OpenRecord = z.infer<typeof OpenRecord>;
export type PutRecord = z.infer<typeof PutRecord>;
export type DropRecord = z.infer<typeof DropRecord>;
export type JournalRecord = z.infer<typeof JournalRecord>;

const AAD_PREFIX = 'tuntun.journal.v1:';

/** A short, one-way name for the key: enough to recognise it, useless for recovering it. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('tuntun.journal.kid\0').update(key).digest('hex').slice(0, 16);
}

export function sealEntry(key: Buffer, id: string, record: string): PutRecord {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(AAD_PREFIX + id, 'utf8'));
  const data = Buffer.concat([cipher.update(record, 'utf8'), cipher.final()]);
  return { op: 'put', id, iv: iv.toString('base64url'), tag: cipher.getAuthTag().toString('base64url'), data: data.toString('base64url') };
}

/** Throws when the entry was damaged or sealed under another key (GCM authentication). */
export function openEntry(key: Buffer, put: PutRecord): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(put.iv, 'base64url'));
  decipher.setAAD(Buffer.from(AAD_PREFIX + put.id, 'utf8'));
  decipher.setAuthTag(Buffer.from(put.tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(put.data, 'base64url')), decipher.final()]).toString('utf8');
}

export function encodeLine(record: JournalRecord): Buffer {
  return Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
}

export type ParsedLine = { ok: true; record: JournalRecord } | { ok: false; reason: string };

export function parseLine(line: string): ParsedLine {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = JournalRecord.safeParse(json);
  return parsed.success ? { ok: true, record: parsed.data } : { ok: false, reason: 'not a journal record' };
}

/**
 * Splits file bytes into complete lines and a torn tail: bytes after the last newline belong to a
 * write that never finished (a power cut mid-append), which was therefore never acknowledged.
 */
export function splitLines(bytes: Buffer): { lines: string[]; completeBytes: number; tornBytes: number } {
  const lastNewline = bytes.lastIndexOf(0x0a);
  const completeBytes = lastNewline + 1;
  const text = bytes.subarray(0, completeBytes).toString('utf8');
  const lines = text === '' ? [] : text.slice(0, -1).split('\n');
  return { lines, completeBytes, tornBytes: bytes.length - completeBytes };
}

/**
 * Counts unsent entries without the key (for `npm run kiosk -- status`, which has no keyring):
 * puts minus drops, by id. Damaged lines are not counted.
 */
export function countLiveEntries(bytes: Buffer): number {
  const live = new Set<string>();
  for (const line of splitLines(bytes).lines) {
    const parsed = parseLine(line);
    if (!parsed.ok) continue;
    const { record } = parsed;
    switch (record.op) {
      case 'open':
        break;
      case 'put':
        live.add(record.id);
        break;
      case 'drop':
        for (const id of record.ids) live.delete(id);
        break;
    }
  }
  return live.size;
}
