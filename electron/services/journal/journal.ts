import { chmod, copyFile, open, readFile, rename, unlink } from 'node:fs/promises';
import { err, ok, type Result } from '../../../core/contract/result';
import { errorFields, type Logger } from '../logs/logger';
import { describeBytes, freeBytes, realStatfs, type StatfsFn } from '../storage/disk-space';
import { ensurePrivateDir, POSIX_FILES, syncDir } from '../storage/durable-file';
import {
  JOURNAL_FORMAT_VERSION,
  encodeLine,
  keyIdOf,
  openEntry,
  parseLine,
  sealEntry,
  splitLines,
  type JournalRecord,
  type PutRecord,
} from './journal-format';

/**
 * The host journal: every unsent submission, encrypted, in an append-only file that is flushed to
 * disk before the resident is told it is saved. IndexedDB alone is not enough (Chromium flushes it
 * lazily and deletes a database it finds corrupt), so the renderer writes here too and restores
 * from here at start. Entries leave only when the server has said *received* (`drop`).
 *
 * Rules that keep "saved" true:
 * - one write at a time, in call order; `append` resolves after fdatasync;
 * - before a write, free disk is checked against the floor: below it nothing is written;
 * - a write or flush that fails is cut back to the previous length, so no half line remains;
 * - at open a torn last line (power cut mid-write) is cut off; a damaged line elsewhere is skipped,
 *   logged and kept in a backup copy; nothing damaged stops the kiosk;
 * - compaction writes a new file beside the old and renames it in, so a crash leaves one or the other.
 */

/** The file operations the journal's durability depends on; tests wrap them to observe order and inject faults. */
export type JournalFile = {
  write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  datasync(): Promise<void>;
  sync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
};
export type JournalFs = {
  open(file: string, flags: string, mode?: number): Promise<JournalFile>;
  rename(from: string, to: string): Promise<void>;
  syncDir(dir: string): Promise<void>;
  statfs: StatfsFn;
};
export const nodeJournalFs: JournalFs = { open: (file, flags, mode) => open(file, flags, mode), rename, syncDir, statfs: realStatfs };

export type JournalOptions = {
  dir: string;
  file: string;
  /** The store key (32 bytes). */
  key: Buffer;
  logger: Logger;
  /** Free bytes that must remain after a write; read on every append so an office.json change applies at once. */
  floorBytes: () => Promise<number>;
  now?: () => Date;
  fs?: Partial<JournalFs>;
  /** Compact once dead lines outnumber live entries and reach this many. */
  compactThreshold?: number;
};

/** What was found wrong at open and set aside, for IT (health.check). */
export type JournalDamage = { damagedLines: number; tornBytes: number; setAside: string | undefined; otherKey: boolean };

export type JournalEntry = { id: string; record: string };

export type Journal = {
  append(id: string, record: string): Promise<Result<{ appendedAt: string }>>;
  list(): Promise<JournalEntry[]>;
  /** The records of those ids the journal holds (an id it lacks is simply not in the map). */
  records(ids: readonly string[]): Map<string, string>;
  /** Changes whenever any of these ids is appended again or dropped: tells whether records read earlier still hold. */
  revision(ids: readonly string[]): string;
  drop(ids: readonly string[]): Promise<Result<{ dropped: number }>>;
  /** Live entries, lines no longer needed, and file length. */
  stats(): { live: number; dead: number; bytes: number };
  damage(): JournalDamage | undefined;
  close(): Promise<void>;
};

export const DEFAULT_COMPACT_THRESHOLD = 64;

const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

function codeOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : 'error';
}

function stampOf(date: Date): string {
  return date.toISOString().replace(/[:.]/gu, '-');
}

