/**
 * The one way outcomes cross a boundary (bridge, central API, device drivers): a value, or a coded
 * error with plain words. Nothing throws across the boundary, so a caller can never be surprised
 * by an exception from the other side.
 *
 * Free of zod on purpose: the sandboxed Electron preload bundles this file and should stay small.
 * The zod schemas for these shapes are in result-schema.ts.
 */

/** Error codes a caller can branch on. Add a code here before using it anywhere. */
export const ERROR_CODES = [
  'bad_request', // the input did not match the contract
  'unknown_request', // no such request name
  'unauthorized', // missing or wrong credentials (bridge token, device signature)
  'not_found',
  'conflict',
  'config_invalid', // the office configuration failed validation
  'unavailable', // the host or a device cannot answer right now
  'timeout',
  'busy', // too many requests at once on one connection: try again when earlier ones are answered
  'disk_full', // free space is below the configured floor: nothing new is taken
  'not_enrolled', // the kiosk has no device identity yet: IT must enrol it
  'internal', // a bug on the other side; details are in its log, never personal data
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type Issue = { path: string; message: string };

export type Failure = {
  code: ErrorCode;
  /** Plain words for logs and officers; never personal data. */
  message: string;
  /** Field-level problems, e.g. from input validation. */
  issues?: Issue[] | undefined;
};

export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err = { readonly ok: false; readonly error: Failure };
export type Result<T> = Ok<T> | Err;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });

export const err = (code: ErrorCode, message: string, issues?: Issue[]): Err => ({
  ok: false,
  error: issues === undefined ? { code, message } : { code, message, issues },
});

/** Formats a field path like `services[2].title.id`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** For exhaustive switches: a new union member becomes a compile error where it is not handled. */
export function missingCase(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
