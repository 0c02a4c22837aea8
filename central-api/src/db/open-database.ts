import path from 'node:path';
import type { DatabaseSetting } from '../settings';
import { prepareDataDir, tightenDataDir } from './data-dir';
import { lockDataDir } from './data-dir-lock';
import type { Database } from './database';
import { migrate, type MigrationReport } from './migrate';
import { openPgliteDatabase } from './pglite-database';
import { openPostgresDatabase } from './postgres-database';

/**
 * Opens the configured database and brings its schema up to date. For PGlite the data directory
 * is made 0700 or refused when others can reach it (data-dir.ts), then locked (data-dir-lock.ts);
 * closing the result releases it. What PGlite leaves open to group or others inside it is tightened
 * once the lock is ours, again once PGlite has unpacked a new cluster, and again after it closes.
 */
export type OpenedDatabase = { db: Database; migrations: MigrationReport; close: () => Promise<void> };

export async function openDatabase(setting: DatabaseSetting, onIdleError?: (error: Error) => void): Promise<OpenedDatabase> {
  if (setting.kind === 'postgresql') {
    const db = openPostgresDatabase({ connectionString: setting.url, ...(onIdleError === undefined ? {} : { onIdleError }) });
    return withMigrations(db, () => db.close());
  }
  await prepareDataDir(setting.dataDir);
  const lock = await lockDataDir(setting.dataDir);
  try {
    await tightenDataDir(setting.dataDir);
    const db = await openPgliteDatabase(path.join(setting.dataDir, 'pglite'));
    await tightenDataDir(setting.dataDir);
    return await withMigrations(db, async () => {
      try {
        await db.close();
        await tightenDataDir(setting.dataDir);
      } finally {
        await lock.release();
      }
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