export async function openJournal(options: JournalOptions): Promise<Result<Journal>> {
  const fs: JournalFs = { ...nodeJournalFs, ...options.fs };
  const log = options.logger.child('journal');
  const now = options.now ?? (() => new Date());
  const { dir, file, key } = options;
  const threshold = options.compactThreshold ?? DEFAULT_COMPACT_THRESHOLD;
  const header = encodeLine({ op: 'open', v: JOURNAL_FORMAT_VERSION, kid: keyIdOf(key) });

  /** Live entries in first-write order: id → sealed record. */
  const live = new Map<string, PutRecord>();
  /** Lines in the file that no longer carry a live entry: dropped or replaced puts, drop lines. */
  let dead = 0;
  /** Bytes of the file that hold complete, acknowledged lines; the next write goes here. */
  let length = 0;
  /** Undefined after a compaction whose reopen failed: the next operation opens again. */
  let handle: JournalFile | undefined;
  /** A failed write could not be cut back: cut it before anything else is written after it. */
  let cutPending = false;
  let damage: JournalDamage | undefined;
  let closed = false;

  // ---------------------------------------------------------------------------------------------
  // Opening

  try {
    await ensurePrivateDir(dir);
  } catch (error) {
    log.error('journal.dir_failed', errorFields(error));
    return err('unavailable', `The journal folder ${dir} cannot be created (${codeOf(error)}).`);
  }

  let bytes: Buffer | undefined;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if (codeOf(error) !== 'ENOENT') {
      log.error('journal.read_failed', errorFields(error));
      return err('unavailable', `The journal ${file} cannot be read (${codeOf(error)}).`);
    }
  }

  /** A new, empty journal: the header is flushed and the directory entry too before anyone writes. */
  async function create(): Promise<void> {
    const created = await fs.open(file, 'wx', 0o600);
    try {
      await writeFully(created, header, 0);
      await created.datasync();
    } catch (error) {
      await created.close().catch(() => undefined);
      await unlink(file).catch(() => undefined);
      throw error;
    }
    await fs.syncDir(dir);
    handle = created;
    length = header.length;
  }

  let needsCompaction = false;
  try {
    if (bytes === undefined) {
      await create();
    } else {
      const split = splitLines(bytes);
      let damagedLines = 0;
      let hasHeader = false;
      let otherKey = false;
      split.lines.forEach((line, index) => {
        if (otherKey) return;
        const parsed = parseLine(line);
        if (!parsed.ok) {
          damagedLines += 1;
          log.warn('journal.line_damaged', { line: index + 1, reason: parsed.reason });
          return;
        }
        const record: JournalRecord = parsed.record;
        switch (record.op) {
          case 'open':
            if (index !== 0) {
              damagedLines += 1;
              log.warn('journal.line_damaged', { line: index + 1, reason: 'header out of place' });
            } else if (record.kid !== keyIdOf(key)) {
              otherKey = true;
            } else {
              hasHeader = true;
            }
            return;
          case 'put':
            try {
              openEntry(key, record);
            } catch {
              damagedLines += 1;
              log.warn('journal.line_damaged', { line: index + 1, reason: 'does not authenticate' });
              return;
            }
            if (live.delete(record.id)) dead += 1;
            live.set(record.id, record);
            return;
          case 'drop':
            for (const id of record.ids) if (live.delete(id)) dead += 1;
            dead += 1;
            return;
        }
      });

      if (otherKey) {
        // Sealed under a key this kiosk no longer has: unreadable here, but kept whole for IT.
        live.clear();
        dead = 0;
        const setAside = `${file}.other-key-${stampOf(now())}`;
        await fs.rename(file, setAside);
        await fs.syncDir(dir);
        log.error('journal.other_key', { setAside, lines: split.lines.length });
        damage = { damagedLines: 0, tornBytes: 0, setAside, otherKey: true };
        await create();
      } else {
        handle = await fs.open(file, 'r+');
        length = split.completeBytes;
        if (split.tornBytes > 0) {
          // Never acknowledged: append answers only after the whole line is flushed.
          await handle.truncate(length);
          await handle.datasync();
          log.warn('journal.torn_tail_removed', { bytes: split.tornBytes });
        }
        let setAside: string | undefined;
        if (damagedLines > 0) {
          // Compaction is about to leave the damaged lines out: keep the file as found first.
          setAside = `${file}.damaged-${stampOf(now())}`;
          await copyFile(file, setAside);
          // copyFile gives the copy the journal's mode; set it as at every create, whatever that was.
          if (POSIX_FILES) await chmod(setAside, 0o600);
          const copy = await fs.open(setAside, 'r+');
          await copy.sync();
          await copy.close();
          await fs.syncDir(dir);
          log.error('journal.damaged_lines', { lines: damagedLines, setAside });
        }
        if (damagedLines > 0 || split.tornBytes > 0) damage = { damagedLines, tornBytes: split.tornBytes, setAside, otherKey: false };
        needsCompaction = dead > 0 || damagedLines > 0 || !hasHeader;
      }
    }
  } catch (error) {
    await handle?.close().catch(() => undefined);
    log.error('journal.open_failed', errorFields(error));
    return err(DISK_FULL_CODES.has(codeOf(error)) ? 'disk_full' : 'unavailable', `The journal ${file} cannot be opened (${codeOf(error)}).`);
  }
  log.info('journal.opened', { entries: live.size, dead, bytes: length });

  // ---------------------------------------------------------------------------------------------
  // Writing

  async function writeFully(target: JournalFile, data: Buffer, position: number): Promise<void> {
    let written = 0;
    while (written < data.length) {
      const { bytesWritten } = await target.write(data, written, data.length - written, position + written);
      // write(2) reports a full disk as an error; zero bytes with no error would loop forever.
      if (bytesWritten <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
      written += bytesWritten;
    }
  }

  async function currentHandle(): Promise<JournalFile> {
    if (closed) throw Object.assign(new Error('journal closed'), { code: 'ECLOSED' });
    handle ??= await fs.open(file, 'r+');
    if (cutPending) {
      await handle.truncate(length);
      await handle.datasync();
      cutPending = false;
      log.info('journal.cut_back', { bytes: length });
    }
    return handle;
  }

  /**
   * Appends one line and flushes it; on any failure the file is cut back to `length`, so the
   * journal holds whole lines only. Whatever the page cache held after a failed fdatasync is
   * unknown (Linux may drop it and report success next time), which is one more reason to cut.
   */
  async function appendLine(line: Buffer): Promise<Result<void>> {
    let target: JournalFile;
    try {
      target = await currentHandle();
    } catch (error) {
      log.error('journal.reopen_failed', errorFields(error));
      return err('unavailable', `The journal cannot be written (${codeOf(error)}).`);
    }
    try {
      await writeFully(target, line, length);
      await target.datasync();
    } catch (error) {
      const code = codeOf(error);
      try {
        await target.truncate(length);
        await target.datasync();
      } catch (cutError) {
        cutPending = true;
        log.error('journal.cut_back_failed', errorFields(cutError));
      }
      log.error('journal.write_failed', { code });
      return DISK_FULL_CODES.has(code)
        ? err('disk_full', 'The kiosk disk is full: the submission was not saved. Free some space (IT) before taking new submissions.')
        : err('unavailable', `The journal could not be written (${code}): the submission was not saved.`);
    }
    length += line.length;
    return ok(undefined);
  }

  /** Rewrites the live entries into a new file and renames it in; on failure the old file stays. */
  async function compact(): Promise<void> {
    const tmp = `${file}.compact`;
    const data = Buffer.concat([header, ...[...live.values()].map(encodeLine)]);
    try {
      const out = await fs.open(tmp, 'w', 0o600);
      try {
        await writeFully(out, data, 0);
        await out.sync();
      } finally {
        await out.close();
      }
      await fs.rename(tmp, file);
      await fs.syncDir(dir);
    } catch (error) {
      await unlink(tmp).catch(() => undefined);
      log.warn('journal.compact_failed', { code: codeOf(error) });
      return;
    }
    // The old handle points at the replaced file: writing through it would go nowhere.
    const old = handle;
    handle = undefined;
    await old?.close().catch(() => undefined);
    const before = { dead, bytes: length };
    dead = 0;
    length = data.length;
    cutPending = false;
    try {
      handle = await fs.open(file, 'r+');
    } catch (error) {
      log.error('journal.reopen_failed', errorFields(error));
    }
    log.info('journal.compacted', { entries: live.size, removedLines: before.dead, bytesBefore: before.bytes, bytesAfter: length });
  }

  // ---------------------------------------------------------------------------------------------
  // One operation at a time, in call order: two appends interleaving their bytes, or a compaction
  // renaming the file between a write and its flush, would break every rule above.

  let tail: Promise<unknown> = Promise.resolve();
  function serial<T>(task: () => Promise<T>): Promise<T> {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  }

  if (needsCompaction) await serial(compact);

  async function spaceCheck(lineBytes: number): Promise<Result<void>> {
    let free: number;
    let floor: number;
    try {
      free = await freeBytes(dir, fs.statfs);
      floor = await options.floorBytes();
    } catch (error) {
      log.error('journal.statfs_failed', errorFields(error));
      return err('unavailable', `Free disk space cannot be measured (${codeOf(error)}): the submission was not saved.`);
    }
    if (free - lineBytes < floor) {
      log.warn('journal.below_floor', { freeBytes: free, floorBytes: floor });
      return err(
        'disk_full',
        `Only ${describeBytes(free)} free on the kiosk disk, below the ${describeBytes(floor)} floor (office.json sync.diskFloorMb): no new submission is taken until IT frees space.`,
      );
    }
    return ok(undefined);
  }

  return {
    ok: true,
    value: {
      append: (id, record) =>
        serial(async () => {
          const put = sealEntry(key, id, record);
          const line = encodeLine(put);
          const space = await spaceCheck(line.length);
          if (!space.ok) return space;
          const written = await appendLine(line);
          if (!written.ok) return written;
          if (live.delete(id)) dead += 1;
          live.set(id, put);
          return ok({ appendedAt: now().toISOString() });
        }),
      async list() {
        const entries: JournalEntry[] = [];
        for (const [id, put] of live) {
          try {
            entries.push({ id, record: openEntry(key, put) });
          } catch {
            // Authenticated at open or sealed by us since: only memory corruption lands here.
            log.error('journal.entry_unreadable', { id });
          }
        }
        return entries;
      },
      records(ids) {
        const found = new Map<string, string>();
        for (const id of ids) {
          const put = live.get(id);
          if (put === undefined) continue;
          try {
            found.set(id, openEntry(key, put));
          } catch {
            log.error('journal.entry_unreadable', { id });
          }
        }
        return found;
      },
      // Every append seals with a fresh random IV, so the IVs of the live entries name their versions.
      revision: (ids) => ids.map((id) => live.get(id)?.iv ?? '-').join(','),
      drop: (ids) =>
        serial(async () => {
          // No floor check: dropping is how space comes back, and a drop line is tiny.
          const present = [...new Set(ids)].filter((id) => live.has(id));
          if (present.length === 0) return ok({ dropped: 0 });
          const written = await appendLine(encodeLine({ op: 'drop', ids: present }));
          if (!written.ok) return written;
          for (const id of present) live.delete(id);
          dead += present.length + 1;
          if (dead > live.size && dead >= threshold) await compact();
          return ok({ dropped: present.length });
        }),
      stats: () => ({ live: live.size, dead, bytes: length }),
      damage: () => damage,
      close: () =>
        serial(async () => {
          closed = true;
          const old = handle;
          handle = undefined;
          await old?.close();
        }),
    },
  };
}
