import { cmp, type Table } from 'dexie';

/**
 * Like `table.bulkGet(ids)` (same order, undefined for a missing id), for ids that are mostly
 * neighbours in the table's key order, as a batch read from the outbox is: one getAll over the
 * range from the first id to the last instead of one get per id. In Chromium every IndexedDB
 * request is its own round trip to the browser process, and the sync engine reads each batch of
 * 50 twice (to send it, then to mark it received). Rows in the range that were not asked for
 * (already received, interleaved) are read too, up to as many as were asked for; whatever the
 * capped read did not reach is fetched with bulkGet, so any ids give the right answer.
 */
export async function readMany<T extends { id: string }, TInsert>(table: Table<T, string, TInsert>, ids: readonly string[]): Promise<(T | undefined)[]> {
  if (ids.length <= 1) return table.bulkGet([...ids]);
  const sorted = [...new Set(ids)].sort(cmp);
  const first = sorted[0] as string;
  const last = sorted[sorted.length - 1] as string;
  const limit = sorted.length * 2;
  const rows = await table.where(':id').between(first, last, true, true).limit(limit).toArray();
  const found = new Map(rows.map((row) => [row.id, row]));
  // A capped read stopped at its last row: the ids after it were not looked at.
  const reached = rows.length < limit ? last : (rows[rows.length - 1] as T).id;
  const unread = sorted.filter((id) => cmp(id, reached) > 0);
  if (unread.length > 0) {
    const more = await table.bulkGet(unread);
    more.forEach((row) => {
      if (row !== undefined) found.set(row.id, row);
    });
  }
  return ids.map((id) => found.get(id));
}

/**
 * Which of these ids the table holds, from its keys alone: like readMany, one range read for ids
 * that are mostly neighbours, without reading (and, in Chromium, copying across to the page) the
 * rows themselves. The ids past what the capped read reached are looked up one by one.
 */
export async function presentKeys<T, TInsert>(table: Table<T, string, TInsert>, ids: readonly string[]): Promise<Set<string>> {
  const sorted = [...new Set(ids)].sort(cmp);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) return new Set();
  const limit = sorted.length * 2;
  const keys = await table.where(':id').between(first, last, true, true).limit(limit).primaryKeys();
  const wanted = new Set(sorted);
  const present = new Set(keys.filter((key) => wanted.has(key)));
  const reached = keys.length < limit ? last : (keys[keys.length - 1] as string);
  const unread = sorted.filter((id) => cmp(id, reached) > 0);
  if (unread.length > 0) {
    const more = await table.where(':id').anyOf(unread).primaryKeys();
    for (const key of more) present.add(key);
  }
  return present;
}
