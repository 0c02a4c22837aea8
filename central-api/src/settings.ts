import { isIP } from 'node:net';
import { homedir } from 'node:os';
import path from 'node:path';
import { normalizeTlsPin, type TlsPin } from '../../core/contract/enrolment-code';
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
  /** Addresses and CIDR ranges of the reverse proxies whose X-Forwarded-For is believed; unset: none. */
  trustProxy: string[] | undefined;
  /** CENTRAL_TLS_CERT and CENTRAL_TLS_KEY (PEM files): the server speaks HTTPS itself (tls.ts). */
  tls: { certFile: string; keyFile: string } | undefined;
  /** CENTRAL_TLS_FINGERPRINT: the key pin of the TLS proxy in front, written into enrolment tokens. */
  tlsFingerprint: TlsPin | undefined;
};

export type SettingsResult = { ok: true; settings: Settings } | { ok: false; message: string };

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const DEFAULT_PORT = 5820;
export const MIN_ADMIN_TOKEN_LENGTH = 16;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
/** How IT computes a certificate's key fingerprint; said wherever one is asked for. */
export const PIN_RECIPE =
  'from the certificate: openssl x509 -in cert.pem -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64';

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
    const limit = (name: string, key: keyof RateLimits): Partial<RateLimits> => {
      const text = value(name);
      return text === undefined ? {} : { [key]: integer(text, name, 0, 1, 1_000_000) };
    };
    const certFile = value('CENTRAL_TLS_CERT');
    const keyFile = value('CENTRAL_TLS_KEY');
    if ((certFile === undefined) !== (keyFile === undefined)) {
      throw new Error('CENTRAL_TLS_CERT and CENTRAL_TLS_KEY go together: the certificate and its private key, both PEM files (or neither, behind a TLS proxy)');
    }
    const fingerprintText = value('CENTRAL_TLS_FINGERPRINT');
    const tlsFingerprint = fingerprintText === undefined ? undefined : normalizeTlsPin(fingerprintText);
    if (fingerprintText !== undefined && tlsFingerprint === undefined) throw new Error(`CENTRAL_TLS_FINGERPRINT must be a SHA-256 key fingerprint in base64 or base64url (43 or 44 characters); ${PIN_RECIPE}`);
    if (fingerprintText !== undefined && certFile !== undefined) {
      throw new Error('CENTRAL_TLS_FINGERPRINT is for a TLS proxy in front; with CENTRAL_TLS_CERT the server takes the fingerprint from its own certificate: set one or the other');
    }
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
          ...limit('RATE_LIMIT_PER_DEVICE', 'perDevice'),
          ...limit('RATE_LIMIT_PER_ADDRESS', 'perAddress'),
          ...limit('RATE_LIMIT_AUTH_FAILURES_PER_ADDRESS', 'authFailuresPerAddress'),
          ...limit('RATE_LIMIT_AUTH_FAILURES_PER_DEVICE', 'authFailuresPerDevice'),
        },
        trustProxy: trustedProxies(value('TRUST_PROXY')),
        tls: certFile === undefined || keyFile === undefined ? undefined : { certFile: path.resolve(certFile), keyFile: path.resolve(keyFile) },
        tlsFingerprint,
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

/**
 * `TRUST_PROXY=127.0.0.1,10.0.0.0/8`: the proxies in front of the server, by address. Behind one,
 * every request arrives from the proxy, so the per-address limit and the logs need the client
 * address it forwards. Only these forms, because trusting the header from anyone else lets any
 * client write its own X-Forwarded-For and get a fresh per-address budget with every request:
 * - `true` and ranges that cover everything (`0.0.0.0/0`) are refused for exactly that reason;
 * - a hop count is refused because Fastify 5 ignores it (it cannot tell the proxy from a client
 *   that reaches the server directly), so it would look switched on and do nothing.
 */
function trustedProxies(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const trustsEveryone = (what: string) =>
    new Error(
      `TRUST_PROXY may not be ${what}: that trusts X-Forwarded-For from every client, so any client could forge its address and escape the per-address rate limit; list the proxy addresses instead, e.g. TRUST_PROXY=127.0.0.1,10.0.0.0/8`,
    );
  if (/^true$/iu.test(text)) throw trustsEveryone('"true"');
  if (/^\d+$/u.test(text)) {
    throw new Error(`TRUST_PROXY takes the proxy addresses, not a hop count ("${text}"): Fastify ignores hop counts, which would also trust a client connecting directly, so list them instead, e.g. TRUST_PROXY=127.0.0.1,10.0.0.0/8`);
  }
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [address = '', prefix, ...extra] = entry.split('/');
      const family = isIP(address);
      const bits = family === 6 ? 128 : 32;
      const prefixOk = prefix === undefined || (/^\d{1,3}$/u.test(prefix) && Number(prefix) <= bits);
      if (family === 0 || !prefixOk || extra.length > 0) {
        throw new Error(`TRUST_PROXY: "${entry}" is not an IP address or CIDR range like 127.0.0.1 or 10.0.0.0/8 (leave TRUST_PROXY unset when no proxy is in front)`);
      }
      if (prefix !== undefined && Number(prefix) === 0) throw trustsEveryone(`the range "${entry}"`);
      return entry;
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
