import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { formatPath } from '../../core/contract/result';
import { checkDataDir } from './storage/private-data-dir';

/**
 * The environment variables IT staff and automation set. Parsed once at start, so a typo in
 * PORT fails with a sentence instead of a listen() error later.
 */
export const DEFAULT_PORT = 5810;

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_PORT),
  KIOSK_CONFIG: z.string().min(1).optional(),
  KIOSK_DATA_DIR: z.string().min(1).optional(),
  KIOSK_DEVICES: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // Tests only: the journal's disk floor in MB, replacing office.json sync.diskFloorMb, so a suite
  // can fill a small tmpfs (0 = no floor) or force the floor without editing the office config.
  KIOSK_DISK_FLOOR_MB: z
    .string()
    .regex(/^\d{1,7}$/u, 'use a whole number of MB, e.g. 64 (0 turns the floor off)')
    .transform(Number)
    .optional(),
});

export type HostEnvironment = {
  port: number;
  officeDir: string;
  dataDir: string;
  /** KIOSK_DEVICES, or devices.json in the office directory. */
  devicesFile: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** KIOSK_DISK_FLOOR_MB (tests only); undefined means office.json's sync.diskFloorMb. */
  diskFloorMb: number | undefined;
};

/** Where the repository (or the unpacked app) lives: two levels above this bundled file. */
export function appRoot(fromUrl: string): string {
  return path.resolve(path.dirname(new URL(fromUrl).pathname), '..', '..');
}

export function defaultDataDir(): string {
  const xdg = process.env['XDG_DATA_HOME'];
  return path.join(xdg !== undefined && xdg !== '' ? xdg : path.join(homedir(), '.local', 'share'), 'tuntun');
}

export function readEnvironment(env: NodeJS.ProcessEnv, root: string): { ok: true; value: HostEnvironment } | { ok: false; message: string } {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `Environment variable ${issue === undefined ? '' : formatPath(issue.path)} is invalid: ${issue?.message ?? ''}` };
  }
  const dataDir = path.resolve(parsed.data.KIOSK_DATA_DIR ?? defaultDataDir());
  // Here, before either shell makes its logger: a loose data dir is refused before anything is
  // written in it, and both shells already print this message and stop.
  const privacy = checkDataDir(dataDir);
  if (!privacy.ok) return privacy;
  const officeDir = path.resolve(parsed.data.KIOSK_CONFIG ?? path.join(root, 'kiosk-config', 'offices', 'tigaraksa'));
  return {
    ok: true,
    value: {
      port: parsed.data.PORT,
      officeDir,
      dataDir,
      devicesFile: path.resolve(parsed.data.KIOSK_DEVICES ?? path.join(officeDir, 'devices.json')),
      logLevel: parsed.data.LOG_LEVEL,
      diskFloorMb: parsed.data.KIOSK_DISK_FLOOR_MB,
    },
  };
}

export function packageVersion(root: string): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
