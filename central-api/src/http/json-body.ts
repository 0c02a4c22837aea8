import type { FastifyInstance } from 'fastify';
import { MAX_BODY_BYTES } from '../../../core/contract/central-api';
import { ApiHttpError } from './errors';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body bytes exactly as received: the device signature covers their hash. */
    rawBody?: Buffer;
  }
}

/**
 * The only body parser: `application/json`, up to MAX_BODY_BYTES. It keeps the raw bytes for the
 * signature check (a re-serialised body would hash differently), and refuses what JSON allows but
 * this server must not store or trust:
 * - `__proto__` keys, and `constructor.prototype`: a later object spread or merge would turn them
 *   into prototype pollution;
 * - NUL characters and lone surrogates in strings or keys: PostgreSQL text and jsonb cannot hold
 *   them, so they would fail at insert instead of at the door.
 * Any other content type is answered 415 by Fastify.
 */
export function registerJsonBody(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (request, body, done) => {
    const raw = body as Buffer;
    request.rawBody = raw;
    try {
      done(null, parseJson(raw));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

const LONE_SURROGATE = /\p{Cs}/u;

export function parseJson(raw: Buffer): unknown {
  try {
    // fatal: bytes that are not UTF-8 are refused, not silently replaced with U+FFFD.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    return JSON.parse(text, guardValue) as unknown;
  } catch (error) {
    if (error instanceof ApiHttpError) throw error;
    throw new ApiHttpError(400, 'bad_request', `The body is not valid JSON: ${error instanceof Error ? error.message.slice(0, 200) : 'parse error'}`);
  }
}

function guardValue(this: unknown, key: string, value: unknown): unknown {
  if (key === '__proto__') throw refused('A "__proto__" key is not accepted');
  if (key === 'constructor' && value !== null && typeof value === 'object' && Object.hasOwn(value, 'prototype')) {
    throw refused('A "constructor.prototype" key is not accepted');
  }
  if (!wellFormed(key) || (typeof value === 'string' && !wellFormed(value))) {
    throw refused('Text may not contain NUL characters or unpaired surrogates');
  }
  return value;
}

function wellFormed(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

function refused(message: string): ApiHttpError {
  return new ApiHttpError(400, 'bad_request', message);
}
