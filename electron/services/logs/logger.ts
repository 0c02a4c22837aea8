import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { POSIX_FILES } from '../storage/durable-file';
import { modeText } from '../storage/private-data-dir';
import { logValue, maskIdLike, type LogValue } from './log-fields';

export { LOG_FIELD_KINDS, LOG_FIELDS, type LogFieldKey, type LogFieldKind, type LogValue } from './log-fields';

/**
 * Structured JSON-lines log for IT staff. It must never hold a resident's personal data, so
 * callers pass only flat fields and only the keys listed in log-fields.ts are written as given:
 * any other key is written as "[unlisted]". Identity-like numbers (NIK, KK, BPJS, phone) in free
 * text and in the event name are masked as a second guard.
 *
 * The file is the kiosk user's alone (0600 in a 0700 folder): it names devices, offices and what
 * failed, which another account on the machine has no business reading.
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
  const file = options.dir === undefined ? undefined : privateLogFile(options.dir);
  if (file !== undefined) streams.push({ stream: file.stream });
  if (options.stdout ?? options.dir === undefined) streams.push({ stream: pino.destination({ dest: 1, sync: true }) });
  const base = pino(
    { level: options.level ?? 'info', base: undefined, timestamp: pino.stdTimeFunctions.isoTime },
    pino.multistream(streams),
  );
  const logger = wrap(base);
  for (const closed of file?.closed ?? []) logger.warn('logs.mode_tightened', closed);
  return logger;
}

/**
 * Opens `<dir>/tuntun.log` for appending, 0600 in a 0700 folder. Modes are given at every create
 * (sonic-boom would open 0666 and mkdir 0777, less the umask) and set again on what an older
 * version left open, so the log is private whatever the umask or the history.
 */
function privateLogFile(dir: string): { stream: pino.DestinationStream; closed: { file: string; mode: string }[] } {
  const file = path.join(dir, 'tuntun.log');
  const closed: { file: string; mode: string }[] = [];
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const loose = (target: string) => {
    if (!POSIX_FILES || !existsSync(target)) return false;
    const mode = statSync(target).mode;
    if ((mode & 0o077) === 0) return false;
    closed.push({ file: target, mode: modeText(mode) });
    return true;
  };
  if (loose(dir)) chmodSync(dir, 0o700);
  if (loose(file)) chmodSync(file, 0o600);
  const stream = pino.destination({ dest: file, sync: true, mode: 0o600 });
  // open() applies the umask to a new file's mode: chmod makes it exactly 0600 whatever the umask.
  if (POSIX_FILES) chmodSync(file, 0o600);
  return { stream, closed };
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
