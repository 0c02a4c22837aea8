import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';

/**
 * Structured JSON-lines log for IT staff. It must never hold a resident's personal data, so
 * callers may pass only flat fields, keys that name personal data are censored, and any value
 * that looks like an identity number (NIK, KK, BPJS, phone) is masked as a second guard.
 */
export type LogValue = string | number | boolean | null | undefined;
export type LogFields = Readonly<Record<string, LogValue>>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  child(scope: string): Logger;
}

/** Keys that name personal data, compared case-insensitively. */
const PERSONAL_KEYS = new Set(
  ['nik', 'kk', 'nokk', 'name', 'nama', 'fullname', 'phone', 'telepon', 'bpjs', 'birthdate', 'tanggallahir', 'address', 'alamat', 'answers', 'answer', 'token', 'secret', 'pin'].map((k) => k.toLowerCase()),
);
/** Eight or more digits in a row, with optional separators: NIK, KK, BPJS, phone numbers. */
const ID_LIKE = /\+?\d(?:[\s.-]?\d){7,}/gu;

export function scrub(fields: LogFields): Record<string, LogValue> {
  const out: Record<string, LogValue> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (PERSONAL_KEYS.has(key.toLowerCase())) out[key] = '[redacted]';
    else if (typeof value === 'string') out[key] = value.replace(ID_LIKE, '[number]');
    else out[key] = value;
  }
  return out;
}

export type LoggerOptions = {
  /** Directory for tuntun.log; omit to log to stdout only. */
  dir?: string | undefined;
  level?: 'debug' | 'info' | 'warn' | 'error';
  /** Also write to stdout (the web host's terminal). */
  stdout?: boolean;
};

export function createLogger(options: LoggerOptions = {}): Logger {
  const streams: pino.StreamEntry[] = [];
  if (options.dir !== undefined) {
    mkdirSync(options.dir, { recursive: true });
    streams.push({ stream: pino.destination({ dest: path.join(options.dir, 'tuntun.log'), mkdir: true, sync: true }) });
  }
  if (options.stdout ?? options.dir === undefined) streams.push({ stream: pino.destination({ dest: 1, sync: true }) });
  const base = pino(
    { level: options.level ?? 'info', base: undefined, timestamp: pino.stdTimeFunctions.isoTime },
    pino.multistream(streams),
  );
  return wrap(base);
}

function wrap(base: pino.Logger): Logger {
  const emit = (level: 'debug' | 'info' | 'warn' | 'error') => (event: string, fields: LogFields = {}) => {
    base[level]({ ...scrub(fields), event: event.replace(ID_LIKE, '[number]') });
  };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (scope) => wrap(base.child({ scope })),
  };
}

/** Turns a caught value into log fields without its stack's personal data risk (messages are scrubbed). */
export function errorFields(error: unknown): LogFields {
  if (error instanceof Error) return { error: error.message, errorName: error.name };
  return { error: String(error) };
}
