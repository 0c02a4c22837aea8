import { statSync } from 'node:fs';
import { chmod, lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { DataPaths } from './data-paths';
import { POSIX_FILES } from './durable-file';

/**
 * The data dir holds the journal of unsent submissions, the device secret, the store key, the
 * logs and the browser profile: another account on the kiosk must not read any of it. The kiosk
 * makes everything in it 0700 and 0600, and refuses a data dir with group or other bits (as
 * PostgreSQL refuses its own) rather than tighten it: the kiosk may not have made that folder,
 * and whoever opened it should decide, once, with the command the message gives.
 */
const OPEN_TO_OTHERS = 0o077;

export function modeText(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}

/** Checked before anything is written; a data dir that does not exist yet is fine (it is made 0700). */
export function checkDataDir(dir: string): { ok: true } | { ok: false; message: string } {
  if (!POSIX_FILES) return { ok: true };
  let info;
  try {
    info = statSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOENT') return { ok: true };
    return { ok: false, message: `The data dir ${dir} cannot be reached (${code}): check KIOSK_DATA_DIR and the folders above it.` };
  }
  if (!info.isDirectory()) return { ok: false, message: `The data dir ${dir} is not a folder: set KIOSK_DATA_DIR to a folder.` };
  if ((info.mode & OPEN_TO_OTHERS) !== 0) {
    return {
      ok: false,
      message: `The data dir ${dir} has mode ${modeText(info.mode)}, which lets other users on this computer read residents' data: run "chmod 700 ${dir}" and start again.`,
    };
  }
  return { ok: true };
}

/**
 * Closes what an older kiosk made with the umask's modes (0755 folders, a 0644 log): the folders
 * the kiosk makes in its data dir, and the files directly in those that hold only its own files.
 * Symbolic links are left alone: chmod would follow one to a file that is not the kiosk's.
 * Returns what was closed, relative to the data dir, with the mode found.
 */
export async function closeKioskEntries(paths: DataPaths): Promise<{ file: string; mode: string }[]> {
  if (!POSIX_FILES) return [];
  const closed: { file: string; mode: string }[] = [];
  const close = async (target: string, kind: 'folder' | 'file') => {
    const info = await lstat(target).catch(() => undefined);
    if (info === undefined || (kind === 'folder' ? !info.isDirectory() : !info.isFile())) return;
    if ((info.mode & OPEN_TO_OTHERS) === 0) return;
    await chmod(target, kind === 'folder' ? 0o700 : 0o600);
    closed.push({ file: path.relative(paths.dataDir, target), mode: modeText(info.mode) });
  };
  for (const folder of [paths.secretsDir, paths.journalDir, paths.logsDir, paths.queueDir, paths.browserProfileDir, paths.electronDir]) await close(folder, 'folder');
  for (const folder of [paths.secretsDir, paths.journalDir, paths.logsDir, paths.queueDir]) {
    const names = await readdir(folder).catch(() => []);
    for (const name of names) await close(path.join(folder, name), 'file');
  }
  return closed;
}
