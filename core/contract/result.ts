/**
 * The one way outcomes cross a boundary (bridge, central API, device drivers): a value, or a coded
 * error with plain words. Nothing throws across the boundary, so a caller can never be surprised
 * by an exception from the other side.
 */
import { z } from 'zod';

/** Error codes a caller can branch on. Add a code here before using it anywhere. */
export const ErrorCode = z
  .enum([
    'bad_request', // the input did not match the contract
    'unknown_request', // no such request name
    'unauthorized', // missing or wrong credentials (bridge token, device signature)
    'not_found',
    'conflict',
    'config_invalid', // the office configuration failed validation
    'unavailable', // the host or a device cannot answer right now
    'timeout',
    'internal', // a bug on the other side; details are in its log, never personal data
  ])
  .describe('Machine-readable error code');
export type ErrorCode = z.infer<typeof ErrorCode>;

export const Failure = z.object({
  code: ErrorCode,
  message: z.string().describe('Plain words for logs and officers; never personal data'),
  issues: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .optional()
    .describe('Field-level problems, e.g. from input validation'),
});
export type Failure = z.infer<typeof Failure>;

export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err = { readonly ok: false; readonly error: Failure };
export type Result<T> = Ok<T> | Err;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });

export const err = (code: ErrorCode, message: string, issues?: Failure['issues']): Err => ({
  ok: false,
  error: issues === undefined ? { code, message } : { code, message, issues },
});

/** zod schema for a serialized Result whose value matches `value`. */
export const resultSchema = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: Failure }),
  ]);

/** Turns zod issues into `path: message` pairs with paths like `services[2].title.id`. */
export function issuesOf(error: z.ZodError): NonNullable<Failure['issues']> {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

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
