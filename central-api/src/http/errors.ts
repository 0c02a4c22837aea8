import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ApiError, ApiErrorCode } from '../../../core/contract/central-api';
import { DatabaseUnavailableError } from '../db/database';

/**
 * Every answer that is not a success carries the contract's ApiError body with a code a kiosk can
 * act on. 4xx for anything the caller sent; 503 only when the database is down; 500 only for a bug
 * (logged, and a fuzz test makes sure none is reachable).
 */
export type ErrorExtra = { issues?: { path: string; message: string }[]; serverTime?: string };

export class ApiHttpError extends Error {
  readonly statusCode: number;
  constructor(
    statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly extra: ErrorExtra = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiHttpError';
    this.statusCode = statusCode;
  }
}

export function errorBody(code: ApiErrorCode, message: string, extra: ErrorExtra = {}): ApiError {
  return { error: { code, message, ...extra } };
}

/** zod issues as the contract's `issues`: a dotted path and a message, at most 20 of them. */
export function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map((part) => (typeof part === 'symbol' ? part.toString() : String(part))).join('.'),
    message: issue.message.slice(0, 300),
  }));
}

const CODE_BY_STATUS: Readonly<Record<number, ApiErrorCode>> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

export type MappedError = { status: number; body: ApiError; headers: Record<string, string>; bug: boolean };

export function mapError(error: unknown): MappedError {
  if (error instanceof ApiHttpError) {
    return { status: error.statusCode, body: errorBody(error.code, error.message, error.extra), headers: error.headers, bug: false };
  }
  if (error instanceof DatabaseUnavailableError) {
    return {
      status: 503,
      body: errorBody('unavailable', 'The database is not reachable; try again later'),
      headers: { 'retry-after': '5' },
      bug: false,
    };
  }
  const status = (error as Partial<FastifyError> | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Fastify's own errors (body too large, bad content length, bad media type, …) say what was
    // wrong with the request, never what was in it.
    const message = error instanceof Error ? error.message.slice(0, 300) : (STATUS_CODES[status] ?? 'Bad request');
    return { status, body: errorBody(CODE_BY_STATUS[status] ?? 'bad_request', message), headers: {}, bug: false };
  }
  return { status: 500, body: errorBody('unavailable', 'The server failed on this request and logged why; try again later'), headers: {}, bug: true };
}

export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const mapped = mapError(error);
  if (mapped.bug) request.log.error({ error: describeForLog(error) }, 'request failed');
  else if (mapped.status >= 500) request.log.warn({ code: mapped.body.error.code, reason: (error as Error).message }, 'database unavailable');
  else request.log.info({ code: mapped.body.error.code, status: mapped.status }, 'request refused');
  return reply.code(mapped.status).headers(mapped.headers).type('application/json; charset=utf-8').send(mapped.body);
}

/**
 * Name, message, code and stack only: a database error's `detail` and `where` can quote the values
 * of a row (names, NIKs), which must never reach a log.
 */
function describeForLog(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  return { name: error.name, message: error.message, code: (error as { code?: unknown }).code, stack: error.stack };
}

/**
 * Answers malformed HTTP that never became a request (bad request line, header overflow). Node
 * would otherwise answer a bare 400; a kiosk or a proxy log reads better with the contract's body.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'bad_request', 'Request headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'bad_request', 'The request took too long to arrive']
        : [400, 'bad_request', 'Malformed HTTP request'];
  const body = JSON.stringify(errorBody(code as ApiErrorCode, message));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
