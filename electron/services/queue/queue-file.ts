import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { KioskNumber, KioskTicket, OfficeDay } from '../../../core/contract/queue';
import { ensurePrivateDir, writeFileAtomic } from '../storage/durable-file';

/**
 * The kiosk's own queue numbers, on disk (`<data dir>/queue/tickets.json`, 0600): the counter of
 * each lane per office day, and every number issued from them until the central API has it.
 *
 * Durability is the whole point: a number a resident holds must never be issued again, not after
 * a crash, a power cut or a restart. So a number is written (temp file, fsync, rename, fsync of
 * the directory) before it is handed out, and a counter never goes back: when a write fails, the
 * number it was for is not handed out, and the next one skips it rather than risk issuing one
 * twice. Nothing personal is kept: desk, priority flag, number and times.
 */
export const QueueFileTicket = KioskTicket.extend({
  lane: z.string().regex(/^[A-Z]$/u),
  sequence: z.number().int().min(1),
  /** pending: not yet accepted by the central API; reported: it has it; refused: it never will (kept for IT). */
  state: z.enum(['pending', 'reported', 'refused']),
  message: z.string().max(300).optional(),
});
export type QueueFileTicket = z.infer<typeof QueueFileTicket>;

export const QueueFile = z.strictObject({
  v: z.literal(1),
  /** Learnt from the central API when the device identity has none (kiosks enrolled before queue numbers). */
  kioskNumber: KioskNumber.optional(),
  /**
   * When a damaged file was set aside: its counters are lost, so no number of the office day it
   * was found on is issued from this kiosk's range (it could be one already handed out).
   */
  damagedAt: z.iso.datetime().optional(),
  /** day → lane letter → last sequence issued. */
  counters: z.record(OfficeDay, z.record(z.string().regex(/^[A-Z]$/u), z.number().int().min(0))),
  tickets: z.array(QueueFileTicket),
});
export type QueueFile = z.infer<typeof QueueFile>;

export const EMPTY_QUEUE_FILE: QueueFile = { v: 1, counters: {}, tickets: [] };

/** Counters are kept this many days back, so that a clock set back across midnight still finds its day's counter. */
const KEEP_COUNTER_DAYS = 7;

export type LoadedQueueFile = { kind: 'ok'; file: QueueFile } | { kind: 'damaged'; reason: string; setAside: string };

/**
 * Reads the file; none yet is an empty one. A file that cannot be read as written is set aside
 * (`tickets.json.damaged-<time>`) and reported: its counters are lost, so the caller must not
 * issue numbers for the days it may have held (see queue-service.ts).
 */
export async function loadQueueFile(file: string, now: Date): Promise<LoadedQueueFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'ok', file: structuredClone(EMPTY_QUEUE_FILE) };
    throw error;
  }
  let reason: string;
  try {
    const parsed = QueueFile.safeParse(JSON.parse(text));
    if (parsed.success) return { kind: 'ok', file: parsed.data };
    const issue = parsed.error.issues[0];
    reason = `invalid (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`;
  } catch {
    reason = 'not valid JSON';
  }
  const setAside = path.join(path.dirname(file), setAsideName(file, now));
  await rename(file, setAside);
  return { kind: 'damaged', reason, setAside: path.basename(setAside) };
}

/** The name a damaged file found at `at` is kept under, beside it. */
export function setAsideName(file: string, at: Date): string {
  return `${path.basename(file)}.damaged-${at.toISOString().replace(/[:.]/gu, '-')}`;
}

export async function saveQueueFile(file: string, content: QueueFile): Promise<void> {
  await ensurePrivateDir(path.dirname(file));
  await writeFileAtomic(file, `${JSON.stringify(content)}\n`);
}

/**
 * What is worth keeping: counters of the last days, every ticket the server does not have yet
 * (pending, and refused ones for IT), and reported ones of today (a retried request finds them).
 */
export function pruned(content: QueueFile, today: string): QueueFile {
  const days = Object.keys(content.counters).sort();
  const keepFrom = days.filter((day) => day <= today).slice(-KEEP_COUNTER_DAYS)[0] ?? today;
  const counters = Object.fromEntries(Object.entries(content.counters).filter(([day]) => day >= keepFrom));
  const tickets = content.tickets.filter((ticket) => ticket.state !== 'reported' || ticket.day >= today);
  return { ...content, counters, tickets };
}
