import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiHttpError } from '../http/errors';

export type AdminAuthenticator = (request: FastifyRequest) => void;

/**
 * The back office's bearer token. Both sides are hashed before the constant-time compare, so
 * neither the length nor a prefix of the token leaks through timing.
 */
export function adminAuthenticator(adminToken: string | undefined): AdminAuthenticator {
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
