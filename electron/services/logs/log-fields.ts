import { missingCase } from '../../../core/contract/result';

/**
 * The fields a log line may carry, by allow-list. A key that is not here is written with the
 * value "[unlisted]" (the key stays, so IT sees that something was dropped and a developer sees
 * what to list); a listed key whose value does not fit its kind is written as "[invalid]".
 *
 * Why an allow-list: the block-list it replaced knew `nik`, `name`, `phone` … and wrote anything
 * else as given, so a name under `h` or `who` reached the file. A new field now needs a line here,
 * with the kind of value it carries and what it says; `logger-keys.test.ts` reads every logger call
 * in the code and fails on a key missing from this list.
 *
 * Never list a key for a resident's data (NIK, KK, name, birth date, address, phone, answers) or
 * for a secret (token, key material, PIN): the log is read by IT staff and copied off the kiosk.
 */
export type LogFieldKind = 'id' | 'word' | 'code' | 'count' | 'duration' | 'flag' | 'text';

/** What each kind may carry. Strings of the first three kinds are one token: no blanks. */
export const LOG_FIELD_KINDS: Readonly<Record<LogFieldKind, string>> = {
  id: 'a machine identifier: a submission or device id, an office code, a service id, a catalogue version, a request or event name, a tracking code',
  word: 'a status word chosen by the code: a store, a screen, a locale, a permission, a signal',
  code: 'an error or status code: an error code, an errno name, an HTTP status, an exit code, an octal file mode',
  count: 'a whole number ≥ 0 of things, lines or bytes',
  duration: 'a number of milliseconds or seconds, negative for a clock behind',
  flag: 'true or false',
  text: 'a sentence the code wrote, never a resident: an error message, a reason, a config problem, a file path (identity-like numbers masked)',
};

/** Every key a log line may carry, with its kind and what it says. */
export const LOG_FIELDS = {
  // ids
  id: ['id', 'a submission or help request id (UUID)'],
  deviceId: ['id', 'the kiosk device id given at enrolment'],
  office: ['id', 'the office code of the loaded configuration'],
  officeCode: ['id', 'the office code a device was enrolled for'],
  catalogueOffice: ['id', 'the office code a stored catalogue was signed for'],
  kioskOffice: ['id', "the kiosk's own office code"],
  serviceId: ['id', 'a service definition id'],
  trackingCode: ['id', 'the tracking code printed on a receipt'],
  version: ['id', 'an app version or a catalogue version hash'],
  serverUrl: ['id', "the central API's address the kiosk is enrolled with (no credentials in it)"],
  request: ['id', 'the bridge request a handler failed on'],
  eventName: ['id', 'the host event a listener failed on'],
  key: ['id', 'the message key of a spoken clip (never key material)'],
  queueNumber: ['id', 'a queue number: A-012 from the central API, A-K2-005 from this kiosk'],
  // words
  store: ['word', 'where secrets are kept: safe-storage or key-file'],
  screen: ['word', 'the screen a resident asked for help on'],
  locale: ['word', 'the language in use'],
  permission: ['word', 'a browser permission that was refused'],
  signal: ['word', 'the signal that stopped the process'],
  type: ['word', 'the kind of a child process that went away'],
  frame: ['word', 'which frame navigated'],
  why: ['word', 'what made the page load'],
  directive: ['word', 'the Content-Security-Policy directive that was violated'],
  errorName: ['word', 'the class of a caught error'],
  role: ['word', 'a device role: receiptPrinter, documentPrinter'],
  driver: ['word', 'the driver running a device: escpos or simulator'],
  state: ['word', "a device's state: absent, ready, busy, warning, error"],
  document: ['word', 'what was printed: submission (a receipt) or test'],
  outcome: ['word', "the central API's answer to one reported item: stored, duplicate, conflict, invalid"],
  // codes
  code: ['code', 'an error code or an exit code'],
  after: ['code', 'the error code a recovery came after'],
  status: ['code', 'an HTTP status'],
  exitCode: ['code', "a process's exit code"],
  mode: ['code', 'a file mode found, in octal'],
  // counts
  line: ['count', 'a line number in a file'],
  lines: ['count', 'a number of lines'],
  bytes: ['count', 'a size in bytes'],
  bytesBefore: ['count', 'a size in bytes before compaction'],
  bytesAfter: ['count', 'a size in bytes after compaction'],
  freeBytes: ['count', 'free disk space in bytes'],
  floorBytes: ['count', 'the disk floor in bytes'],
  entries: ['count', 'live journal entries or audit entries'],
  auditEntries: ['count', 'audit entries purged'],
  dead: ['count', 'journal lines that no longer carry a live entry'],
  removedLines: ['count', 'journal lines removed by compaction'],
  clients: ['count', 'bridge connections open'],
  rows: ['count', 'IndexedDB rows touched'],
  restored: ['count', 'journal entries written back to IndexedDB'],
  rejournaled: ['count', 'saved rows appended to the journal'],
  dropped: ['count', 'journal entries dropped after the server received them'],
  corrupt: ['count', 'journal entries that could not be read'],
  failed: ['count', 'rows that could not be unsealed or appended'],
  count: ['count', 'a number of things'],
  relinked: ['count', 'audit entries re-linked onto the server chain'],
  serverThrough: ['count', 'the last audit entry the server holds'],
  attempt: ['count', 'which reload attempt this is'],
  crashes: ['count', 'renderer crashes in the window'],
  pending: ['count', 'kiosk-issued queue numbers not yet reported'],
  kioskNumber: ['count', "the kiosk's number in its office (the K2 of A-K2-005)"],
  previousKioskNumber: ['count', 'the kiosk number held before'],
  // durations
  reloadInMs: ['duration', 'delay before a dead renderer is reloaded'],
  killInMs: ['duration', 'grace before a hung renderer is killed'],
  skewSeconds: ['duration', "the kiosk clock's offset from the server's"],
  elapsedMs: ['duration', 'how long a device job took, queue wait included'],
  // flags
  packaged: ['flag', 'whether Electron runs a packaged app'],
  displaySleepBlocked: ['flag', 'whether display sleep is blocked'],
  topFrame: ['flag', 'whether the caller was the top frame'],
  journaled: ['flag', 'whether the submission is safe in the journal'],
  reprint: ['flag', 'whether a receipt was a reprint (marked CETAK ULANG)'],
  // text
  error: ['text', 'the message of a caught error'],
  reason: ['text', 'why something failed, in words the code chose'],
  problem: ['text', 'a configuration or catalogue problem: file, field and message'],
  detail: ['text', 'more words about a problem'],
  description: ['text', "the browser's description of a load failure"],
  what: ['text', 'which secret was resealed'],
  action: ['text', 'what the kiosk does next'],
  file: ['text', 'a file path on the kiosk'],
  setAside: ['text', 'where a damaged file was kept'],
  to: ['text', 'scheme and host a navigation went to'],
  from: ['text', 'scheme and host a request came from'],
  blocked: ['text', 'the address a Content-Security-Policy refused'],
  connection: ['text', 'how the kiosk reaches a device: "tcp 192.168.1.50:9100", "usb /dev/usb/lp0", "simulasi"'],
} as const satisfies Record<string, readonly [LogFieldKind, string]>;

