import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * PGlite is one process's database: a second process opening the same directory (a CLI command
 * while the server runs) would corrupt it. The lock file holds the owner's PID; a lock whose
 * process is gone (a crash, a power cut) is taken over.
 */
export type DataDirLock = { release: () => Promise<void> };

export class DataDirBusyError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`The embedded database in ${dir} is in use by process ${pid} (probably the running central API)`);
    this.name = 'DataDirBusyError';
  }
}

export async function lockDataDir(dir: string): Promise<DataDirLock> {
  // 0700: normally prepareDataDir made it already; never make a data dir others can enter.
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'central-api.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      let released = false;
      return {
        release: async () => {
          if (released) return;
          released = true;
          await unlink(file).catch(() => undefined);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw new DataDirBusyError(dir, pid);
      await unlink(file).catch(() => undefined);
    }
  }
  throw new Error(`Could not take the lock ${file}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
