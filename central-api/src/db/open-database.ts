import path from 'node:path';
import type { DatabaseSetting } from '../settings';
import { lockDataDir } from './data-dir-lock';
import type { Database } from './database';
import { migrate, type MigrationReport } from './migrate';
import { openPgliteDatabase } from './pglite-database';
import { openPostgresDatabase } from './postgres-database';

/**
 * Opens the configured database and brings its schema up to date. For PGlite the data directory
 * is locked first (see data-dir-lock.ts); closing the result releases it.
 */
export type OpenedDatabase = { db: Database; migrations: MigrationReport; close: () => Promise<void> };

export async function openDatabase(setting: DatabaseSetting, onIdleError?: (error: Error) => void): Promise<OpenedDatabase> {
  if (setting.kind === 'postgresql') {
    const db = openPostgresDatabase({ connectionString: setting.url, ...(onIdleError === undefined ? {} : { onIdleError }) });
    return withMigrations(db, () => db.close());
  }
  const lock = await lockDataDir(setting.dataDir);
  try {
    const db = await openPgliteDatabase(path.join(setting.dataDir, 'pglite'));
    return await withMigrations(db, async () => {
      await db.close();
      await lock.release();
    });
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function withMigrations(db: Database, close: () => Promise<void>): Promise<OpenedDatabase> {
  try {
    return { db, migrations: await migrate(db), close };
  } catch (error) {
    await close();
    throw error;
  }
}
