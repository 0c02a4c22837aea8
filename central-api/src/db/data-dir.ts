import { chmod, lstat, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * The embedded database's directory holds device secrets, the catalogue signing key and residents'
 * submissions (in the tables and in the WAL), so only the user running the central API may enter
 * it. As PostgreSQL does with its data directory: made 0700, and a start on one that group or
 * others can reach, or that belongs to another user, is refused rather than silently "fixed",
 * because whoever could reach it may already have read the secrets or changed the files.
 */
export class DataDirUnsafeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirUnsafeError';
  }
}

/** Creates `dir` 0700 when it does not exist; refuses one that is not ours alone. */
export async function prepareDataDir(dir: string): Promise<void> {
  // Parents made here are 0700 too: they are new, so nothing of anyone else's is in them.
  const made = await mkdir(dir, { recursive: true, mode: 0o700 });
  // The umask can only take bits away; a default ACL on the parent could add some back.
  if (made !== undefined) await chmod(dir, 0o700);
  const info = await stat(dir);
  if (!info.isDirectory()) throw new DataDirUnsafeError(`CENTRAL_DATA_DIR ${dir} is not a directory: point it at a directory (it is made 0700 when missing).`);
  const me = process.getuid?.();
  // Windows has no uid or mode bits to check; its ACLs are the administrator's business.
  if (me === undefined) return;
  if (info.uid !== me) {
    throw new DataDirUnsafeError(
      `CENTRAL_DATA_DIR ${dir} belongs to uid ${info.uid}, not to the user running the central API (uid ${me}): run the server as that user, or give it this one with chown -R ${me} ${shellWord(dir)}.`,
    );
  }
  if ((info.mode & 0o077) !== 0) {
    const found = (info.mode & 0o7777).toString(8).padStart(4, '0');
    throw new DataDirUnsafeError(
      `CENTRAL_DATA_DIR ${dir} has mode ${found}, so other users of this machine could read or change the embedded database (device secrets, residents' data): run chmod 700 ${shellWord(dir)} and start again.`,
    );
  }
}

/**
 * Takes group and other bits off everything inside `dir` (a data dir prepareDataDir accepted, so
 * no one else can enter it or plant anything there while this runs). PGlite chmods the files it
 * unpacks to 0666 whatever the umask, and versions before this one left 0755/0666 behind: the
 * 0700 directory is the barrier, this keeps a later `chmod 755` on it from exposing everything.
 * Symbolic links are never followed. Returns how many entries were changed.
 */
export async function tightenDataDir(dir: string): Promise<number> {
  let changed = 0;
  for (const entry of await readdir(dir, { recursive: true })) {
    const file = path.join(dir, entry);
    let info;
    try {
      info = await lstat(file);
    } catch {
      continue; // removed meanwhile (a temporary file of PGlite's)
    }
    if (info.isSymbolicLink() || (info.mode & 0o077) === 0) continue;
    try {
      await chmod(file, info.mode & 0o700);
      changed += 1;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return changed;
}

/** The path as one word for the shell, so the suggested command works when pasted. */
function shellWord(text: string): string {
  return /^[\w./@%+=:,-]+$/u.test(text) ? text : `'${text.replace(/'/gu, `'\\''`)}'`;
}
