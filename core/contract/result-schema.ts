import { z } from 'zod';
import { ERROR_CODES, formatPath, type Failure as FailureType, type Issue } from './result';

export const ErrorCode = z.enum(ERROR_CODES).describe('Machine-readable error code');

export const Failure = z.object({
  code: ErrorCode,
  message: z.string().describe('Plain words for logs and officers; never personal data'),
  issues: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .optional()
    .describe('Field-level problems, e.g. from input validation'),
}) satisfies z.ZodType<FailureType>;

/** zod schema for a serialized Result whose value matches `value`. */
export const resultSchema = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: Failure })]);

/** Turns zod issues into `path: message` pairs with paths like `services[2].title.id`. */
export function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}
