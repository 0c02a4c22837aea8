import { homedir } from 'node:os';
import path from 'node:path';
import type { RateLimits } from './server';
import type { OriginRule } from './http/cors';

/**
 * The environment, read once and checked, so a wrong value stops the server at start with one
 * sentence naming the variable, not with a stack trace at the first request.
 */
export type DatabaseSetting = { kind: 'postgresql'; url: string } | { kind: 'pglite'; dataDir: string };

export type Settings = {
  port: number;
  host: string;
  database: DatabaseSetting;
  adminToken: string | undefined;
  catalogueDir: string;
  logLevel: string;
  corsOrigins: OriginRule[] | undefined;
  rateLimits: Partial<RateLimits>;
};

export type SettingsResult = { ok: true; settings: Settings } | { ok: false; message: string };

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const DEFAULT_PORT = 5820;
export const MIN_ADMIN_TOKEN_LENGTH = 16;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function readSettings(env: NodeJS.ProcessEnv): SettingsResult {
  const value = (name: string) => {
    const text = env[name]?.trim();
    return text === undefined || text === '' ? undefined : text;
  };
  try {
    const port = integer(value('PORT'), 'PORT', DEFAULT_PORT, 0, 65_535);
    const databaseUrl = value('DATABASE_URL');
    if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//u.test(databaseUrl)) {
      throw new Error('DATABASE_URL must be a PostgreSQL URL like postgres://user@host:5432/tuntun (or unset for the embedded database)');
    }
    const adminToken = value('CENTRAL_ADMIN_TOKEN');
    if (adminToken !== undefined && (adminToken.length < MIN_ADMIN_TOKEN_LENGTH || !/^[\x21-\x7e]+$/u.test(adminToken))) {
      throw new Error(`CENTRAL_ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} printable characters without spaces (try: openssl rand -base64 32)`);
    }
    const logLevel = value('LOG_LEVEL') ?? 'info';
    if (!LOG_LEVELS.includes(logLevel)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
    const perDevice = value('RATE_LIMIT_PER_DEVICE');
    const perAddress = value('RATE_LIMIT_PER_ADDRESS');
    return {
      ok: true,
      settings: {
        port,
        host: value('HOST') ?? '127.0.0.1',
        database: databaseUrl === undefined ? { kind: 'pglite', dataDir: path.resolve(value('CENTRAL_DATA_DIR') ?? defaultDataDir(env)) } : { kind: 'postgresql', url: databaseUrl },
        adminToken,
        catalogueDir: path.resolve(value('CATALOGUE_DIR') ?? path.join(REPO_ROOT, 'kiosk-config')),
        logLevel,
        corsOrigins: corsOrigins(value('CORS_ORIGINS')),
        rateLimits: {
          ...(perDevice === undefined ? {} : { perDevice: integer(perDevice, 'RATE_LIMIT_PER_DEVICE', 0, 1, 1_000_000) }),
          ...(perAddress === undefined ? {} : { perAddress: integer(perAddress, 'RATE_LIMIT_PER_ADDRESS', 0, 1, 1_000_000) }),
        },
      },
    };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

function defaultDataDir(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_DATA_HOME?.trim();
  return path.join(xdg === undefined || xdg === '' ? path.join(homedir(), '.local', 'share') : xdg, 'tuntun-central');
}

function integer(text: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const number = /^\d+$/u.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  return number;
}

/** `CORS_ORIGINS=app://tuntun,http://10.0.0.5:*`: exact origins; a trailing `:*` allows any port. */
function corsOrigins(text: string | undefined): OriginRule[] | undefined {
  if (text === undefined) return undefined;
  return text
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '')
    .map((origin) => {
      if (!/^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/iu.test(origin)) throw new Error(`CORS_ORIGINS: "${origin}" is not an origin like http://10.0.0.5:8080 or app://tuntun`);
      if (!origin.endsWith(':*')) return origin;
      const escaped = origin.slice(0, -2).replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
      return new RegExp(`^${escaped}(:\\d{1,5})?$`, 'u');
    });
}

/** A database URL without its password, for messages and logs. */
export function describeDatabase(setting: DatabaseSetting): string {
  if (setting.kind === 'pglite') return `embedded PGlite in ${setting.dataDir}`;
  try {
    const url = new URL(setting.url);
    if (url.password !== '') url.password = '***';
    return `PostgreSQL at ${url.toString()}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL)';
  }
}
