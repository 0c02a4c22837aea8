import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logs/logger';
import { dataPaths } from '../storage/data-paths';
import { openJournal, type Journal } from './journal';

/**
 * A real full disk: a 1 MiB tmpfs mounted as the data dir, filled through the journal until the
 * kernel answers ENOSPC. Needs root (or CAP_SYS_ADMIN) for `mount`; elsewhere each test is skipped
 * and says why.
 */
const run = promisify(execFile);
const DISK_BYTES = 1024 * 1024;
let mountPoint: string;
let mountProblem: string | undefined;
const journals: Journal[] = [];

beforeEach(async () => {
  mountPoint = await mkdtemp(path.join(tmpdir(), 'tuntun-full-disk-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${DISK_BYTES},mode=0700`, 'tmpfs', mountPoint]);
    mountProblem = undefined;
  } catch (error) {
    mountProblem = `cannot mount a tmpfs here (needs root): ${((error as { stderr?: string }).stderr ?? String(error)).trim()}`;
  }
});
afterEach(async () => {
  for (const journal of journals.splice(0)) await journal.close().catch(() => undefined);
  if (mountProblem === undefined) await run('umount', [mountPoint]);
  await rm(mountPoint, { recursive: true, force: true });
});

async function openOnDisk(key: Buffer, floorBytes: number): Promise<Journal> {
  const paths = dataPaths(mountPoint);
  const result = await openJournal({
    dir: paths.journalDir,
    file: paths.journalFile,
    key,
    // Logs go to the big disk: on the full one they would compete with the journal for the last bytes.
    logger: createLogger({ level: 'error', stdout: false }),
    floorBytes: async () => floorBytes,
  });
  if (!result.ok) throw new Error(result.error.message);
  journals.push(result.value);
  return result.value;
}

/** About 60 KB of submission JSON; random so every record is different. */
const record = (n: number) => JSON.stringify({ n, answers: { nik: '3603031708900001', attachment: randomBytes(45_000).toString('base64') } });

describe('journal on a disk that fills up', () => {
  it('answers disk_full at ENOSPC and loses nothing it acknowledged', async (ctx) => {
    ctx.skip(mountProblem !== undefined, mountProblem);
    const key = randomBytes(32);
    // No floor: this test is about the kernel's ENOSPC, not about our own guard.
    const journal = await openOnDisk(key, 0);
    const acknowledged = new Map<string, string>();
    let failure;
    for (let n = 0; n < 100; n += 1) {
      const id = randomUUID();
      const text = record(n);
      const result = await journal.append(id, text);
      if (!result.ok) {
        failure = result.error;
        break;
      }
      acknowledged.set(id, text);
    }
    expect(failure?.code).toBe('disk_full');
    expect(acknowledged.size).toBeGreaterThan(5);

    const file = dataPaths(mountPoint).journalFile;
    // Cut back to whole lines: the file ends exactly after the last acknowledged entry.
    expect((await stat(file)).size).toBe(journal.stats().bytes);
    expect((await readFile(file)).at(-1)).toBe(0x0a);

    await journal.close();
    const reopened = await openOnDisk(key, 0);
    expect(reopened.damage()).toBeUndefined();
    expect(new Map((await reopened.list()).map((e) => [e.id, e.record]))).toEqual(acknowledged);

    // Still full, yet a drop goes through: it is how space comes back once the server has the data.
    const [first] = acknowledged.keys();
    expect(await reopened.drop([first ?? ''])).toMatchObject({ ok: true, value: { dropped: 1 } });
  });

  it('stops at the floor, measured on the real disk, before the disk is full', async (ctx) => {
    ctx.skip(mountProblem !== undefined, mountProblem);
    const floor = DISK_BYTES / 2;
    const journal = await openOnDisk(randomBytes(32), floor);
    let failure;
    let appended = 0;
    for (let n = 0; n < 100; n += 1) {
      const result = await journal.append(randomUUID(), record(n));
      if (!result.ok) {
        failure = result.error;
        break;
      }
      appended += 1;
    }
    expect(failure?.code).toBe('disk_full');
    expect(failure?.message).toMatch(/below the 512 KB floor/u);
    expect(appended).toBeGreaterThan(2);
    // The refusal came from the floor, not from the kernel: space is left above it.
    const info = await statfs(mountPoint);
    expect(info.bavail * info.bsize).toBeGreaterThan(floor - 100_000);
  });
});
