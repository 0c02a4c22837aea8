import 'fake-indexeddb/auto';
import Dexie, { type EntityTable } from 'dexie';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { presentKeys, readMany } from './read-many';

type Row = { id: string; n: number };
type TestDb = Dexie & { rows: EntityTable<Row, 'id'> };

const key = (n: number) => `id-${String(n).padStart(4, '0')}`;
let db: TestDb;

beforeAll(async () => {
  db = new Dexie(`read-many-${crypto.randomUUID()}`) as TestDb;
  db.version(1).stores({ rows: 'id' });
  // Every other number up to 400: the odd ones are never there.
  await db.rows.bulkAdd(Array.from({ length: 200 }, (_, i) => ({ id: key(i * 2), n: i * 2 })));
});
afterAll(() => db.close());

/** Seeded lists of up to 60 ids, bunched (neighbours) or, every third, spread over the whole table and past it. */
function randomIdLists(seed: number, count: number): string[][] {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  return Array.from({ length: count }, (_, round) => {
    const start = Math.floor(random() * 420);
    const spread = 1 + Math.floor(random() * (round % 3 === 0 ? 400 : 20));
    return Array.from({ length: 1 + Math.floor(random() * 60) }, () => key(start + Math.floor(random() * spread)));
  });
}

describe('readMany', () => {
  it('reads a run of neighbours with one range read, in the order asked', async () => {
    const ids = [key(14), key(10), key(12), key(16)];
    const bulkGet = vi.spyOn(db.rows, 'bulkGet');
    expect(await readMany(db.rows, ids)).toEqual([14, 10, 12, 16].map((n) => ({ id: key(n), n })));
    expect(bulkGet).not.toHaveBeenCalled();
    bulkGet.mockRestore();
  });

  it('leaves out rows in the range that were not asked for, and gives undefined for ids not there', async () => {
    expect(await readMany(db.rows, [key(20), key(23), key(26)])).toEqual([{ id: key(20), n: 20 }, undefined, { id: key(26), n: 26 }]);
  });

  it('ids far apart: the capped range read is finished with bulkGet', async () => {
    const ids = [key(0), key(2), key(398)];
    const bulkGet = vi.spyOn(db.rows, 'bulkGet');
    expect(await readMany(db.rows, ids)).toEqual([0, 2, 398].map((n) => ({ id: key(n), n })));
    expect(bulkGet).toHaveBeenCalledWith([key(398)]);
    bulkGet.mockRestore();
  });

  it('answers as bulkGet does for any ids: repeats, missing, none, one, random spreads', async () => {
    expect(await readMany(db.rows, [])).toEqual([]);
    expect(await readMany(db.rows, [key(8)])).toEqual([{ id: key(8), n: 8 }]);
    expect(await readMany(db.rows, [key(8), key(8), key(9)])).toEqual([{ id: key(8), n: 8 }, { id: key(8), n: 8 }, undefined]);
    for (const ids of randomIdLists(7, 300)) {
      expect(await readMany(db.rows, ids), ids.join(',')).toEqual(await db.rows.bulkGet(ids));
    }
  });
});

describe('presentKeys', () => {
  it('says which of a run of neighbours the table holds', async () => {
    expect(await presentKeys(db.rows, [key(14), key(11), key(10), key(13)])).toEqual(new Set([key(10), key(14)]));
  });

  it('answers as bulkGet does for any ids: far apart (past the capped read), repeats, missing, none', async () => {
    expect(await presentKeys(db.rows, [])).toEqual(new Set());
    expect(await presentKeys(db.rows, [key(0), key(2), key(398), key(399)])).toEqual(new Set([key(0), key(2), key(398)]));
    expect(await presentKeys(db.rows, [key(8), key(8), key(9)])).toEqual(new Set([key(8)]));
    for (const ids of randomIdLists(11, 200)) {
      const rows = await db.rows.bulkGet(ids);
      expect(await presentKeys(db.rows, ids), ids.join(',')).toEqual(new Set(rows.flatMap((row) => (row === undefined ? [] : [row.id]))));
    }
  });
});
