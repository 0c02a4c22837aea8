/**
 * Which queued submissions the next upload takes. Pure over the outbox rows, so the engine and its
 * tests agree on "due" and "oldest first".
 */
export type OutboxEntry = {
  /** Submission id: UUIDv7, so sorting by id is sorting by when it was saved. */
  id: string;
  attempts: number;
  /** Epoch ms before which the item is not retried. */
  nextAttemptAt: number;
};

/**
 * `nextAttemptAt` of an item the server refused as invalid: retrying cannot help, an officer has to
 * look at it. It stays in the outbox (it is not on the server) but is never picked again.
 * MAX_SAFE_INTEGER rather than Infinity: it must survive JSON (logs, the host journal) unchanged.
 */
export const HELD = Number.MAX_SAFE_INTEGER;

export const isHeld = (item: Pick<OutboxEntry, 'nextAttemptAt'>): boolean => item.nextAttemptAt >= HELD;

/**
 * Due now, or at once when `force` (an officer pressed "Kirim sekarang", the network came back):
 * then the per-item backoff is skipped, but a held item is still never sent.
 */
export function isDue(item: Pick<OutboxEntry, 'nextAttemptAt'>, nowMs: number, force = false): boolean {
  if (isHeld(item)) return false;
  return force || item.nextAttemptAt <= nowMs;
}

/** Oldest first: by id, which for UUIDv7 is creation order. */
export function compareOldestFirst(a: Pick<OutboxEntry, 'id'>, b: Pick<OutboxEntry, 'id'>): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** At most `size` due items, oldest first. */
export function selectDueBatch<T extends OutboxEntry>(items: readonly T[], nowMs: number, size: number, force = false): T[] {
  if (size < 1) return [];
  return items
    .filter((item) => isDue(item, nowMs, force))
    .sort(compareOldestFirst)
    .slice(0, Math.floor(size));
}
