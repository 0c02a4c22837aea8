import { PGlite } from '@electric-sql/pglite';
import { DatabaseUnavailableError, type Database, type Queryable, type Row } from './database';

/**
 * Embedded PostgreSQL (WebAssembly) in one process. PGlite runs one statement at a time and
 * queues queries behind an open transaction, so nothing from outside can interleave with one.
 *
 * `dataDir` undefined keeps the database in memory (tests).
 */
export async function openPgliteDatabase(dataDir?: string): Promise<Database> {
  const db = dataDir === undefined ? await PGlite.create() : await PGlite.create(dataDir);
  return pgliteDatabase(db);
}

/** Wraps an open PGlite (tests start theirs from a ready-made cluster, see testing/backends.ts). */
export function pgliteDatabase(db: PGlite): Database {
  // Once closed (shutdown, or a test simulating an outage) every call fails the same way.
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    if (db.closed) throw new DatabaseUnavailableError(new Error('PGlite is closed'));
    try {
      return await work();
    } catch (error) {
      throw db.closed ? new DatabaseUnavailableError(error) : error;
    }
  };
  const on = (target: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    query: async <T extends Row>(sql: string, params: readonly unknown[] = []) => (await target.query<T>(sql, [...params])).rows,
    exec: async (sql: string) => {
      await target.exec(sql);
    },
  });
  const direct = on(db);
  return {
    kind: 'pglite',
    query: (sql, params) => guard(() => direct.query(sql, params)),
    exec: (sql) => guard(() => direct.exec(sql)),
    transaction: (fn) => guard(() => db.transaction((tx) => fn(on(tx)))),
    close: async () => {
      if (!db.closed) await db.close();
    },
  };
}
