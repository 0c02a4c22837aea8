import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { logValue, maskIdLike, type LogValue } from './log-fields';

export { LOG_FIELD_KINDS, LOG_FIELDS, type LogFieldKey, type LogFieldKind, type LogValue } from './log-fields';

/**
 * Structured JSON-lines log for IT staff. It must never hold a resident's personal data, so
 * callers pass only flat fields and only the keys listed in log-fields.ts are written as given:
 * any other key is written as "[unlisted]". Identity-like numbers (NIK, KK, BPJS, phone) in free
 * text and in the event name are masked as a second guard.
 */
export type LogFields = Readonly<Record<string, LogValue>>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  child(scope: string): Logger;
}

/** The fields as the log writes them: listed keys as given (when their value fits), others marked. */
export function scrub(fields: LogFields): Record<string, LogValue> {
  const out: Record<string, LogValue> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = logValue(key, value);
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
    base[level]({ ...scrub(fields), event: maskIdLike(event) });
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
