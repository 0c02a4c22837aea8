import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend, type TestDatabase } from '../testing/backends';
import { migrate, readMigrations } from './migrate';

const TABLES = [
  'audit_entries',
  'catalogue_versions',
  'devices',
  'enrolment_tokens',
  'help_requests',
  'nonces',
  'officer_sign_in_events',
  'officers',
  'queue_counters',
  'queue_tickets',
  'schema_migrations',
  'server_keys',
  'submission_conflicts',
  'submission_events',
  'submissions',
];

describeEachBackend('migrations', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(async () => database.drop());

  it('applies every migration once, however often and however concurrently it runs', async () => {
    const all = await readMigrations();
    const runs = await Promise.all([migrate(database.db), migrate(database.db), migrate(database.db)]);
    expect(runs.map((r) => r.applied.length).sort()).toEqual([0, 0, all.length]);
    expect(await migrate(database.db)).toEqual({ applied: [], alreadyApplied: all.length });

    const tables = await database.db.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.map((t) => t.table_name)).toEqual(TABLES);
    const recorded = await database.db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY version');
    expect(recorded.map((r) => r.name)).toEqual(all.map((m) => m.name));
  });

  it('refuses to run against a migration that was edited after it was applied', async () => {
    const [first, ...rest] = await readMigrations();
    if (first === undefined) throw new Error('no migrations');
    await expect(migrate(database.db, [{ ...first, sql: `${first.sql}\n-- edited`, checksum: 'edited' }, ...rest])).rejects.toThrow(/changed after it was applied/u);
  });

  it('refuses a database that has a migration this server does not know', async () => {
    await expect(migrate(database.db, [])).rejects.toThrow(/does not know/u);
  });

  it('applies a new migration on top, in a transaction that leaves nothing behind when it fails', async () => {
    const all = await readMigrations();
    const broken = { version: 900, name: '900_broken.sql', sql: 'CREATE TABLE half_done (id int); SELECT no_such_function();', checksum: 'x' };
    await expect(migrate(database.db, [...all, broken])).rejects.toThrow();
    expect(await database.db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'")).toHaveLength(0);

    const added = { version: 901, name: '901_extra.sql', sql: 'CREATE TABLE extra (id int);', checksum: 'y' };
    expect((await migrate(database.db, [...all, added])).applied).toEqual(['901_extra.sql']);
  });
});

it('reads migration files in order and refuses a badly named one', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'tuntun-migrations-'));
  try {
    await writeFile(path.join(dir, '002_second.sql'), 'SELECT 2;');
    await writeFile(path.join(dir, '001_first.sql'), 'SELECT 1;');
    expect((await readMigrations(dir)).map((m) => [m.version, m.name])).toEqual([
      [1, '001_first.sql'],
      [2, '002_second.sql'],
    ]);
    await writeFile(path.join(dir, '3-third.sql'), 'SELECT 3;');
    await expect(readMigrations(dir)).rejects.toThrow(/NNN_lower_case_name\.sql/u);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
