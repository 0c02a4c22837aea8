import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writing files that must survive a power cut. A file is only durable when its bytes are flushed
 * (fsync) and the directory entry that names it is flushed too: without the second step a crash
 * right after a rename can bring back the old file, or no file at all, on ext4 and most others.
 */

/**
 * POSIX file modes and directory fsync exist on Linux and macOS only. On Windows a directory
 * cannot be opened for fsync (EISDIR) and modes map to a read-only bit, so both are skipped there:
 * NTFS journals its metadata, and the user profile's ACLs keep other accounts out.
 */
export const POSIX_FILES = process.platform !== 'win32';

/** Flushes a directory's entries (new names, renames, unlinks) to disk. */
export async function syncDir(dir: string): Promise<void> {
  if (!POSIX_FILES) return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Creates a directory readable only by the kiosk user (0700), and flushes its parent when it was
 * new so the directory itself survives a power cut. An existing directory is tightened to 0700:
 * it holds secrets or personal data, and a copy made with a loose umask must not stay open.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true, mode: 0o700 });
  if (created !== undefined) {
    // mkdir -p may have made several levels: each new one is named in its parent's entries.
    for (let level = dir; ; level = path.dirname(level)) {
      await syncDir(path.dirname(level));
      if (level === created || path.dirname(level) === level) break;
    }
  }
  if (!POSIX_FILES) return;
  const info = await stat(dir);
  if ((info.mode & 0o077) !== 0) await chmod(dir, 0o700);
}

function tmpNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Writes `data` to a fresh private (0600) temporary file beside `file` and flushes it. */
async function writeTemp(file: string, data: string | Uint8Array): Promise<string> {
  const tmp = tmpNameFor(file);
  const handle = await open(tmp, 'wx', 0o600);
  try {
    // The mode given to open() is reduced by the umask but never widened; chmod makes it exact.
    if (POSIX_FILES) await handle.chmod(0o600);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  return tmp;
}

/**
 * Replaces `file` atomically with `data`, mode 0600: a reader (or a kiosk restarted after a power
 * cut) sees the old content or the new, never a mix or an empty file.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = await writeTemp(file, data);
  try {
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await syncDir(path.dirname(file));
}

/**
 * Creates `file` with `data` (0600) only if no file has that name yet, atomically: `link()` fails
 * with EEXIST instead of replacing, so two starts racing to create a key can never overwrite the
 * key the other already used. Returns false when the file already existed.
 */
export async function createFileExclusive(file: string, data: string | Uint8Array): Promise<boolean> {
  const tmp = await writeTemp(file, data);
  try {
    await link(tmp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  await syncDir(path.dirname(file));
  return true;
}
