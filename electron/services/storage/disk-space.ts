import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { OfficeConfig } from '../../../core/config/office-config';

/**
 * Free disk, measured the way a write will meet it. `bavail` (blocks available to a normal user),
 * not `bfree`: the blocks ext4 reserves for root would let a kiosk running as root write on after
 * every other program on the machine has started failing.
 */
export type StatfsFn = (dir: string) => Promise<{ bavail: number | bigint; bsize: number | bigint }>;

export const realStatfs: StatfsFn = (dir) => statfs(dir);

export async function freeBytes(dir: string, fn: StatfsFn = realStatfs): Promise<number> {
  const info = await fn(dir);
  return Number(info.bavail) * Number(info.bsize);
}

/** office.json's default for `sync.diskFloorMb`, read from the schema so the two cannot drift. */
export const DEFAULT_DISK_FLOOR_MB: number = OfficeConfig.shape.sync.parse(undefined).diskFloorMb;

export const MB = 1024 * 1024;

export function floorBytesOf(mb: number): number {
  return Math.max(0, Math.round(mb * MB));
}

export function describeBytes(bytes: number): string {
  if (bytes >= 10 * 1024 * MB) return `${(bytes / (1024 * MB)).toFixed(1)} GB`;
  if (bytes >= MB) return `${Math.floor(bytes / MB)} MB`;
  return `${Math.floor(bytes / 1024)} KB`;
}

/** statfs needs a path that exists; a data dir not made yet lives on its nearest existing parent's disk. */
export async function freeBytesNear(dir: string, fn: StatfsFn = realStatfs): Promise<number> {
  let current = dir;
  for (;;) {
    try {
      return await freeBytes(current, fn);
    } catch (error) {
      const parent = path.dirname(current);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === current) throw error;
      current = parent;
    }
  }
}
