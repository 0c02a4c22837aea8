import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './db/open-database';
import { verifyPin } from './domain/officers';
import { OFFICE } from './testing/harness';
import { runMain } from './testing/main-process';

/**
 * `officer-add` without `--pin` reads the PIN from standard input, so it is in no process list
 * (`ps`, /proc/<pid>/cmdline, readable by every user) and no shell history.
 */
describe('officer-add with the PIN on standard input', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'tuntun-cli-'));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('takes the first line of standard input as the PIN, and refuses a weak one the same way', async () => {
    const env = { CENTRAL_DATA_DIR: dataDir };
    const added = await runMain(['officer-add', '--office', OFFICE, '--id', 'budi', '--name', 'Budi'], env, '730591\n');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^Officer budi \(Budi, officer\) of office 36\.03\.03 saved, with a new PIN\./u);
    const weak = await runMain(['officer-add', '--office', OFFICE, '--id', 'sari', '--name', 'Sari'], env, '111111\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/^--pin: This PIN is one digit repeated/u);
    const none = await runMain(['officer-add', '--office', OFFICE, '--id', 'sari', '--name', 'Sari'], env, '');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^--pin: A PIN is 6 to 12 digits\n/u);

    const opened = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const rows = await opened.db.query<{ id: string; pin_hash: string }>('SELECT id, pin_hash FROM officers ORDER BY id');
      expect(rows.map((r) => r.id)).toEqual(['budi']);
      expect(await verifyPin('730591', rows[0]?.pin_hash ?? '')).toBe(true);
    } finally {
      await opened.close();
    }
  }, 60_000);
});
