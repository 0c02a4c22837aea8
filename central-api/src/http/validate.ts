import type { z } from 'zod';
import { ApiHttpError, issuesOf } from './errors';

/** Parses one part of a request with its contract schema; a mismatch is a 400 listing each issue. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = issuesOf(result.error).map((issue) => ({ path: issue.path === '' ? where : `${where}.${issue.path}`, message: issue.message }));
  throw new ApiHttpError(400, 'bad_request', `The request ${where} does not match the contract`, { issues });
}
