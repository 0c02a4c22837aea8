import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { describe } from 'vitest';
import type { Database } from '../db/database';
import { pgliteDatabase } from '../db/pglite-database';
import { openPostgresDatabase } from '../db/postgres-database';

/**
 * The two backends every central-API suite runs on. PGlite always (in memory); PostgreSQL when
 * TEST_DATABASE_URL is set, each suite in a database of its own, made fresh and dropped after, so
 * parallel test files and repeated runs never see each other's rows.
 */
export type TestDatabase = { db: Database; drop: () => Promise<void>; url?: string };
export type Backend = { name: 'pglite' | 'postgresql'; skipReason?: string; open: () => Promise<TestDatabase> };

const POSTGRES_URL = process.env.TEST_DATABASE_URL?.trim() ?? '';

export const BACKENDS: readonly Backend[] = [
  {
    name: 'pglite',
    open: async () => {
      const db = pgliteDatabase(await freshPglite());
      return { db, drop: () => db.close() };
    },
  },
  {
    name: 'postgresql',
    ...(POSTGRES_URL === '' ? { skipReason: 'TEST_DATABASE_URL is not set (bash scripts/postgres-for-tests.sh start prints one)' } : {}),
    open: () => freshPostgresDatabase(POSTGRES_URL),
  },
];

/** `describe` once per backend; the PostgreSQL leg shows as skipped, with the reason, when unset. */
export function describeEachBackend(title: string, suite: (backend: Backend) => void): void {
  for (const backend of BACKENDS) {
    if (backend.skipReason === undefined) describe(`${title} [${backend.name}]`, () => suite(backend));
    else describe.skip(`${title} [${backend.name}: skipped, ${backend.skipReason}]`, () => suite(backend));
  }
}

/**
 * A new in-memory PGlite. initdb is most of PGlite's start-up time (about 2 s of 3 here), so the
 * empty cluster it makes is kept as a tarball in the temp directory (per PGlite version) and
 * later suites start from a copy of it: the same empty database, about four times sooner.
 */
async function freshPglite(): Promise<PGlite> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const { version } = JSON.parse(await readFile(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  const template = path.join(tmpdir(), `tuntun-test-pglite-${version}.tar`);
  try {
    return await PGlite.create({ loadDataDir: new Blob([await readFile(template)]) });
  } catch {
    // No template yet (or a damaged one): make a cluster the slow way and leave one for next time.
  }
  const db = await PGlite.create();
  const dump = await db.dumpDataDir('none');
  const partial = `${template}.${process.pid}.partial`;
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
  await rename(partial, template);
  return db;
}

export async function freshPostgresDatabase(url: string): Promise<TestDatabase> {
  const name = `tuntun_t_${process.pid}_${randomBytes(5).toString('hex')}`;
  await onServer(url, `CREATE DATABASE ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const db = openPostgresDatabase({ connectionString: target.toString(), maxConnections: 20 });
  return {
    db,
    url: target.toString(),
    drop: async () => {
      await db.close();
      await onServer(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function onServer(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
