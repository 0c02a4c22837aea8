import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiHttpError } from '../http/errors';
import type { FailureGate } from './auth-failures';

export type AdminAuthenticator = (request: FastifyRequest) => Promise<void>;

/**
 * The back office's bearer token. Both sides are hashed before the constant-time compare, so
 * neither the length nor a prefix of the token leaks through timing. Every refusal counts against
 * the caller's address (auth-failures.ts), which backs off before its next try is even looked at.
 */
export function adminAuthenticator(adminToken: string | undefined, gate: FailureGate): AdminAuthenticator {
  const check = checker(adminToken);
  return async (request) => {
    await gate.before(request);
    try {
      check(request);
    } catch (error) {
      await gate.failed(request);
      throw error;
    }
  };
}

function checker(adminToken: string | undefined): (request: FastifyRequest) => void {
  const expected = adminToken === undefined ? undefined : digest(adminToken);
  return (request) => {
    if (expected === undefined) {
      throw new ApiHttpError(401, 'unauthorized', 'Admin routes are switched off: set CENTRAL_ADMIN_TOKEN on the central API server and restart it');
    }
    const match = /^Bearer ([\x21-\x7e]+)$/u.exec(request.headers.authorization ?? '');
    if (match?.[1] === undefined) throw new ApiHttpError(401, 'unauthorized', 'Send the admin token as "Authorization: Bearer <token>"');
    if (!timingSafeEqual(digest(match[1]), expected)) throw new ApiHttpError(401, 'unauthorized', 'Wrong admin token');
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
