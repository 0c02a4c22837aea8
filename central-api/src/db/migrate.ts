import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LOCK_SPACE, type Database } from './database';

/**
 * Versioned migrations: `migrations/NNN_name.sql`, applied in order, each recorded in
 * `schema_migrations` with a checksum. Everything pending runs in one transaction under an
 * advisory lock, so two servers starting together on one PostgreSQL do not both apply a file
 * (PGlite has one connection; the lock costs nothing there).
 */
export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '..', '..', 'migrations');

export type Migration = { version: number; name: string; sql: string; checksum: string };
export type MigrationReport = { applied: string[]; alreadyApplied: number };

const FILE_PATTERN = /^(\d{3})_([a-z0-9_]+)\.sql$/u;

export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE_PATTERN.exec(file);
    if (match?.[1] === undefined || match[2] === undefined) throw new Error(`${path.join(dir, file)}: migration files are named NNN_lower_case_name.sql`);
    const sql = await readFile(path.join(dir, file), 'utf8');
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) throw new Error(`${path.join(dir, file)}: version ${match[1]} is used twice`);
    migrations.push({ version, name: file, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return migrations;
}

type AppliedRow = { version: number; name: string; checksum: string };

export async function migrate(db: Database, migrations?: readonly Migration[]): Promise<MigrationReport> {
  const all = migrations ?? (await readMigrations());
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, 0)', [LOCK_SPACE.migrations]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const applied = await tx.query<AppliedRow>('SELECT version, name, checksum FROM schema_migrations ORDER BY version');
    const known = new Map(applied.map((row) => [row.version, row]));
    for (const row of applied) {
      const file = all.find((m) => m.version === row.version);
      // A database newer than this code, or a migration edited after it ran: refusing to start is
      // safer than running queries against a schema nobody wrote them for.
      if (file === undefined) throw new Error(`The database has migration ${row.name}, which this server does not know: is it an older version?`);
      if (file.checksum !== row.checksum) throw new Error(`Migration ${row.name} changed after it was applied; add a new migration instead of editing an old one`);
    }
    const done: string[] = [];
    for (const migration of all) {
      if (known.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [migration.version, migration.name, migration.checksum]);
      done.push(migration.name);
    }
    return { applied: done, alreadyApplied: applied.length };
  });
}
