import { randomBytes, randomUUID } from 'node:crypto';
import { appendFile, chmod, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../core/contract/result';
import { createLogger } from '../logs/logger';
import { dataPaths } from '../storage/data-paths';
import { openJournal, nodeJournalFs, type Journal, type JournalFile, type JournalFs, type JournalOptions } from './journal';

/**
 * The journal on a real disk, reopened the way a restarted kiosk reopens it. Faults the disk
 * cannot be asked for on demand (EIO, a failed fdatasync) are injected by wrapping the real file
 * handle; everything else is the real file system.
 */
let dir: string;
let paths: ReturnType<typeof dataPaths>;
let key: Buffer;
const opened: Journal[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tuntun-journal-'));
  paths = dataPaths(dir);
  key = randomBytes(32);
});
afterEach(async () => {
  for (const journal of opened.splice(0)) await journal.close().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

function logFile() {
  return path.join(dir, 'logs', 'tuntun.log');
}
async function logLines(): Promise<Record<string, unknown>[]> {
  const text = await readFile(logFile(), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function open(overrides: Partial<JournalOptions> = {}): Promise<Journal> {
  const result = await openJournal({
    dir: paths.journalDir,
    file: paths.journalFile,
    key,
    logger: createLogger({ dir: path.join(dir, 'logs'), level: 'debug', stdout: false }),
    floorBytes: async () => 0,
    ...overrides,
  });
  if (!result.ok) throw new Error(result.error.message);
  opened.push(result.value);
  return result.value;
}

async function reopen(journal: Journal, overrides: Partial<JournalOptions> = {}): Promise<Journal> {
  await journal.close();
  return open(overrides);
}

function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const fileLines = async () => (await readFile(paths.journalFile, 'utf8')).split('\n').filter((l) => l !== '');
const submission = (n: number) => JSON.stringify({ trackingCode: `7QK-4MZ-${String(n).padStart(4, '0')}`, answers: { note: `entry ${n}` } });

describe('journal', () => {
  it('keeps appended entries across a restart and forgets dropped ones', async () => {
    let journal = await open();
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const [n, id] of ids.entries()) expectOk(await journal.append(id, submission(n)));
    expect(expectOk(await journal.drop([ids[1] ?? '']))).toEqual({ dropped: 1 });

    journal = await reopen(journal);
    expect(await journal.list()).toEqual([
      { id: ids[0], record: submission(0) },
      { id: ids[2], record: submission(2) },
    ]);
    expect(journal.stats().live).toBe(2);
  });

  it('hands out the records of the ids it is asked for, the latest of each, and none it does not hold', async () => {
    let journal = await open();
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const [n, id] of ids.entries()) expectOk(await journal.append(id, submission(n)));
    expectOk(await journal.append(ids[0] ?? '', submission(9)));
    expectOk(await journal.drop([ids[1] ?? '']));
    journal = await reopen(journal);
    expect(journal.records([ids[2] ?? '', ids[1] ?? '', ids[0] ?? '', randomUUID()])).toEqual(
      new Map([
        [ids[2], submission(2)],
        [ids[0], submission(9)],
      ]),
    );
  });

  it('lets a later append of the same id replace the earlier one', async () => {
    let journal = await open();
    const id = randomUUID();
    expectOk(await journal.append(id, submission(1)));
    expectOk(await journal.append(id, submission(2)));
    journal = await reopen(journal);
    expect(await journal.list()).toEqual([{ id, record: submission(2) }]);
  });

  it('drops nothing and writes nothing for ids it does not hold', async () => {
    const journal = await open();
    expectOk(await journal.append(randomUUID(), submission(1)));
    const before = await readFile(paths.journalFile);
    expect(expectOk(await journal.drop([randomUUID()]))).toEqual({ dropped: 0 });
    expect(await readFile(paths.journalFile)).toEqual(before);
  });

  it('holds no personal data in clear: the file is ciphertext, private to the kiosk user', async () => {
    const journal = await open();
    const nik = '3603031708900001';
    expectOk(await journal.append(randomUUID(), JSON.stringify({ answers: { nik, name: 'Siti Aminah', phone: '081234567890' } })));
    const bytes = await readFile(paths.journalFile);
    for (const plain of [nik, 'Siti Aminah', '081234567890', 'answers']) {
      expect(bytes.includes(Buffer.from(plain))).toBe(false);
      expect(bytes.includes(Buffer.from(Buffer.from(plain).toString('base64url')))).toBe(false);
    }
    expect((await stat(paths.journalFile)).mode & 0o777).toBe(0o600);
    expect((await stat(paths.journalDir)).mode & 0o777).toBe(0o700);
    expect(JSON.stringify(await logLines())).not.toContain(nik);
  });

  it('cuts off a torn last line (power cut mid-append) and keeps every whole one', async () => {
    let journal = await open();
    const ids = [randomUUID(), randomUUID()];
    for (const [n, id] of ids.entries()) expectOk(await journal.append(id, submission(n)));
    const acknowledged = await readFile(paths.journalFile);
    // The start of a third put: what a crash between write() and its end leaves behind.
    const torn = `{"op":"put","id":"${randomUUID()}","iv":"AAAAAAAAAAAAAAAA","ta`;
    await appendFile(paths.journalFile, torn);

    journal = await reopen(journal);
    expect((await journal.list()).map((e) => e.id)).toEqual(ids);
    expect(await readFile(paths.journalFile)).toEqual(acknowledged);
    expect(journal.damage()).toMatchObject({ damagedLines: 0, tornBytes: torn.length });
    expect(await logLines()).toContainEqual(expect.objectContaining({ event: 'journal.torn_tail_removed', bytes: torn.length }));
    // The next append lands after the last whole line, not after the torn bytes.
    expectOk(await journal.append(randomUUID(), submission(3)));
    journal = await reopen(journal);
    expect(await journal.list()).toHaveLength(3);
  });

  it('skips a damaged line in the middle, logs it, keeps the file as found, and goes on', async () => {
    let journal = await open();
    const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    for (const [n, id] of ids.entries()) expectOk(await journal.append(id, submission(n)));
    await journal.close();
    const lines = await fileLines();
    // Line 3 (second entry): bytes rotted; line 4 (third entry): a bit flipped inside the ciphertext.
    lines[2] = '{"op":"put","id":"\u0000\u0000garbage';
    const third = JSON.parse(lines[3] ?? '') as { data: string };
    const flipped = Buffer.from(third.data, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    lines[3] = JSON.stringify({ ...third, data: flipped.toString('base64url') });
    const damaged = `${lines.join('\n')}\n`;
    await writeFile(paths.journalFile, damaged);
    // As IT might have copied it back by hand: open to others. The copy kept for IT must not be.
    await chmod(paths.journalFile, 0o644);

    journal = await open();
    expect((await journal.list()).map((e) => e.id)).toEqual([ids[0], ids[3]]);
    const damage = journal.damage();
    expect(damage).toMatchObject({ damagedLines: 2, otherKey: false });
    expect(await readFile(damage?.setAside ?? '', 'utf8')).toBe(damaged);
    expect((await stat(damage?.setAside ?? '')).mode & 0o777).toBe(0o600);
    const logged = await logLines();
    expect(logged).toContainEqual(expect.objectContaining({ event: 'journal.line_damaged', line: 3, reason: 'not JSON' }));
    expect(logged).toContainEqual(expect.objectContaining({ event: 'journal.line_damaged', line: 4, reason: 'does not authenticate' }));
    // Compacted at start: the damaged lines are gone from the live file, so the next start is clean.
    expect(await fileLines()).toHaveLength(3);
    journal = await reopen(journal);
    expect(journal.damage()).toBeUndefined();
    expect(await journal.list()).toHaveLength(2);
  });

  it('refuses a ciphertext moved onto another id', async () => {
    const journal = await open();
    const [a, b] = [randomUUID(), randomUUID()];
    expectOk(await journal.append(a, submission(1)));
    await journal.close();
    const lines = await fileLines();
    lines.push((lines[1] ?? '').replace(a, b));
    await writeFile(paths.journalFile, `${lines.join('\n')}\n`);
    const again = await open();
    expect((await again.list()).map((e) => e.id)).toEqual([a]);
    expect(again.damage()?.damagedLines).toBe(1);
  });

  it('compacts once dropped lines outnumber live entries, and at start', async () => {
    let journal = await open({ compactThreshold: 8 });
    const ids = Array.from({ length: 12 }, () => randomUUID());
    for (const [n, id] of ids.entries()) expectOk(await journal.append(id, submission(n)));
    const full = (await stat(paths.journalFile)).size;
    for (const id of ids.slice(0, 9)) expectOk(await journal.drop([id]));
    // 9 dropped puts + 9 drop lines > 3 live and ≥ 8: rewritten with the header and 3 entries.
    expect(journal.stats()).toMatchObject({ live: 3, dead: 0 });
    expect(await fileLines()).toHaveLength(4);
    expect((await stat(paths.journalFile)).size).toBeLessThan(full / 2);
    expect((await readdir(paths.journalDir)).sort()).toEqual(['submissions.journal']);

    expectOk(await journal.drop([ids[9] ?? '']));
    expect(journal.stats().dead).toBe(2);
    journal = await reopen(journal, { compactThreshold: 8 });
    expect(journal.stats()).toMatchObject({ live: 2, dead: 0 });
    expect(await fileLines()).toHaveLength(3);
    expect((await journal.list()).map((e) => e.id)).toEqual(ids.slice(10));
  });

  it('sets aside a journal sealed with another store key instead of calling it damaged', async () => {
    let journal = await open();
    expectOk(await journal.append(randomUUID(), submission(1)));
    await journal.close();
    const before = await readFile(paths.journalFile);
    key = randomBytes(32);
    journal = await open();
    expect(await journal.list()).toEqual([]);
    const damage = journal.damage();
    expect(damage).toMatchObject({ otherKey: true });
    expect(await readFile(damage?.setAside ?? '')).toEqual(before);
  });

  it('runs concurrent appends one at a time, in call order', async () => {
    let journal = await open();
    const ids = Array.from({ length: 40 }, () => randomUUID());
    const results = await Promise.all(ids.map((id, n) => journal.append(id, submission(n))));
    expect(results.every((r) => r.ok)).toBe(true);
    journal = await reopen(journal);
    expect((await journal.list()).map((e) => e.id)).toEqual(ids);
    expect(await fileLines()).toHaveLength(41);
  });
});

/** Wraps the real file operations and records each durability step in order. */
function recordingFs(events: string[], faults: { writeFailsAt?: number; datasyncFailsAt?: number; truncateFails?: number } = {}): Partial<JournalFs> {
  let writes = 0;
  let datasyncs = 0;
  let truncateFailures = faults.truncateFails ?? 0;
  const name = (file: string) => path.basename(file);
  return {
    async open(file, flags, mode) {
      const handle = await nodeJournalFs.open(file, flags, mode);
      events.push(`open ${name(file)} ${flags}`);
      const wrapped: JournalFile = {
        async write(buffer, offset, length, position) {
          writes += 1;
          if (writes === faults.writeFailsAt) {
            // Half the line reaches the file, then the device fails: what EIO mid-write looks like.
            await handle.write(buffer, offset, Math.floor(length / 2), position);
            events.push(`write-failed ${name(file)}`);
            throw Object.assign(new Error('i/o error'), { code: 'EIO' });
          }
          const result = await handle.write(buffer, offset, length, position);
          events.push(`write ${name(file)}`);
          return result;
        },
        async datasync() {
          datasyncs += 1;
          if (datasyncs === faults.datasyncFailsAt) {
            events.push(`datasync-failed ${name(file)}`);
            throw Object.assign(new Error('i/o error'), { code: 'EIO' });
          }
          await handle.datasync();
          events.push(`datasync ${name(file)}`);
        },
        async sync() {
          await handle.sync();
          events.push(`sync ${name(file)}`);
        },
        async truncate(length) {
          if (truncateFailures > 0) {
            truncateFailures -= 1;
            events.push(`truncate-failed ${name(file)}`);
            throw Object.assign(new Error('i/o error'), { code: 'EIO' });
          }
          await handle.truncate(length);
          events.push(`truncate ${name(file)} ${length}`);
        },
        async close() {
          await handle.close();
          events.push(`close ${name(file)}`);
        },
      };
      return wrapped;
    },
    async rename(from, to) {
      await nodeJournalFs.rename(from, to);
      events.push(`rename ${name(from)} ${name(to)}`);
    },
    async syncDir(target) {
      await nodeJournalFs.syncDir(target);
      events.push(`syncdir ${name(target)}`);
    },
  };
}

describe('journal durability order', () => {
  it('flushes the new file and its directory entry before the journal is usable', async () => {
    const events: string[] = [];
    await open({ fs: recordingFs(events) });
    expect(events).toEqual(['open submissions.journal wx', 'write submissions.journal', 'datasync submissions.journal', 'syncdir journal']);
  });

  it('answers an append only after its bytes are flushed', async () => {
    const events: string[] = [];
    const journal = await open({ fs: recordingFs(events) });
    events.length = 0;
    const seenAtAnswer = await journal.append(randomUUID(), submission(1)).then((result) => (result.ok ? [...events] : []));
    expect(seenAtAnswer).toEqual(['write submissions.journal', 'datasync submissions.journal']);
  });

  it('compacts by writing and flushing a new file, renaming it in, then flushing the directory', async () => {
    const events: string[] = [];
    const journal = await open({ fs: recordingFs(events), compactThreshold: 2 });
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const [n, id] of ids.entries()) expectOk(await journal.append(id, submission(n)));
    events.length = 0;
    expectOk(await journal.drop(ids.slice(0, 2)));
    expect(events).toEqual([
      'write submissions.journal',
      'datasync submissions.journal',
      'open submissions.journal.compact w',
      'write submissions.journal.compact',
      'sync submissions.journal.compact',
      'close submissions.journal.compact',
      'rename submissions.journal.compact submissions.journal',
      'syncdir journal',
      'close submissions.journal',
      'open submissions.journal r+',
    ]);
  });

  it('cuts a write that failed half-way (EIO) back to the last whole line', async () => {
    const events: string[] = [];
    // Write 1 is the header; write 3 is the second append.
    let journal = await open({ fs: recordingFs(events, { writeFailsAt: 3 }) });
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    expectOk(await journal.append(a, submission(1)));
    const acknowledged = await readFile(paths.journalFile);
    const failed = await journal.append(b, submission(2));
    expect(failed).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await readFile(paths.journalFile)).toEqual(acknowledged);
    expectOk(await journal.append(c, submission(3)));
    journal = await reopen(journal);
    expect((await journal.list()).map((e) => e.id)).toEqual([a, c]);
    expect(journal.damage()).toBeUndefined();
  });

  it('treats a failed fdatasync as not saved, and cuts the line back', async () => {
    const events: string[] = [];
    // datasync 1 is the header's; 3 is the second append's.
    let journal = await open({ fs: recordingFs(events, { datasyncFailsAt: 3 }) });
    const [a, b] = [randomUUID(), randomUUID()];
    expectOk(await journal.append(a, submission(1)));
    expect(await journal.append(b, submission(2))).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect((await journal.list()).map((e) => e.id)).toEqual([a]);
    journal = await reopen(journal);
    expect((await journal.list()).map((e) => e.id)).toEqual([a]);
  });

  it('when even the cut fails, cuts before the next write so no half line stays between whole ones', async () => {
    const events: string[] = [];
    let journal = await open({ fs: recordingFs(events, { writeFailsAt: 3, truncateFails: 1 }) });
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    expectOk(await journal.append(a, submission(1)));
    const acknowledged = (await stat(paths.journalFile)).size;
    expect((await journal.append(b, submission(2))).ok).toBe(false);
    expect((await stat(paths.journalFile)).size).toBeGreaterThan(acknowledged);
    expectOk(await journal.append(c, submission(3)));
    expect(events).toContain(`truncate submissions.journal ${acknowledged}`);
    journal = await reopen(journal);
    expect((await journal.list()).map((e) => e.id)).toEqual([a, c]);
    expect(journal.damage()).toBeUndefined();
  });
});

describe('journal disk floor', () => {
  const disk = (freeBytes: number) => async () => ({ bavail: freeBytes / 4096, bsize: 4096 });

  it('refuses an append below the floor with disk_full and writes nothing', async () => {
    const floor = 16 * 1024 * 1024;
    const journal = await open({ floorBytes: async () => floor, fs: { statfs: disk(floor - 4096) } });
    const before = await readFile(paths.journalFile);
    const result = await journal.append(randomUUID(), submission(1));
    expect(result).toMatchObject({ ok: false, error: { code: 'disk_full' } });
    if (!result.ok) expect(result.error.message).toMatch(/below the 16 MB floor/u);
    expect(await readFile(paths.journalFile)).toEqual(before);
    expect(await journal.list()).toEqual([]);
  });

  it('counts the line about to be written: just above the floor is not enough for a big record', async () => {
    const floor = 16 * 1024 * 1024;
    const journal = await open({ floorBytes: async () => floor, fs: { statfs: disk(floor + 4096) } });
    expectOk(await journal.append(randomUUID(), submission(1)));
    const big = JSON.stringify({ photo: 'x'.repeat(8000) });
    expect(await journal.append(randomUUID(), big)).toMatchObject({ ok: false, error: { code: 'disk_full' } });
  });

  it('still drops below the floor: dropping is how space comes back', async () => {
    let free = 1024 * 1024 * 1024;
    const journal = await open({ floorBytes: async () => 16 * 1024 * 1024, fs: { statfs: async () => ({ bavail: free / 4096, bsize: 4096 }) } });
    const id = randomUUID();
    expectOk(await journal.append(id, submission(1)));
    free = 4096;
    expect(expectOk(await journal.drop([id]))).toEqual({ dropped: 1 });
  });
});