export type LogFieldKey = keyof typeof LOG_FIELDS;
export type LogValue = string | number | boolean | null | undefined;

export const UNLISTED = '[unlisted]';
export const INVALID = '[invalid]';
/** Eight or more digits in a row, with optional separators: NIK, KK, BPJS, phone numbers. */
const ID_LIKE = /\+?\d(?:[\s.-]?\d){7,}/gu;
/** One token: what ids, words and codes look like. */
const TOKEN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/u;
/** UUIDs and content hashes are the only ids whose digit runs are not masked: no NIK, KK or phone has these shapes. */
const UNMASKED_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{64})$/iu;
const MAX_TEXT = 500;

/**
 * A timestamp with its time (the set-aside journal's name, an ISO date in a message) is kept: its
 * digits would otherwise read as a number. A bare date is masked: it may be a birth date.
 */
const TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}[-:]\d{2}[-:]\d{2}(?:[-.]\d{1,3})?Z?/gu;

export function maskIdLike(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(TIMESTAMP)) {
    out += text.slice(last, match.index).replace(ID_LIKE, '[number]') + match[0];
    last = match.index + match[0].length;
  }
  return out + text.slice(last).replace(ID_LIKE, '[number]');
}

function isListed(key: string): key is LogFieldKey {
  return Object.hasOwn(LOG_FIELDS, key);
}

/** The value as the log writes it: as given when it fits its key's kind, else a marker. */
export function logValue(key: string, value: LogValue): LogValue {
  if (!isListed(key)) return value === undefined ? undefined : UNLISTED;
  if (value === undefined || value === null) return value;
  const kind: LogFieldKind = LOG_FIELDS[key][0];
  switch (kind) {
    case 'id':
      if (typeof value !== 'string' || !TOKEN.test(value)) return INVALID;
      return UNMASKED_ID.test(value) ? value : maskIdLike(value);
    case 'word':
      return typeof value === 'string' && TOKEN.test(value) ? maskIdLike(value) : INVALID;
    case 'code':
      if (typeof value === 'number') return Number.isSafeInteger(value) ? value : INVALID;
      return typeof value === 'string' && TOKEN.test(value) ? maskIdLike(value) : INVALID;
    case 'count':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : INVALID;
    case 'duration':
      return typeof value === 'number' && Number.isFinite(value) ? value : INVALID;
    case 'flag':
      return typeof value === 'boolean' ? value : INVALID;
    case 'text':
      // Masked before it is cut, so a number split at the cut cannot leave its tail unmasked.
      return typeof value === 'string' ? maskIdLike(value).slice(0, MAX_TEXT) : INVALID;
    default:
      return missingCase(kind);
  }
}
